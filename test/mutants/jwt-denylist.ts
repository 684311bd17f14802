/**
 * Mutants of `jwt-denylist`: the built-in node with one or two routes replaced by the built-in's
 * routes with the bug in them.
 */
import { unixSeconds } from '../../impl/clock.ts';
import { StoreUnavailableError, unauthorized } from '../../impl/errors.ts';
import { json } from '../../impl/http/respond.ts';
import { userName, type Incoming } from '../../impl/http/incoming.ts';
import { TokenService, type VerifiedToken } from '../../impl/jwt/tokens.ts';
import { addItemTo } from '../../impl/strategies/cart-claims.ts';
import { bearerToken } from '../../impl/strategies/credentials.ts';
import { builtinStrategy } from '../../impl/strategies/index.ts';
import type { AppRoutes } from '../../impl/http/app.ts';
import type { NodeContext } from '../../impl/strategy.ts';
import { TTL_SAFETY_SECONDS } from '../../impl/strategies/central-store.ts';
import { withRoutes } from './support.ts';

const denylist = builtinStrategy('jwt-denylist');

type Payload = VerifiedToken['payload'];

/** How a request's token is checked against the store, given its verified payload. */
type StoreCheck = (payload: Payload, ctx: NodeContext) => Promise<void>;

/** The built-in check: deny entry and epoch in one MGET, failing closed (503) when the store is down. */
const builtinCheck: StoreCheck = async (payload, { store, clock }) => {
  const [denied, epoch] = await store.mget([`deny:${payload.sid}`, `epoch:${payload.sub}`]);
  if (denied !== null && unixSeconds(clock) < Number(denied)) throw unauthorized('token was logged out');
  if ((epoch ?? '') !== payload.ep) throw unauthorized('token was revoked');
};

/** The built-in `/me` and `/cart` routes with the store check `storeCheck`. */
function requestRoutes(ctx: NodeContext, storeCheck: StoreCheck): Pick<AppRoutes, 'me' | 'cart'> {
  const tokens = new TokenService(ctx.keys, ctx.clock);
  const check = async (incoming: Incoming): Promise<Payload> => {
    const verified = await tokens.verify('jwt', bearerToken(incoming));
    if (!verified || typeof verified.payload.ep !== 'string' || typeof verified.payload.sid !== 'string') throw unauthorized();
    await storeCheck(verified.payload, ctx);
    return verified.payload;
  };
  return {
    async me(incoming) {
      const payload = await check(incoming);
      return json(200, { user: payload.sub });
    },
    async cart(incoming) {
      const payload = await check(incoming);
      const token = await tokens.sign('jwt', addItemTo(payload, ctx.faker, ctx.scope.maxItems));
      return json(200, { user: payload.sub, token });
    },
  };
}

/** When the store cannot be reached, requests skip the denylist ("fail open") instead of answering 503. */
export const jwtDenylistFailOpen = withRoutes(denylist, 'jwt-denylist-fail-open', (ctx) => requestRoutes(ctx, async (payload, c) => {
  try {
    await builtinCheck(payload, c);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
  }
}));

/** The request check reads the token's deny entry only: the epoch an admin revoke writes is never compared. */
export const jwtDenylistIgnoresEpoch = withRoutes(denylist, 'jwt-denylist-ignores-epoch', (ctx) => requestRoutes(ctx, async (payload, { store, clock }) => {
  const [denied] = await store.mget([`deny:${payload.sid}`]);
  if (denied !== null && unixSeconds(clock) < Number(denied)) throw unauthorized('token was logged out');
}));

/**
 * Revoke increments a counter (INCR) as the user's epoch instead of storing a fresh random value:
 * after a store wipe the counter starts again and a new revoke can produce the epoch an older
 * token carries.
 */
export const jwtDenylistCounterEpoch = withRoutes(denylist, 'jwt-denylist-counter-epoch', (ctx) => ({
  async revoke(user) {
    await ctx.store.multi((m) => m.incr(`epoch:${userName(user)}`));
    return json(200, { ok: true });
  },
}));

/**
 * The denylist is keyed by the token's `jti` (the textbook pattern) instead of its session `sid`:
 * logout denies the token it was sent, while every token re-signed before it (an addItem mints a
 * new `jti` in the same session) stays valid until its own `exp`.
 */
export const jwtDenylistLogoutJtiOnly = withRoutes(denylist, 'jwt-denylist-logout-jti-only', (ctx) => {
  const tokens = new TokenService(ctx.keys, ctx.clock);
  const byJti: StoreCheck = async (payload, { store, clock }) => {
    const [denied, epoch] = await store.mget([`deny:${payload.jti}`, `epoch:${payload.sub}`]);
    if (denied !== null && unixSeconds(clock) < Number(denied)) throw unauthorized('token was logged out');
    if ((epoch ?? '') !== payload.ep) throw unauthorized('token was revoked');
  };
  return {
    ...requestRoutes(ctx, byJti),
    async logout(incoming) {
      const verified = await tokens.verify('jwt', bearerToken(incoming), { allowExpired: true });
      if (!verified) throw unauthorized();
      if (!verified.expired) {
        const { jti, exp } = verified.payload;
        await ctx.store.set(`deny:${jti}`, String(exp), exp - unixSeconds(ctx.clock) + TTL_SAFETY_SECONDS);
      }
      return json(200, { ok: true });
    },
  };
});
