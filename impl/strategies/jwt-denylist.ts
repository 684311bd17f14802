/**
 * `jwt-denylist`: a JWT (1 h) plus revocation state in the store, checked on every request in
 * one round trip (MGET of the token's deny entry and the user's epoch), failing closed (503)
 * while the store is down. Logout denies the token's session (`sid`: the token and every token
 * re-signed from it for a bigger cart) until its expiry; an admin revoke
 * stores a fresh random revocation epoch for the user (never a counter: a counter restarts after
 * a store wipe and can match an old token again). Login reads the epoch into the token (`ep`).
 *
 * Layout: `deny:{sid}` = token exp (unix seconds); `epoch:{uN}` = random epoch, no TTL.
 */
import { json } from '../http/respond.ts';
import { createApp } from '../http/app.ts';
import { userName } from '../http/incoming.ts';
import { unauthorized } from '../errors.ts';
import { unixSeconds } from '../clock.ts';
import { TokenService, type VerifiedToken } from '../jwt/tokens.ts';
import { fakeProfile, newUniqueId } from '../session/data.ts';
import type { NodeContext, SessionNode, SessionStrategy } from '../strategy.ts';
import { bearerToken } from './credentials.ts';
import { addItemTo, cartOf } from './cart-claims.ts';
import { TTL_SAFETY_SECONDS } from './central-store.ts';

/** The built-in `jwt-denylist` strategy. */
export const jwtDenylistStrategy: SessionStrategy = {
  name: 'jwt-denylist',
  lbPolicy: 'round-robin',
  createNode: createDenylistNode,
};

function createDenylistNode(ctx: NodeContext): SessionNode {
  const { store, clock, scope, faker } = ctx;
  const tokens = new TokenService(ctx.keys, clock);

  /** Verifies locally (no trip), then checks deny entry and epoch in one round trip. */
  const check = async (token: string): Promise<VerifiedToken['payload']> => {
    const verified = await tokens.verify('jwt', token);
    if (!verified || typeof verified.payload.ep !== 'string' || typeof verified.payload.sid !== 'string') throw unauthorized();
    const { payload } = verified;
    const [denied, epoch] = await store.mget([`deny:${payload.sid}`, `epoch:${payload.sub}`]);
    if (denied !== null && unixSeconds(clock) < Number(denied)) throw unauthorized('token was logged out');
    if ((epoch ?? '') !== payload.ep) throw unauthorized('token was revoked');
    return payload;
  };

  const handle = createApp(
    {
      async login(user) {
        const sub = userName(user);
        const ep = (await store.get(`epoch:${sub}`)) ?? '';
        // `sid` names the session: every token re-signed from this one (a bigger cart) keeps it,
        // so a logout denies them all, not only the newest `jti`.
        const token = await tokens.sign('jwt', { sub, sid: newUniqueId(), exp: unixSeconds(clock) + scope.ttl.jwt, ep, profile: fakeProfile(faker), cart: [] });
        return json(200, { user: sub, token });
      },
      async me(incoming) {
        const payload = await check(bearerToken(incoming));
        return json(200, { user: payload.sub, items: cartOf(payload).length });
      },
      async cart(incoming) {
        const payload = await check(bearerToken(incoming));
        const token = await tokens.sign('jwt', addItemTo(payload, faker, scope.maxItems));
        return json(200, { user: payload.sub, token });
      },
      async logout(incoming) {
        const verified = await tokens.verify('jwt', bearerToken(incoming), { allowExpired: true });
        if (!verified) throw unauthorized();
        // An expired token can never be accepted again: nothing left to deny.
        if (!verified.expired && typeof verified.payload.sid === 'string') {
          const { sid, exp } = verified.payload;
          await store.set(`deny:${sid}`, String(exp), exp - unixSeconds(clock) + TTL_SAFETY_SECONDS);
        }
        return json(200, { ok: true });
      },
      async refresh() {
        throw unauthorized('this strategy has no refresh tokens');
      },
      async revoke(user) {
        await store.set(`epoch:${userName(user)}`, newUniqueId());
        return json(200, { ok: true });
      },
    },
    { scope, adminKey: ctx.keys.adminKey, log: ctx.log },
  );
  return { handle, localSessionCount: () => 0, close: async () => {} };
}
