/**
 * Signing and verifying the package's JWTs with jose. Every token carries `iss`, `aud`, `sub`,
 * `iat`, `exp` and a fresh random `jti`; the header `typ` says which kind it is, so an access
 * token is never accepted as a refresh token or vice versa. Verification pins the algorithm,
 * the issuer and audience, requires the time claims, and reads "now" from the injected clock.
 */
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { clockDate, unixSeconds, type Clock } from '../clock.ts';
import { newUniqueId } from '../session/data.ts';
import type { KeyMaterial } from './keys.ts';

/** Token kinds and the `typ` header each is signed with. */
export const TOKEN_TYPES = { jwt: 'JWT', access: 'at+jwt', refresh: 'rt+jwt' } as const;
export type TokenKind = keyof typeof TOKEN_TYPES;

/** Claims a caller chooses; the service adds `iss`, `aud`, `iat` and `jti`. */
export interface TokenClaims {
  readonly sub: string;
  /** Absolute expiry in unix seconds (see `unixSeconds`). */
  readonly exp: number;
  readonly [claim: string]: unknown;
}

/** A verified token's payload. `expired` is only ever true with `allowExpired`. */
export interface VerifiedToken {
  readonly payload: JWTPayload & { sub: string; exp: number; iat: number; jti: string };
  readonly expired: boolean;
}

/** Signs and verifies tokens for one system (shared keys, one clock). */
export class TokenService {
  constructor(private readonly keys: KeyMaterial, private readonly clock: Clock) {}

  /** Signs a token of `kind`, issued now, with a fresh `jti` (or the one given: see jwt-refresh). */
  async sign(kind: TokenKind, claims: TokenClaims, options: { jti?: string } = {}): Promise<string> {
    const { sub, exp, ...rest } = claims;
    return new SignJWT(rest)
      .setProtectedHeader({ alg: this.keys.alg, typ: TOKEN_TYPES[kind] })
      .setSubject(sub)
      .setIssuer(this.keys.issuer)
      .setAudience(this.keys.audience)
      .setIssuedAt(unixSeconds(this.clock))
      .setExpirationTime(exp)
      .setJti(options.jti ?? newUniqueId())
      .sign(this.keys.signKey);
  }

  /**
   * Verifies a token of `kind`; null when it is forged, malformed, of another kind or expired.
   * With `allowExpired`, an expired token whose signature and other claims are valid is
   * returned with `expired: true` (logout must still recognise it).
   */
  async verify(kind: TokenKind, token: string, options: { allowExpired?: boolean } = {}): Promise<VerifiedToken | null> {
    if (!canonical(token)) return null;
    try {
      const { payload } = await jwtVerify(token, this.keys.verifyKey, {
        algorithms: [this.keys.alg],
        issuer: this.keys.issuer,
        audience: this.keys.audience,
        typ: TOKEN_TYPES[kind],
        requiredClaims: ['sub', 'iat', 'exp', 'jti'],
        currentDate: clockDate(this.clock),
      });
      return wellTyped(payload) ? { payload, expired: false } : null;
    } catch (error) {
      // jose checks the signature before any claim, so an expired token's payload is authentic.
      if (options.allowExpired && error instanceof errors.JWTExpired && error.claim === 'exp' && wellTyped(error.payload)) {
        return { payload: error.payload, expired: true };
      }
      return null;
    }
  }
}

/**
 * Whether every segment is canonical base64url (RFC 7515 §2: no padding, unused bits zero).
 * jose decodes leniently, so `sig=` or a last character with other unused bits would verify as
 * the same signature: a second spelling of one token, which anything keyed on the token's text
 * (a cache, a denylist by hash, a log search) would treat as another token.
 */
function canonical(token: string): boolean {
  const segments = token.split('.');
  return segments.length === 3 && segments.every((s) => /^[A-Za-z0-9_-]*$/.test(s) && Buffer.from(s, 'base64url').toString('base64url') === s);
}

function wellTyped(payload: JWTPayload): payload is VerifiedToken['payload'] {
  return typeof payload.sub === 'string' && typeof payload.jti === 'string' && typeof payload.exp === 'number' && typeof payload.iat === 'number';
}
