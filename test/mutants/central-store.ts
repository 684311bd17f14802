/**
 * Mutants of `central-store` and `central-store-naive`: the built-in node with one route replaced
 * (the replacement is the built-in's route with the bug in it), its store connection or clock
 * changed, or a wrapper around it.
 */
import { randomBytes } from 'node:crypto';
import { clearedSessionCookie, sessionCookie, sessionId } from '../../impl/strategies/credentials.ts';
import { TTL_SAFETY_SECONDS } from '../../impl/strategies/central-store.ts';
import { builtinStrategy } from '../../impl/strategies/index.ts';
import { StoreUnavailableError, unauthorized } from '../../impl/errors.ts';
import { serializeCookie } from '../../impl/http/cookies.ts';
import { json } from '../../impl/http/respond.ts';
import { userName } from '../../impl/http/incoming.ts';
import { unixSeconds } from '../../impl/clock.ts';
import { TokenService } from '../../impl/jwt/tokens.ts';
import { fakeItem, fakeItemBody, fakeProfile, newSessionId, SESSION_ID_PATTERN, type CartItem } from '../../impl/session/data.ts';
import type { NodeContext, SessionStrategy } from '../../impl/strategy.ts';
import { pathOf, prefixedStore, setCookies, withContext, withRoutes, withSetCookies, wrapNodes } from './support.ts';

const central = builtinStrategy('central-store');
const naive = builtinStrategy('central-store-naive');

/** The built-in login with the session ID taken from `sid` (the one bug of the mutants that change it). */
function loginWith(ctx: NodeContext, sid: (cookie: string | undefined) => string) {
  const { store, clock, scope, faker } = ctx;
  const ttl = scope.ttl.session + TTL_SAFETY_SECONDS;
  return async (user: number, incoming: { cookies: ReadonlyMap<string, string> }) => {
    const id = sid(incoming.cookies.get('sid'));
    const exp = clock.now() + scope.ttl.session;
    const index = `user-sess:${userName(user)}`;
    await store.multi((m) => m
      .hset(`sess:${id}`, { user: userName(user), exp, profile: JSON.stringify(fakeProfile(faker)), items: 0 })
      .expire(`sess:${id}`, ttl)
      .sadd(index, id)
      .expire(index, ttl));
    return json(200, { user: userName(user) }, [sessionCookie(id)]);
  };
}

/**
 * Sessions are cached in node memory: GET /me answers from the cache and only touches the key's
 * TTL (a rolling session, still one round trip); a logout or revoke served by another node leaves
 * this node's copy alive.
 */
export const centralStoreNodeCache = withRoutes(central, 'central-store-node-cache', (ctx, inner) => {
  const { store, clock, scope } = ctx;
  const cache = new Map<string, { user: string; exp: number }>();
  const ttl = scope.ttl.session + TTL_SAFETY_SECONDS;
  return {
    async me(incoming) {
      const sid = sessionId(incoming);
      const cached = cache.get(sid);
      if (cached && clock.now() < cached.exp) {
        await store.multi((m) => m.expire(`sess:${sid}`, ttl));
        return json(200, { user: cached.user });
      }
      const [user, exp] = await store.hmget(`sess:${sid}`, ['user', 'exp']);
      if (user === null || !(clock.now() < Number(exp))) throw unauthorized();
      cache.set(sid, { user, exp: Number(exp) });
      return json(200, { user });
    },
    async logout(incoming) {
      cache.delete(sessionId(incoming));
      return inner.handle(incoming.request);
    },
    async revoke(user) {
      for (const [sid, cached] of cache) if (cached.user === userName(user)) cache.delete(sid);
      await store.script('sessioncheckRevokeUser', [`user-sess:${userName(user)}`], []);
      return json(200, { ok: true });
    },
    localSessionCount: () => [...cache.values()].filter((c) => clock.now() < c.exp).length,
  };
});

/** Revoke runs the built-in script on a misspelt index key (`user-sessions:`): it deletes nothing and answers 200. */
export const centralStoreRevokeWrongIndex = withRoutes(central, 'central-store-revoke-wrong-index', (ctx) => ({
  async revoke(user) {
    await ctx.store.script('sessioncheckRevokeUser', [`user-sessions:${userName(user)}`], []);
    return json(200, { ok: true });
  },
}));

/** Each node's store connection has its host name as key prefix (ioredis `keyPrefix`): nodes do not see each other's sessions. */
export const centralStoreHostPrefix = withContext(central, 'central-store-host-prefix', (ctx) => ({
  ...ctx, store: prefixedStore(ctx.store, `n${ctx.nodeId}:`),
}));

/** A shutdown hook deletes, from the store, the sessions this node created (a left-over of node-memory days). */
export const centralStoreShutdownCleanup = wrapNodes(central, 'central-store-shutdown-cleanup', (inner, ctx) => {
  const created = new Set<string>();
  return {
    async handle(request) {
      const response = await inner.handle(request);
      const sid = pathOf(request) === '/login' && response.status === 200 ? setCookies(response).get('sid') : undefined;
      if (sid !== undefined) created.add(sid);
      return response;
    },
    localSessionCount: () => created.size,
    async close() {
      for (const sid of created) await ctx.store.del(`sess:${sid}`).catch(() => {});
      await inner.close();
    },
  };
});

/**
 * Session IDs from a per-node counter (`node0-…0001`) that starts again when the node restarts: a
 * restarted node re-issues an ID whose session belongs to someone else, and overwrites its owner.
 */
export const centralStoreCounterSid = withRoutes(central, 'central-store-counter-sid', (ctx) => {
  let counter = 0;
  const prefix = `node${ctx.nodeId}-`;
  return { login: loginWith(ctx, () => `${prefix}${String(++counter).padStart(22 - prefix.length, '0')}`) };
});

/** When the store cannot be reached, GET /me answers from the sessions it last read ("serve stale") instead of 503. */
export const centralStoreStaleOnError = withRoutes(central, 'central-store-stale-on-error', (ctx) => {
  const { store, clock } = ctx;
  const lastRead = new Map<string, { user: string; exp: number }>();
  return {
    async me(incoming) {
      const sid = sessionId(incoming);
      let user: string | null;
      let exp: string | null;
      try {
        [user, exp] = await store.hmget(`sess:${sid}`, ['user', 'exp']);
      } catch (error) {
        const stale = lastRead.get(sid);
        if (error instanceof StoreUnavailableError && stale && clock.now() < stale.exp) return json(200, { user: stale.user });
        throw error;
      }
      if (user === null || !(clock.now() < Number(exp))) throw unauthorized(); // a miss leaves the stale copy in place
      lastRead.set(sid, { user, exp: Number(exp) });
      return json(200, { user });
    },
    localSessionCount: () => lastRead.size,
  };
});

/** GET /me no longer compares the session's `exp`: it trusts the Redis TTL, which has a day of slack. */
export const centralStoreMeIgnoresExpiry = withRoutes(central, 'central-store-me-ignores-expiry', (ctx) => ({
  async me(incoming) {
    const [user] = await ctx.store.hmget(`sess:${sessionId(incoming)}`, ['user']);
    if (user === null) throw unauthorized();
    return json(200, { user });
  },
}));

/** The cart is also carried in a signed `cart` cookie (a JWT re-signed on every addItem), so the credential grows. */
export const centralStoreCartToken = wrapNodes(central, 'central-store-cart-token', (inner, ctx) => {
  const tokens = new TokenService(ctx.keys, ctx.clock);
  return {
    async handle(request) {
      const response = await inner.handle(request);
      if (pathOf(request) !== '/cart' || response.status !== 200) return response;
      const { user } = await response.clone().json() as { user: string };
      const previous = /(?:^|;\s*)cart=([A-Za-z0-9_.-]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
      const verified = previous === undefined ? null : await tokens.verify('jwt', previous);
      const cart = Array.isArray(verified?.payload.cart) ? verified.payload.cart as CartItem[] : [];
      if (cart.length < ctx.scope.maxItems) cart.push(fakeItem(ctx.faker, cart.length + 1));
      const token = await tokens.sign('jwt', { sub: user, exp: unixSeconds(ctx.clock) + ctx.scope.ttl.session, cart });
      return withSetCookies(response, [serializeCookie('cart', token)]);
    },
    localSessionCount: () => (inner.localSessionCount?.() ?? 0),
    close: () => inner.close(),
  };
});

/** Login keeps the session ID the browser already sent (if it is well-formed) instead of issuing a new one: session fixation. */
export const centralStoreAdoptsSid = withRoutes(central, 'central-store-adopts-sid', (ctx) => ({
  login: loginWith(ctx, (cookie) => (cookie !== undefined && SESSION_ID_PATTERN.test(cookie) ? cookie : newSessionId())),
}));

/**
 * Session IDs carry 4 random bytes (a development shortcut that shipped), padded to the ID format:
 * 32 bits, which a botnet enumerates.
 */
export const centralStoreShortSid = withRoutes(central, 'central-store-short-sid', (ctx) => ({
  login: loginWith(ctx, () => randomBytes(4).toString('base64url').padEnd(22, 'A')),
}));

/**
 * Login also sets a `user` cookie for the front end to show the name, and GET /me answers with the
 * user that cookie names rather than the session's (the store is still read: the session must exist).
 */
export const centralStoreTrustsUserCookie = withRoutes(central, 'central-store-trusts-user-cookie', (ctx) => {
  const login = loginWith(ctx, () => newSessionId());
  return {
    async login(user, incoming) {
      return withSetCookies(await login(user, incoming), [serializeCookie('user', userName(user))]);
    },
    async me(incoming) {
      const [user, exp, items] = await ctx.store.hmget(`sess:${sessionId(incoming)}`, ['user', 'exp', 'items']);
      if (user === null || !(ctx.clock.now() < Number(exp))) throw unauthorized();
      return json(200, { user: incoming.cookies.get('user') ?? user, items: Number(items) });
    },
  };
});

/**
 * addItem keeps the request's user in a node-wide variable (a "current user" singleton) while it
 * waits for the store, then answers with whatever that variable holds: two users' concurrent
 * addItems on one node can each be answered as the other.
 */
export const centralStoreSharedCurrentUser = withRoutes(central, 'central-store-shared-current-user', (ctx) => {
  let current: string | null = null;
  return {
    async cart(incoming) {
      const key = `sess:${sessionId(incoming)}`;
      const [user, exp] = await ctx.store.hmget(key, ['user', 'exp']);
      if (user === null || !(ctx.clock.now() < Number(exp))) throw unauthorized();
      current = user;
      await ctx.store.script('sessioncheckAddItem', [key], [ctx.clock.now(), ctx.scope.maxItems, JSON.stringify(fakeItemBody(ctx.faker))]);
      return json(200, { user: current });
    },
  };
});

/**
 * addItem reads the cart, changes it in the node and writes it back (HMGET, then HSET): not
 * atomic, so concurrent addItem calls lose items. This is the naive built-in's node, held to the
 * atomic central-store model.
 */
export const centralStoreReadModifyWrite: SessionStrategy = { name: 'central-store-read-modify-write', lbPolicy: central.lbPolicy, createNode: naive.createNode };

/** Logout deletes a misspelt key (`session:` for `sess:`): it answers 200 and the session lives on. */
export const naiveLogoutWrongKey = withRoutes(naive, 'central-store-naive-logout-wrong-key', (ctx) => ({
  async logout(incoming) {
    await ctx.store.del(`session:${sessionId(incoming)}`);
    return json(200, { ok: true }, [clearedSessionCookie()]);
  },
}));
