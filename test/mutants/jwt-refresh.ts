/**
 * Mutants of `jwt-refresh`: the built-in node with one route replaced by the built-in's route
 * with the bug in it (some with a changed rotation script), its scope changed, or a wrapper.
 */
import { EPOCH_BASE, unixSeconds } from '../../impl/clock.ts';
import { unauthorized } from '../../impl/errors.ts';
import { json } from '../../impl/http/respond.ts';
import { TokenService } from '../../impl/jwt/tokens.ts';
import { fakeProfile, newUniqueId } from '../../impl/session/data.ts';
import { addItemTo, cartOf } from '../../impl/strategies/cart-claims.ts';
import { bearerToken, refreshTokenFromBody } from '../../impl/strategies/credentials.ts';
import { builtinStrategy } from '../../impl/strategies/index.ts';
import { ROTATE } from '../../impl/strategies/jwt-refresh.ts';
import type { AppRoutes } from '../../impl/http/app.ts';
import type { NodeContext } from '../../impl/strategy.ts';
import { pathOf, withContext, withRoutes, wrapNodes } from './support.ts';

const refreshing = builtinStrategy('jwt-refresh');

/**
 * The built-in `/refresh` route, running the rotation script `script` (defined on the node's
 * connection under `name`) with ARGV [now, jti, nextJti, sub, familyExp]; `rotate: false` keeps
 * the presented refresh token (the same jti stays current, no new refresh token is issued).
 */
function refreshRoute(ctx: NodeContext, name: string, script: string, rotate = true): AppRoutes['refresh'] {
  const { store, clock, scope, faker } = ctx;
  const tokens = new TokenService(ctx.keys, clock);
  store.defineScript(name, { numberOfKeys: 1, lua: script });
  return async (incoming) => {
    const presented = await tokens.verify('refresh', await refreshTokenFromBody(incoming));
    if (!presented || typeof presented.payload.fam !== 'string') throw unauthorized();
    const { sub, fam, exp, jti } = presented.payload;
    const nextJti = rotate ? newUniqueId() : jti;
    const verdict = await store.script(name, [`fam:${fam}`], [clock.now(), jti, nextJti, sub, exp - EPOCH_BASE]);
    if (verdict !== 'ok') throw unauthorized(verdict === 'reuse' ? 'refresh token reused: family revoked' : 'refresh token revoked');
    const previous = incoming.bearer === null ? null : await tokens.verify('access', incoming.bearer, { allowExpired: true });
    const carried = previous && previous.payload.sub === sub ? previous.payload : null;
    const accessToken = await tokens.sign('access', {
      sub, exp: unixSeconds(clock) + scope.ttl.access, fam, profile: carried?.profile ?? fakeProfile(faker), cart: carried ? cartOf(carried) : [],
    });
    if (!rotate) return json(200, { user: sub, accessToken });
    const refreshToken = await tokens.sign('refresh', { sub, exp, fam }, { jti: nextJti });
    return json(200, { user: sub, accessToken, refreshToken });
  };
}

/** `script` with `from` replaced by `to` (throws when the built-in script no longer contains `from`). */
function edited(script: string, from: string, to: string): string {
  if (!script.includes(from)) throw new Error(`the built-in script no longer contains ${JSON.stringify(from)}`);
  return script.replace(from, to);
}

/**
 * Every request also checks, in the store, that the access token's family is not revoked (one
 * HMGET): revocation gets faster, and every ordinary request now costs a round trip.
 */
export const jwtRefreshFamilyCheck = withRoutes(refreshing, 'jwt-refresh-family-check', (ctx) => {
  const { store, clock, scope, faker } = ctx;
  const tokens = new TokenService(ctx.keys, clock);
  const verifyAccess = async (token: string) => {
    const verified = await tokens.verify('access', token);
    if (!verified) throw unauthorized();
    const [revoked] = await store.hmget(`fam:${String(verified.payload.fam)}`, ['revoked']);
    if (revoked === '1') throw unauthorized('family revoked');
    return verified;
  };
  return {
    async me(incoming) {
      const { payload } = await verifyAccess(bearerToken(incoming));
      return json(200, { user: payload.sub });
    },
    async cart(incoming) {
      const { payload } = await verifyAccess(bearerToken(incoming));
      const accessToken = await tokens.sign('access', addItemTo(payload, faker, scope.maxItems));
      return json(200, { user: payload.sub, accessToken });
    },
  };
});

/**
 * A node that saw a store failure goes into "degraded mode" and answers 503 to every request
 * until one of its store calls succeeds again, although access tokens need no store.
 */
export const jwtRefreshDegradedMode = wrapNodes(refreshing, 'jwt-refresh-degraded-mode', (inner) => {
  let degraded = false;
  return {
    async handle(request) {
      const path = pathOf(request);
      const ordinary = path === '/me' || path === '/cart';
      if (degraded && ordinary) return json(503, { error: 'ERR_STORE_UNAVAILABLE', message: 'degraded: the store is unavailable' });
      const response = await inner.handle(request);
      if (response.status === 503) degraded = true;
      else if (response.status === 200 && !ordinary) degraded = false; // login, refresh, logout and revoke reached the store
      return response;
    },
    localSessionCount: () => (inner.localSessionCount?.() ?? 0),
    close: () => inner.close(),
  };
});

/**
 * A refresh whose family is not in the store (e.g. after a store restart) re-creates the family
 * from the signed refresh token instead of refusing it: revoked families come back after a wipe.
 */
export const jwtRefreshRecreatesFamily = withRoutes(refreshing, 'jwt-refresh-recreates-family', (ctx) => ({
  refresh: refreshRoute(ctx, 'mutantRotateOrRecreate', edited(
    ROTATE,
    "if not user then return 'missing' end",
    "if not user then\n  redis.call('HSET', KEYS[1], 'user', ARGV[4], 'current', ARGV[3], 'revoked', '0', 'exp', ARGV[5])\n  return 'ok'\nend",
  )),
}));

/** Access tokens get the plain-JWT lifetime (1 h) instead of 5 minutes: a revoke takes an hour to bite. */
export const jwtRefreshLongAccess = withContext(refreshing, 'jwt-refresh-long-access', (ctx) => ({
  ...ctx, scope: { ...ctx.scope, ttl: { ...ctx.scope.ttl, access: ctx.scope.ttl.jwt } },
}));

/** Refresh does not rotate: it answers a new access token and the same refresh token stays valid, so a stolen copy keeps working. */
export const jwtRefreshNoRotation = withRoutes(refreshing, 'jwt-refresh-no-rotation', (ctx) => ({
  refresh: refreshRoute(ctx, 'sessioncheckRotate', ROTATE, false),
}));

/** A rotated-out refresh token is refused, but the family is not revoked: the thief's reuse goes unpunished. */
export const jwtRefreshNoReuseRevoke = withRoutes(refreshing, 'jwt-refresh-no-reuse-revoke', (ctx) => ({
  refresh: refreshRoute(ctx, 'mutantRotateNoRevoke', edited(ROTATE, "  redis.call('HSET', KEYS[1], 'revoked', '1')\n", '')),
}));
