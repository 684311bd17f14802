/**
 * express-session with connect-redis 8 over ioredis, as their READMEs show it, wrapped as a
 * sessioncheck plug-in. Each node is an Express 5 app with its own ioredis client (`ctx.redis`,
 * counted by the harness) behind connect-redis's `RedisStore`; sessions are server-side in Redis
 * under `sess:<id>`, the browser holds the signed `connect.sid` cookie. It means to behave like the
 * `central-store` model.
 *
 * What is idiomatic here and what is ours:
 * - `session({ store, secret, resave: false, saveUninitialized: false, cookie })` and
 *   `new RedisStore({ client })` as in the READMEs; `trust proxy` and `cookie.secure` as the
 *   express-session README asks behind a TLS-terminating proxy (the adapter is that proxy).
 * - Login and logout are the express-session README's "user login" example (regenerate, set the
 *   user, save; logout: clear the user, save, regenerate), answering JSON instead of redirecting.
 * - The routes' wire conventions (JSON bodies, 401 for "who are you?", 503 when the store cannot
 *   be reached, the admin key) are sessioncheck's; the error handler maps store failures to 503.
 * - Revoking a user's sessions uses the Store API (`all`, then `destroy` each of theirs), since
 *   express-session keeps no index by user.
 *
 * express-session reads `Date.now()` for cookie expiry and connect-redis gives Redis real TTLs, so
 * the harness's clock does not reach this system: the strategy declares `capabilities.wallClock`.
 */
import { createHash } from 'node:crypto';
import { RedisStore } from 'connect-redis';
import express, { type NextFunction, type Request as ExpressRequest, type Response as ExpressResponse } from 'express';
import session from 'express-session';
import { ADMIN_KEY_HEADER, fakeItem, StoreUnavailableError, userIndex, userName, type NodeContext, type SessionNode, type SessionStrategy } from '../index.ts';
import { fetchHandler } from './node-adapter.ts';

declare module 'express-session' {
  interface SessionData {
    user: string | null;
    cart: unknown[];
  }
}

/** Options of {@link expressSessionStrategy}. */
export interface ExpressSessionOptions {
  /** The cookie's `maxAge` in seconds (default 1800, the model's session TTL). */
  readonly ttlSeconds?: number;
  /**
   * Regenerate the session at login, as the README advises (default true). `false` is the
   * mistake the README warns about, kept to show that `safety.fixation` catches it.
   */
  readonly regenerateOnLogin?: boolean;
}

/** The express-session strategy. */
export function expressSessionStrategy({ ttlSeconds = 1800, regenerateOnLogin = true }: ExpressSessionOptions = {}): SessionStrategy {
  return {
    name: regenerateOnLogin ? 'express-session' : 'express-session-no-regenerate',
    lbPolicy: 'round-robin',
    capabilities: { wallClock: true },
    createNode(ctx: NodeContext): SessionNode {
      const app = express();
      app.set('trust proxy', 1);
      const store = new RedisStore({ client: ctx.redis });
      app.use(session({
        store,
        // One secret for every node of the system (the operator's configuration).
        secret: createHash('sha256').update(`express-session:${ctx.keys.adminKey}`).digest('hex'),
        resave: false,
        saveUninitialized: false,
        cookie: { secure: true, httpOnly: true, sameSite: 'strict', maxAge: ttlSeconds * 1000 },
      }));
      routes(app, ctx, regenerateOnLogin);
      // With a store configured, express-session keeps no session in the process (its MemoryStore is not used).
      return { handle: fetchHandler(app), localSessionCount: () => 0, close: async () => {} };
    },
  };
}

function routes(app: express.Express, ctx: NodeContext, regenerateOnLogin: boolean): void {
  const user = (body: unknown): number | undefined => {
    const index = userIndex((body as { user?: unknown } | undefined)?.user);
    return index !== undefined && index < ctx.scope.users ? index : undefined;
  };

  app.post('/login', express.json(), (req, res, next) => {
    const u = user(req.body);
    if (u === undefined) return void res.status(400).json({ error: 'ERR_BAD_REQUEST' });
    // Regenerate the session, which is good practice to help guard against session fixation.
    const regenerate = (done: (err?: unknown) => void) => (regenerateOnLogin ? req.session.regenerate(done) : done());
    regenerate((err) => {
      if (err) return next(err);
      req.session.user = userName(u);
      req.session.save((err) => {
        if (err) return next(err);
        res.json({ user: req.session.user });
      });
    });
  });

  app.get('/me', (req, res) => {
    if (!req.session.user) return void res.status(401).json({ error: 'ERR_UNAUTHORIZED' });
    res.json({ user: req.session.user, items: req.session.cart?.length ?? 0 });
  });

  app.post('/cart', (req, res) => {
    if (!req.session.user) return void res.status(401).json({ error: 'ERR_UNAUTHORIZED' });
    const cart = req.session.cart ?? [];
    if (cart.length < ctx.scope.maxItems) req.session.cart = [...cart, fakeItem(ctx.faker, cart.length + 1)];
    res.json({ user: req.session.user, items: req.session.cart?.length ?? 0 });
  });

  app.post('/logout', (req, res, next) => {
    if (!req.session.user) return void res.status(401).json({ error: 'ERR_UNAUTHORIZED' });
    // Clear the user from the session object and save, so re-using the old session ID does not have a logged-in user.
    req.session.user = null;
    req.session.save((err) => {
      if (err) return next(err);
      req.session.regenerate((err) => {
        if (err) return next(err);
        res.json({ ok: true });
      });
    });
  });

  app.post('/refresh', (_req, res) => void res.status(401).json({ error: 'ERR_UNAUTHORIZED', message: 'no refresh tokens' }));

  app.post('/admin/revoke', express.json(), (req, res, next) => {
    if (req.get(ADMIN_KEY_HEADER) !== ctx.keys.adminKey) return void res.status(401).json({ error: 'ERR_UNAUTHORIZED' });
    const u = user(req.body);
    if (u === undefined) return void res.status(400).json({ error: 'ERR_BAD_REQUEST' });
    const sessions = req.sessionStore;
    sessions.all!((err, all) => {
      if (err) return next(err);
      // connect-redis answers an array of sessions, each with its `id`.
      const listed = Array.isArray(all) ? all.map((s) => [(s as unknown as { id: string }).id, s] as const) : Object.entries(all ?? {});
      const theirs = listed.filter(([, s]) => s.user === userName(u)).map(([id]) => id);
      Promise.all(theirs.map((id) => new Promise<void>((resolve, reject) => sessions.destroy(id, (e) => (e ? reject(e) : resolve())))))
        .then(() => res.json({ ok: true }), next);
    });
  });

  // Store failures fail closed (503); a body that is not JSON is the client's mistake (400).
  app.use((error: unknown, _req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
    if (error instanceof StoreUnavailableError) return void res.status(503).json({ error: 'ERR_STORE_UNAVAILABLE' });
    const status = (error as { status?: unknown }).status;
    if (status === 400) return void res.status(400).json({ error: 'ERR_BAD_REQUEST' });
    ctx.log('unexpected error in the Express app', error);
    res.status(500).json({ error: 'ERR_INTERNAL' });
  });
}

/** The README's configuration as a module export, so other processes can load it by path (`examples/express-session.ts#expressSessionPlugin`). */
export const expressSessionPlugin = expressSessionStrategy();
