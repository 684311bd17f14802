/**
 * How the mutants reuse the built-ins' code: a node started with a changed context (clock, keys,
 * scope, peers), a node wrapped around a built-in node, or a built-in node with some of its routes
 * replaced. Replaced routes are written against `createApp`, so the shell (parsing, admin key,
 * 400/401/503 answers) stays the built-in's; every route not replaced goes to the built-in node.
 */
import type { ChainableCommander } from 'ioredis';
import { EPOCH_BASE, type Clock } from '../../impl/clock.ts';
import { createApp, type AppRoutes } from '../../impl/http/app.ts';
import type { StoreClient } from '../../impl/store/client.ts';
import type { NodeContext, SessionNode, SessionStrategy } from '../../impl/strategy.ts';

/**
 * The built-in's nodes, each started with a changed context. `change` sees the context with its
 * `redis` getter kept out of reach of a spread (`{ ...ctx }` would open a node connection the
 * built-ins never use, and an unused ioredis-mock connection is never released: about 0.3 MB per
 * system, which thousands of systems in one process exhaust); the changed context has no `redis`.
 */
export function withContext(base: SessionStrategy, name: string, change: (ctx: NodeContext) => NodeContext): SessionStrategy {
  return { name, lbPolicy: base.lbPolicy, capabilities: base.capabilities, createNode: (ctx) => base.createNode(change(hideRedis(ctx))) };
}

/** The same context with `redis` made non-enumerable (still readable on it, not copied by a spread). */
function hideRedis(ctx: NodeContext): NodeContext {
  const descriptors: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(ctx);
  if (descriptors.redis) descriptors.redis = { ...descriptors.redis, enumerable: false };
  return Object.defineProperties({}, descriptors) as NodeContext;
}

/** The built-in's nodes, each wrapped (the wrapper decides what reaches the built-in node). */
export function wrapNodes(base: SessionStrategy, name: string, wrap: (inner: SessionNode, ctx: NodeContext) => SessionNode | Promise<SessionNode>): SessionStrategy {
  return { name, lbPolicy: base.lbPolicy, capabilities: base.capabilities, createNode: async (ctx) => wrap(await base.createNode(ctx), ctx) };
}

type RouteName = keyof AppRoutes;

const ROUTE_PATHS: Record<RouteName, string> = {
  login: '/login', me: '/me', cart: '/cart', logout: '/logout', refresh: '/refresh', revoke: '/admin/revoke',
};

/** The path of a request (what the app routes on). */
export function pathOf(request: Request): string {
  return new URL(request.url).pathname;
}

/**
 * The built-in's nodes with the routes `routes` returns replaced; the others are answered by the
 * built-in node itself. `routes` runs once per node, after the built-in node started (it may keep
 * per-node state in its closure).
 */
export function withRoutes(
  base: SessionStrategy, name: string,
  routes: (ctx: NodeContext, inner: SessionNode) => Partial<AppRoutes> & { localSessionCount?: () => number },
): SessionStrategy {
  return wrapNodes(base, name, (inner, ctx) => {
    const { localSessionCount, ...replaced } = routes(ctx, inner);
    const paths = new Set(Object.keys(replaced).map((r) => ROUTE_PATHS[r as RouteName]));
    const unreachable = async (): Promise<Response> => {
      throw new Error('internal: a route that is not replaced reached the mutant app');
    };
    const app = createApp(
      { login: unreachable, me: unreachable, cart: unreachable, logout: unreachable, refresh: unreachable, revoke: unreachable, ...replaced },
      { scope: ctx.scope, adminKey: ctx.keys.adminKey, log: ctx.log },
    );
    return {
      handle: (request) => (paths.has(pathOf(request)) ? app(request) : inner.handle(request)),
      localSessionCount: localSessionCount ?? (() => (inner.localSessionCount?.() ?? 0)),
      close: () => inner.close(),
    };
  });
}

/**
 * Wall time read the way `Date.now()` code reads it, as model seconds (so tokens still carry
 * realistic unix times): it hardly moves during a run, whatever `tick` does.
 */
export const wallClock: Clock = { now: () => Math.floor(Date.now() / 1000) - EPOCH_BASE };

/** `Set-Cookie` values of a response, by cookie name (deleted cookies left out). */
export function setCookies(response: Response): Map<string, string> {
  const found = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';', 1)[0];
    const eq = pair.indexOf('=');
    const value = pair.slice(eq + 1);
    if (value !== '') found.set(pair.slice(0, eq), value);
  }
  return found;
}

/** A response with extra `Set-Cookie` headers (the body is passed on unread). */
export function withSetCookies(response: Response, cookies: readonly string[]): Response {
  const headers = new Headers(response.headers);
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(response.body, { status: response.status, headers });
}

/**
 * A store client whose keys all carry `prefix`, like ioredis's `keyPrefix` option: commands,
 * MULTI and script KEYS are prefixed; keys a Lua script builds itself are not (as with ioredis).
 */
export function prefixedStore(store: StoreClient, prefix: string): StoreClient {
  const p = (key: string) => prefix + key;
  const prefixing = (m: ChainableCommander): ChainableCommander => new Proxy(m, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'exec') return (value as () => unknown).bind(target);
      return (key: unknown, ...rest: unknown[]) => {
        (value as (...args: unknown[]) => unknown).call(target, typeof key === 'string' ? p(key) : key, ...rest);
        return prefixing(target);
      };
    },
  });
  return Object.assign(Object.create(store) as StoreClient, {
    get: (key: string) => store.get(p(key)),
    mget: (keys: readonly string[]) => store.mget(keys.map(p)),
    hmget: (key: string, fields: readonly string[]) => store.hmget(p(key), fields),
    hset: (key: string, fields: Record<string, string | number>) => store.hset(p(key), fields),
    set: (key: string, value: string, ttl?: number) => store.set(p(key), value, ttl),
    del: (key: string) => store.del(p(key)),
    multi: (build: (m: ChainableCommander) => ChainableCommander) => store.multi((m) => build(prefixing(m))),
    script: (name: string, keys: readonly string[], args: readonly (string | number)[]) => store.script(name, keys.map(p), args),
    defineScript: store.defineScript.bind(store),
  });
}
