/**
 * The cart carried inside a token: reading it from verified claims and producing the claims of
 * the re-signed, bigger token. Shared by the three JWT strategies.
 */
import type { Faker } from '@faker-js/faker';
import type { JWTPayload } from 'jose';
import type { TokenClaims } from '../jwt/tokens.ts';
import { fakeItem, type CartItem } from '../session/data.ts';

/** The cart array of a verified payload (an absent or malformed one reads as empty). */
export function cartOf(payload: JWTPayload): CartItem[] {
  return Array.isArray(payload.cart) ? (payload.cart as CartItem[]) : [];
}

/**
 * Claims for the token that replaces `payload` after adding one item (unless the cart is full):
 * everything carried over except the registered claims the signer sets afresh (`iat`, `jti`,
 * `iss`, `aud`); `exp` is kept, so adding items never extends a session.
 */
export function addItemTo(payload: JWTPayload & { sub: string; exp: number }, faker: Faker, maxItems: number): TokenClaims {
  const { iat: _iat, jti: _jti, iss: _iss, aud: _aud, nbf: _nbf, ...kept } = payload;
  const cart = cartOf(payload);
  return { ...kept, sub: payload.sub, exp: payload.exp, cart: cart.length < maxItems ? [...cart, fakeItem(faker, cart.length + 1)] : cart };
}
