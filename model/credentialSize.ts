/**
 * Bytes a credential adds to every request, as the implementation encodes it. The constants are
 * calibrated to impl/'s encoding (base64url session IDs of 16 random bytes; compact JWS with a
 * faker profile and cart items), measured as the mean over seeded sessions; a test keeps the
 * model within 5% of the measured sizes for every cart from 0 to 50 items.
 */
import type { LedgerEntry, StrategyId } from './types.ts';

/** `base64url(16 random bytes)`. */
export const SESSION_ID_BYTES = 22;
/** A signed token with an empty cart (header, claims, profile, signature), by strategy: the claims differ. */
export const JWT_BASE_BYTES: Readonly<Partial<Record<StrategyId, number>>> = { jwt: 386, 'jwt-denylist': 438, 'jwt-refresh': 431 };
/** What one cart item adds to a token, after base64url. */
export const JWT_ITEM_BYTES = 112;
/** A jwt-refresh refresh token (it carries no cart). */
export const REFRESH_TOKEN_BYTES = 291;

export function credentialBytes(entry: Pick<LedgerEntry, 'kind' | 'items'>, strategy: StrategyId): number {
  switch (entry.kind) {
    case 'session':
      return SESSION_ID_BYTES;
    case 'refresh':
      return REFRESH_TOKEN_BYTES;
    case 'jwt':
    case 'access':
      return (JWT_BASE_BYTES[strategy] ?? JWT_BASE_BYTES.jwt!) + JWT_ITEM_BYTES * entry.items;
  }
}
