/**
 * Signing and verifying the package's JWTs with jose. Every token carries `iss`, `aud`, `sub`,
 * `iat`, `exp` and a fresh random `jti`; the header `typ` says which kind it is, so an access
 * token is never accepted as a refresh token or vice versa. Verification pins the algorithm,
 * the issuer and audience, requires the time claims, and reads "now" from the injected clock.
 */
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { clockDate, unixSeconds, type Clock } from '../clock.ts';
import { newUniqueId } from '../session/data.ts';
import { signingKeys, type KeyMaterial, type SigningKeys } from './keys.ts';

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
  /** The imported keys, once {@link signingKeys} has them (saves a wait on every call after). */
  private imported: SigningKeys | undefined;

  constructor(private readonly keys: KeyMaterial, private readonly clock: Clock) {}

  /** Signs a token of `kind`, issued now, with a fresh `jti` (or the one given: see jwt-refresh). */
  async sign(kind: TokenKind, claims: TokenClaims, options: { jti?: string } = {}): Promise<string> {
    const { sub, exp, ...rest } = claims;
    // Only lifetimes this service would accept back (a re-signed claim must stay sane).
    if (!Number.isSafeInteger(exp) || exp <= unixSeconds(this.clock) - MAX_TOKEN_LIFETIME_SECONDS || exp > unixSeconds(this.clock) + MAX_TOKEN_LIFETIME_SECONDS) {
      throw new RangeError(`token expiry ${exp} is not a whole unix time within ${MAX_TOKEN_LIFETIME_SECONDS} s of now`);
    }
    const { signKey } = this.imported ?? (this.imported = await signingKeys(this.keys));
    return new SignJWT(rest)
      .setProtectedHeader({ alg: this.keys.alg, typ: TOKEN_TYPES[kind] })
      .setSubject(sub)
      .setIssuer(this.keys.issuer)
      .setAudience(this.keys.audience)
      .setIssuedAt(unixSeconds(this.clock))
      .setExpirationTime(exp)
      .setJti(options.jti ?? newUniqueId())
      .sign(signKey);
  }

  /**
   * Verifies a token of `kind`; null when it is forged, malformed, of another kind or expired.
   * With `allowExpired`, an expired token whose signature and other claims are valid is
   * returned with `expired: true` (logout must still recognise it).
   */
  async verify(kind: TokenKind, token: string, options: { allowExpired?: boolean } = {}): Promise<VerifiedToken | null> {
    if (!canonical(token)) return null;
    try {
      const { verifyKey } = this.imported ?? (this.imported = await signingKeys(this.keys));
      const { payload } = await jwtVerify(token, verifyKey, {
        algorithms: [this.keys.alg],
        issuer: this.keys.issuer,
        audience: this.keys.audience,
        typ: TOKEN_TYPES[kind],
        requiredClaims: ['sub', 'iat', 'exp', 'jti'],
        currentDate: clockDate(this.clock),
      });
      return wellTyped(payload) && sane(payload, unixSeconds(this.clock)) ? { payload, expired: false } : null;
    } catch (error) {
      // jose checks the signature before any claim, so an expired token's payload is authentic.
      if (options.allowExpired && error instanceof errors.JWTExpired && error.claim === 'exp' && wellTyped(error.payload) && sane(error.payload, unixSeconds(this.clock))) {
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
  return segments.length === 3 && canonicalSegment(segments[0]) && canonicalSegment(segments[1]) && canonicalSegment(segments[2]);
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Decoding and re-encoding gives the segment back exactly when its length is not 1 mod 4 (a
 * lone sextet encodes no byte) and the bits of the last character past the last whole byte are
 * zero: the low 4 bits when 2 characters remain, the low 2 when 3 remain. Checked on the
 * characters, without decoding.
 */
function canonicalSegment(segment: string): boolean {
  if (!BASE64URL.test(segment)) return false;
  const rest = segment.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = ALPHABET.indexOf(segment[segment.length - 1]);
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/**
 * The longest lifetime any token of this package has (the refresh-token family, 24 h) is far below
 * this; a token claiming more was not issued here, whatever its signature says.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 7 * 86_400;

/**
 * `iat` and `exp` are whole unix seconds (JSON's `1e400` parses as Infinity: accepted forever, and
 * re-signing it throws), the token was issued no later than now, and it lives no longer than
 * {@link MAX_TOKEN_LIFETIME_SECONDS}.
 */
function sane(payload: VerifiedToken['payload'], now: number): boolean {
  const { iat, exp } = payload;
  return Number.isSafeInteger(iat) && Number.isSafeInteger(exp) && iat <= now && exp > iat && exp - iat <= MAX_TOKEN_LIFETIME_SECONDS;
}

function wellTyped(payload: JWTPayload): payload is VerifiedToken['payload'] {
  return typeof payload.sub === 'string' && typeof payload.jti === 'string' && typeof payload.exp === 'number' && typeof payload.iat === 'number';
}
