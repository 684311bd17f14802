/**
 * Key material shared by every node of a system: the JWT signing keys (HS256 by default, ES256
 * as an option) and the admin key that guards `/admin/*`. Nodes share keys so any node can
 * verify any token (that is what makes JWTs stateless).
 */
import { randomBytes } from 'node:crypto';
import { generateKeyPair, type CryptoKey } from 'jose';

/** Signature algorithms the package signs with; verification allows only the configured one. */
export type JwtAlgorithm = 'HS256' | 'ES256';

/** Keys of one system under test. */
export interface KeyMaterial {
  readonly alg: JwtAlgorithm;
  readonly signKey: CryptoKey | Uint8Array;
  readonly verifyKey: CryptoKey | Uint8Array;
  /** Secret for the `x-admin-key` header. */
  readonly adminKey: string;
  /** `iss` and `aud` every token carries and every verifier checks. */
  readonly issuer: string;
  readonly audience: string;
}

/** The keys as jose is handed them: CryptoKeys (jose would import a raw secret on every call). */
export interface SigningKeys {
  readonly signKey: CryptoKey;
  readonly verifyKey: CryptoKey;
}

const imported = new WeakMap<KeyMaterial, Promise<SigningKeys>>();

/**
 * The CryptoKeys of a key set, imported once per {@link KeyMaterial} object (its keys never
 * change). An HS256 secret becomes a non-extractable WebCrypto HMAC key; ES256 keys from
 * `generateKeyPair` or `importJWK` already are CryptoKeys. Given a raw secret, jose runs the same
 * `importKey` on every sign and verify, which costs more than the HMAC itself.
 */
export function signingKeys(keys: KeyMaterial): Promise<SigningKeys> {
  let found = imported.get(keys);
  if (found === undefined) {
    found = keys.signKey === keys.verifyKey
      ? asCryptoKey(keys.alg, keys.signKey, ['sign', 'verify']).then((key) => ({ signKey: key, verifyKey: key }))
      : Promise.all([asCryptoKey(keys.alg, keys.signKey, ['sign']), asCryptoKey(keys.alg, keys.verifyKey, ['verify'])])
        .then(([signKey, verifyKey]) => ({ signKey, verifyKey }));
    imported.set(keys, found);
  }
  return found;
}

async function asCryptoKey(alg: JwtAlgorithm, key: CryptoKey | Uint8Array, usages: KeyUsage[]): Promise<CryptoKey> {
  if (!(key instanceof Uint8Array)) return key;
  if (alg !== 'HS256') throw new TypeError(`a raw secret is a key only for HS256, not ${alg}`);
  return crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, usages);
}

/** Fresh random keys for `alg`. */
export async function generateKeys(alg: JwtAlgorithm = 'HS256'): Promise<KeyMaterial> {
  const common = { alg, adminKey: randomBytes(24).toString('base64url'), issuer: 'sessioncheck', audience: 'sessioncheck-app' };
  if (alg === 'HS256') {
    const secret = new Uint8Array(randomBytes(32));
    return { ...common, signKey: secret, verifyKey: secret };
  }
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { ...common, signKey: privateKey, verifyKey: publicKey };
}
