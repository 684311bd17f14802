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
