/**
 * Mutants of the node-memory built-ins (`in-memory`, `sticky`: one node code, two balancers).
 * Most wrap the built-in node or change its context; two need the node's own code, so
 * `forkedMemoryNode` is a copy of `createMemoryNode` (impl/strategies/node-memory.ts) with one
 * seam per mutant, the built-in's behaviour when the seam is left alone.
 */
import { clearedSessionCookie, sessionCookie, sessionId } from '../../impl/strategies/credentials.ts';
import { builtinStrategy } from '../../impl/strategies/index.ts';
import { createApp, ADMIN_KEY_HEADER } from '../../impl/http/app.ts';
import { serializeCookie } from '../../impl/http/cookies.ts';
import { json } from '../../impl/http/respond.ts';
import { userName } from '../../impl/http/incoming.ts';
import { unauthorized } from '../../impl/errors.ts';
import { fakeItem, fakeProfile, newSessionId, type CartItem, type Profile } from '../../impl/session/data.ts';
import type { LbPolicy } from '../../model/types.ts';
import type { NodeContext, SessionNode, SessionStrategy } from '../../impl/strategy.ts';
import { pathOf, wallClock, withContext, withRoutes, withSetCookies, wrapNodes } from './support.ts';

const inMemory = builtinStrategy('in-memory');
const sticky = builtinStrategy('sticky');

/** Revoke clears the serving node's memory only: the fan-out to the peers was dropped. */
export const inMemoryRevokeLocalOnly = withContext(inMemory, 'in-memory-revoke-local-only', (ctx) => ({ ...ctx, peers: () => [] }));

/** The peer list is read once at boot: nodes started after this one never get its revoke fan-out. */
export const stickyRevokePeersAtBoot = withContext(sticky, 'sticky-revoke-peers-at-boot', (ctx) => {
  const atBoot = ctx.peers();
  return { ...ctx, peers: () => atBoot };
});

/** Logout clears the client's cookie and answers 200, but leaves the session in the node's memory. */
export const stickyLogoutCookieOnly = withRoutes(sticky, 'sticky-logout-cookie-only', () => ({
  async logout() {
    return json(200, { ok: true }, [clearedSessionCookie()]);
  },
}));

/** Session expiry reads wall time (`Date.now()`) instead of `ctx.clock`. */
export const stickyWallClock = withContext(sticky, 'sticky-wall-clock', (ctx) => ({ ...ctx, clock: wallClock }));

/** The cart is mirrored into a `cart` cookie (the whole cart, as JSON) for the front end to render. */
export const stickyCartCookie = wrapNodes(sticky, 'sticky-cart-cookie', (inner, ctx) => ({
  async handle(request) {
    const response = await inner.handle(request);
    if (pathOf(request) !== '/cart' || response.status !== 200) return response;
    const previous = /(?:^|;\s*)cart=([A-Za-z0-9_-]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
    const cart: CartItem[] = previous ? JSON.parse(Buffer.from(previous, 'base64url').toString('utf8')) : [];
    if (cart.length < ctx.scope.maxItems) cart.push(fakeItem(ctx.faker, cart.length + 1));
    return withSetCookies(response, [serializeCookie('cart', Buffer.from(JSON.stringify(cart)).toString('base64url'))]);
  },
  localSessionCount: () => (inner.localSessionCount?.() ?? 0),
  close: () => inner.close(),
}));

// ---------------------------------------------------------------------------------------------
// A copy of the built-in node, for the mutants that change its own code.

interface MemorySession {
  readonly user: number;
  readonly profile: Profile;
  items: CartItem[];
  readonly expiresAt: number;
}

interface Seams {
  /** Where session IDs come from (built-in: `newSessionId`, 128 bits from the CSPRNG). */
  readonly sessionIds?: (ctx: NodeContext) => () => string;
  /** How addItem updates the cart (built-in: in place, synchronously). */
  readonly addItem?: (session: MemorySession, item: () => CartItem, maxItems: number) => Promise<void>;
}

const FANOUT_HEADER = 'x-sessioncheck-fanout';

function forkedMemoryStrategy(name: string, lbPolicy: LbPolicy, seams: Seams): SessionStrategy {
  return { name, lbPolicy, createNode: (ctx) => forkedMemoryNode(ctx, seams) };
}

function forkedMemoryNode(ctx: NodeContext, seams: Seams): SessionNode {
  const sessions = new Map<string, MemorySession>();
  const { clock, scope, faker } = ctx;
  const nextSessionId = seams.sessionIds?.(ctx) ?? newSessionId;

  const find = (sid: string): MemorySession => {
    const session = sessions.get(sid);
    if (session && clock.now() < session.expiresAt) return session;
    if (session) sessions.delete(sid);
    throw unauthorized();
  };

  const handle = createApp(
    {
      async login(user) {
        const sid = nextSessionId();
        sessions.set(sid, { user, profile: fakeProfile(faker), items: [], expiresAt: clock.now() + scope.ttl.session });
        return json(200, { user: userName(user) }, [sessionCookie(sid)]);
      },
      async me(incoming) {
        const session = find(sessionId(incoming));
        return json(200, { user: userName(session.user), items: session.items.length });
      },
      async cart(incoming) {
        const session = find(sessionId(incoming));
        const item = () => fakeItem(faker, session.items.length + 1);
        if (seams.addItem) await seams.addItem(session, item, scope.maxItems);
        else if (session.items.length < scope.maxItems) session.items.push(item());
        return json(200, { user: userName(session.user), items: session.items.length });
      },
      async logout(incoming) {
        sessions.delete(sessionId(incoming));
        return json(200, { ok: true }, [clearedSessionCookie()]);
      },
      async refresh() {
        throw unauthorized('this strategy has no refresh tokens');
      },
      async revoke(user, incoming) {
        for (const [sid, session] of sessions) if (session.user === user) sessions.delete(sid);
        if (!incoming.request.headers.has(FANOUT_HEADER)) {
          await Promise.all(ctx.peers().map((peer) => peer.send(fanout(incoming.request.url, user, ctx.keys.adminKey)).catch((error: unknown) => {
            ctx.log(`revoke could not reach node n${peer.nodeId}`, error);
          })));
        }
        return json(200, { ok: true });
      },
    },
    { scope, adminKey: ctx.keys.adminKey, log: ctx.log },
  );

  return {
    handle,
    localSessionCount: () => [...sessions.values()].filter((s) => clock.now() < s.expiresAt).length,
    close: async () => sessions.clear(),
  };
}

function fanout(url: string, user: number, adminKey: string): Request {
  return new Request(new URL('/admin/revoke', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ADMIN_KEY_HEADER]: adminKey, [FANOUT_HEADER]: '1' },
    body: JSON.stringify({ user: userName(user) }),
  });
}

/**
 * Session IDs from a per-node counter (`node0-…0001`) that starts again when the node restarts:
 * a restarted node hands out IDs its previous incarnation gave to other users.
 */
export const inMemoryCounterSid = forkedMemoryStrategy('in-memory-counter-sid', 'round-robin', {
  sessionIds: (ctx) => {
    let counter = 0;
    return () => `node${ctx.nodeId}-${String(++counter).padStart(22 - `node${ctx.nodeId}-`.length, '0')}`;
  },
});

/**
 * addItem copies the cart, awaits a price lookup, then writes its copy back: two concurrent
 * addItem calls on one session both start from the same copy and one item is lost.
 */
export const stickyAsyncCart = forkedMemoryStrategy('sticky-async-cart', 'sticky', {
  addItem: async (session, item, maxItems) => {
    const items = [...session.items];
    const next = item();
    await new Promise((resolve) => setImmediate(resolve)); // the price lookup
    if (items.length < maxItems) session.items = [...items, next];
  },
});

/** The unmutated copies (a test checks that they conform to their models, so the copy is faithful). */
export const forkedInMemory = forkedMemoryStrategy('fork-in-memory', 'round-robin', {});
export const forkedSticky = forkedMemoryStrategy('fork-sticky', 'sticky', {});
