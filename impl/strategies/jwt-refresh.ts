/**
 * `jwt-refresh`: a short access token (5 min) that is never looked up, plus a rotating refresh
 * token whose family lives in the store. Presenting a rotated-out refresh token revokes the whole
 * family (reuse detection, RFC 9700 §4.14.2); logout and admin revoke revoke families. Each store
 * interaction is one atomic round trip (MULTI at login, Lua scripts otherwise).
 *
 * Layout: `fam:{id}` hash {user, current (jti of the valid refresh token), revoked, exp};
 * `user-fams:{uN}` set of family IDs. `exp` is model-clock seconds; Redis TTLs are a safety net.
 */
import { json } from '../http/respond.ts';
import { createApp } from '../http/app.ts';
import { userName } from '../http/incoming.ts';
import { unauthorized } from '../errors.ts';
import { EPOCH_BASE, unixSeconds } from '../clock.ts';
import { TokenService } from '../jwt/tokens.ts';
import { fakeProfile, newUniqueId } from '../session/data.ts';
import type { NodeContext, SessionNode, SessionStrategy } from '../strategy.ts';
import { bearerToken, refreshTokenFromBody } from './credentials.ts';
import { addItemTo, cartOf } from './cart-claims.ts';
import { TTL_SAFETY_SECONDS } from './central-store.ts';

/** Checks and rotates in one step; answers ok | missing | revoked | reuse. */
export const ROTATE = `
local user = redis.call('HGET', KEYS[1], 'user')
if not user then return 'missing' end
if tonumber(redis.call('HGET', KEYS[1], 'exp')) <= tonumber(ARGV[1]) then return 'missing' end
if redis.call('HGET', KEYS[1], 'revoked') == '1' then return 'revoked' end
if redis.call('HGET', KEYS[1], 'current') ~= ARGV[2] then
  redis.call('HSET', KEYS[1], 'revoked', '1')
  return 'reuse'
end
redis.call('HSET', KEYS[1], 'current', ARGV[3])
return 'ok'`;

export const REVOKE_FAMILY = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'revoked', '1') end
return 1`;

export const REVOKE_USER = `
local ids = redis.call('SMEMBERS', KEYS[1])
for i = 1, #ids do
  if redis.call('EXISTS', 'fam:' .. ids[i]) == 1 then redis.call('HSET', 'fam:' .. ids[i], 'revoked', '1') end
end
return #ids`;

/** The built-in `jwt-refresh` strategy. */
export const jwtRefreshStrategy: SessionStrategy = {
  name: 'jwt-refresh',
  lbPolicy: 'round-robin',
  capabilities: { refreshTokens: true },
  createNode: createRefreshNode,
};

function createRefreshNode(ctx: NodeContext): SessionNode {
  const { store, clock, scope, faker } = ctx;
  const tokens = new TokenService(ctx.keys, clock);
  store.defineScript('sessioncheckRotate', { numberOfKeys: 1, lua: ROTATE });
  store.defineScript('sessioncheckRevokeFamily', { numberOfKeys: 1, lua: REVOKE_FAMILY });
  store.defineScript('sessioncheckRevokeUserFamilies', { numberOfKeys: 1, lua: REVOKE_USER });
  const accessExp = () => unixSeconds(clock) + scope.ttl.access;
  const verifyAccess = async (token: string) => (await tokens.verify('access', token)) ?? Promise.reject(unauthorized());

  const handle = createApp(
    {
      async login(user) {
        const sub = userName(user);
        const fam = newUniqueId();
        const familyExp = clock.now() + scope.ttl.refresh;
        const refreshJti = newUniqueId();
        const refreshToken = await tokens.sign('refresh', { sub, exp: EPOCH_BASE + familyExp, fam }, { jti: refreshJti });
        const accessToken = await tokens.sign('access', { sub, exp: accessExp(), fam, profile: fakeProfile(faker), cart: [] });
        const ttl = scope.ttl.refresh + TTL_SAFETY_SECONDS;
        await store.multi((m) => m
          .hset(`fam:${fam}`, { user: sub, current: refreshJti, revoked: '0', exp: familyExp })
          .expire(`fam:${fam}`, ttl)
          .sadd(`user-fams:${sub}`, fam)
          .expire(`user-fams:${sub}`, ttl));
        return json(200, { user: sub, accessToken, refreshToken });
      },
      async me(incoming) {
        const { payload } = await verifyAccess(bearerToken(incoming));
        return json(200, { user: payload.sub, items: cartOf(payload).length });
      },
      async cart(incoming) {
        const { payload } = await verifyAccess(bearerToken(incoming));
        const accessToken = await tokens.sign('access', addItemTo(payload, faker, scope.maxItems));
        return json(200, { user: payload.sub, accessToken });
      },
      async refresh(incoming) {
        const presented = await tokens.verify('refresh', await refreshTokenFromBody(incoming));
        if (!presented || typeof presented.payload.fam !== 'string') throw unauthorized();
        const { sub, fam, exp, jti } = presented.payload;
        const nextJti = newUniqueId();
        // The cart travels in the (possibly expired) access token sent along; it is not a credential.
        const previous = incoming.bearer === null ? null : await tokens.verify('access', incoming.bearer, { allowExpired: true });
        const carried = previous && previous.payload.sub === sub ? previous.payload : null;
        // Sign first, rotate after: a failure before the rotation leaves the presented token current
        // (rotating first and then failing would make the user's next refresh look like a reuse,
        // and revoke a legitimate family).
        const refreshToken = await tokens.sign('refresh', { sub, exp, fam }, { jti: nextJti });
        const accessToken = await tokens.sign('access', {
          sub, exp: accessExp(), fam, profile: carried?.profile ?? fakeProfile(faker), cart: carried ? cartOf(carried) : [],
        });
        const verdict = await store.script('sessioncheckRotate', [`fam:${fam}`], [clock.now(), jti, nextJti]);
        if (verdict !== 'ok') throw unauthorized(verdict === 'reuse' ? 'refresh token reused: family revoked' : 'refresh token revoked');
        return json(200, { user: sub, accessToken, refreshToken });
      },
      async logout(incoming) {
        const presented = await tokens.verify('refresh', await refreshTokenFromBody(incoming), { allowExpired: true });
        if (!presented || typeof presented.payload.fam !== 'string') throw unauthorized();
        await store.script('sessioncheckRevokeFamily', [`fam:${presented.payload.fam}`], []);
        return json(200, { ok: true });
      },
      async revoke(user) {
        await store.script('sessioncheckRevokeUserFamilies', [`user-fams:${userName(user)}`], []);
        return json(200, { ok: true });
      },
    },
    { scope, adminKey: ctx.keys.adminKey, log: ctx.log },
  );
  return { handle, localSessionCount: () => 0, close: async () => {} };
}
