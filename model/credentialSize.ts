/**
 * Bytes a credential adds to every request, as the implementation encodes it. The constants are
 * calibrated to impl/'s encoding (base64url session IDs of 16 random bytes; compact JWS with a
 * faker profile and cart items); a test keeps the model within a few percent of measured sizes.
 */
import type { LedgerEntry } from './types.ts';

/** `base64url(16 random bytes)`. */
export const SESSION_ID_BYTES = 22;
/** A signed token with an empty cart: header, claims, profile and signature. */
export const JWT_BASE_BYTES = 420;
/** What one cart item adds to a token, after base64url. */
export const JWT_ITEM_BYTES = 110;

export function credentialBytes(entry: Pick<LedgerEntry, 'kind' | 'items'>): number {
  switch (entry.kind) {
    case 'session':
      return SESSION_ID_BYTES;
    case 'refresh':
      return JWT_BASE_BYTES;
    case 'jwt':
    case 'access':
      return JWT_BASE_BYTES + JWT_ITEM_BYTES * entry.items;
  }
}
