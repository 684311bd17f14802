/**
 * cookie-session, as its README shows it, wrapped as a sessioncheck plug-in: the whole session
 * (user and cart) lives in the `session` cookie, signed by Keygrip into `session.sig`; nodes keep
 * nothing and never touch the store. It means to behave like the `jwt` model: stateless, no extra
 * hop, and not revocable (the README: logging out is `req.session = null`, which only asks the
 * browser to drop the cookie).
 *
 * What is ours: the wire conventions (JSON bodies, 401 for "who are you?", the admin key), and
 * `revoke`, which has nothing server-side to act on. Expiry: cookie-session reads no time on the
 * server; the only lifetime is the cookie's `Expires`, a wall-clock date from `Date.now()` that
 * the browser enforces. The harness's clock reaches neither, so the strategy declares
 * `capabilities.wallClock`.
 */
import { createHash } from 'node:crypto';
import cookieSession from 'cookie-session';
import express, { type NextFunction, type Request as ExpressRequest, type Response as ExpressResponse } from 'express';
import { ADMIN_KEY_HEADER, fakeItem, userIndex, userName, type NodeContext, type SessionNode, type SessionStrategy } from '../index.ts';
import { fetchHandler } from './node-adapter.ts';

/** The cookie-session strategy (`ttlSeconds`: the cookie's `maxAge`). */
export function cookieSessionStrategy(ttlSeconds = 3600): SessionStrategy {
  return {
    name: 'cookie-session',
    lbPolicy: 'round-robin',
    capabilities: { wallClock: true },
    createNode(ctx: NodeContext): SessionNode {
      const app = express();
      app.set('trust proxy', 1); // trust first proxy
      app.use(cookieSession({
        name: 'session',
        // Every node of the system signs with the same keys (the operator's configuration).
        keys: [createHash('sha256').update(`cookie-session:${ctx.keys.adminKey}`).digest('hex')],
        maxAge: ttlSeconds * 1000,
        secure: true,
        httpOnly: true,
        sameSite: 'strict',
      }));
      routes(app, ctx);
      return { handle: fetchHandler(app), localSessionCount: () => 0, close: async () => {} };
    },
  };
}

/**
 * `req.session` as cookie-session sets it. (Typed here because express-session's type
 * declarations, loaded by the other example in the same program, claim `req.session` too.)
 */
interface WithCookieSession {
  session: { user?: string; cart?: unknown[] } | null;
}
const cookie = (req: ExpressRequest): WithCookieSession => req as unknown as WithCookieSession;

function routes(app: express.Express, ctx: NodeContext): void {
  const user = (body: unknown): number | undefined => {
    const index = userIndex((body as { user?: unknown } | undefined)?.user);
    return index !== undefined && index < ctx.scope.users ? index : undefined;
  };
  const signedIn = (req: ExpressRequest): string | undefined => {
    const user = cookie(req).session?.user;
    return typeof user === 'string' ? user : undefined;
  };
  const cart = (req: ExpressRequest): unknown[] => cookie(req).session?.cart ?? [];

  app.post('/login', express.json(), (req, res) => {
    const u = user(req.body);
    if (u === undefined) return void res.status(400).json({ error: 'ERR_BAD_REQUEST' });
    cookie(req).session = { user: userName(u), cart: [] };
    res.json({ user: userName(u) });
  });

  app.get('/me', (req, res) => {
    const name = signedIn(req);
    if (name === undefined) return void res.status(401).json({ error: 'ERR_UNAUTHORIZED' });
    res.json({ user: name, items: cart(req).length });
  });

  app.post('/cart', (req, res) => {
    const name = signedIn(req);
    if (name === undefined) return void res.status(401).json({ error: 'ERR_UNAUTHORIZED' });
    const items = cart(req);
    if (items.length < ctx.scope.maxItems) cookie(req).session!.cart = [...items, fakeItem(ctx.faker, items.length + 1)];
    res.json({ user: name, items: cart(req).length });
  });

  app.post('/logout', (req, res) => {
    if (signedIn(req) === undefined) return void res.status(401).json({ error: 'ERR_UNAUTHORIZED' });
    cookie(req).session = null; // "Destroying a session"
    res.json({ ok: true });
  });

  app.post('/refresh', (_req, res) => void res.status(401).json({ error: 'ERR_UNAUTHORIZED', message: 'no refresh tokens' }));

  // Nothing server-side to revoke: a signed cookie stays valid wherever it is.
  app.post('/admin/revoke', express.json(), (req, res) => {
    if (req.get(ADMIN_KEY_HEADER) !== ctx.keys.adminKey) return void res.status(401).json({ error: 'ERR_UNAUTHORIZED' });
    if (user(req.body) === undefined) return void res.status(400).json({ error: 'ERR_BAD_REQUEST' });
    res.json({ ok: true });
  });

  app.use((error: unknown, _req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
    if ((error as { status?: unknown }).status === 400) return void res.status(400).json({ error: 'ERR_BAD_REQUEST' });
    ctx.log('unexpected error in the Express app', error);
    res.status(500).json({ error: 'ERR_INTERNAL' });
  });
}

/** The README's configuration as a module export, so other processes can load it by path (`examples/cookie-session.ts#cookieSessionPlugin`). */
export const cookieSessionPlugin = cookieSessionStrategy();
