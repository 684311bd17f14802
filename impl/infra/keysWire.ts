/** Key material across a process boundary (to node worker processes, over a loopback control call). */
import { exportJWK, importJWK, type JWK } from 'jose';
import type { KeyMaterial } from '../jwt/keys.ts';

/** JSON form of {@link KeyMaterial}. */
export interface WireKeys {
  readonly alg: KeyMaterial['alg'];
  readonly sign: JWK | string;
  readonly verify: JWK | string;
  readonly adminKey: string;
  readonly issuer: string;
  readonly audience: string;
}

/** Keys to JSON (an HS256 secret as base64url, ES256 keys as JWKs). */
export async function keysToWire(keys: KeyMaterial): Promise<WireKeys> {
  const out = async (k: KeyMaterial['signKey']): Promise<JWK | string> => (k instanceof Uint8Array ? Buffer.from(k).toString('base64url') : exportJWK(k));
  return { alg: keys.alg, sign: await out(keys.signKey), verify: await out(keys.verifyKey), adminKey: keys.adminKey, issuer: keys.issuer, audience: keys.audience };
}

/** JSON back to keys. */
export async function keysFromWire(wire: WireKeys): Promise<KeyMaterial> {
  const back = async (k: JWK | string): Promise<KeyMaterial['signKey']> => {
    if (typeof k === 'string') return new Uint8Array(Buffer.from(k, 'base64url'));
    return importJWK(k, wire.alg);
  };
  return { alg: wire.alg, signKey: await back(wire.sign), verifyKey: await back(wire.verify), adminKey: wire.adminKey, issuer: wire.issuer, audience: wire.audience };
}
