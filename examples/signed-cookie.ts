/**
 * An example plug-in strategy, written only against the package's public API: sessions in an
 * HMAC-signed cookie (the `cookie-session` style). The cookie carries the user, the cart and the
 * expiry; nodes keep nothing and never touch the store. It means to behave like the `jwt` model:
 * stateless, no extra hop, and — like any self-contained credential — not revocable.
 *
 * Check it with `checkStrategy(signedCookieStrategy(), { model: 'jwt' })`, or step it yourself
 * with `openSystem(signedCookieStrategy(), { target: 'impl', scope: defaultScope, seed: 1 })`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  badRequest, createApp, fakeItem, fakeProfile, json, serializeCookie, unauthorized, userIndex, userName,
  type Incoming, type NodeContext, type SessionNode, type SessionStrategy,
} from '../index.ts';

/** What the signed cookie holds. */
interface CookieSession {
  readonly user: string;
  /** Expiry in model-clock seconds. */
  readonly exp: number;
  readonly profile: unknown;
  readonly cart: unknown[];
}

const COOKIE = 'session';
const FORMAT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

/** A signed-cookie strategy; every node of one instance shares the signing secret. */
export function signedCookieStrategy(ttlSeconds = 3600): SessionStrategy {
  const secret = randomBytes(32);
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest('base64url');
  const seal = (session: CookieSession) => {
    const body = Buffer.from(JSON.stringify(session)).toString('base64url');
    return `${body}.${sign(body)}`;
  };
  /** The verified session; 400 for a cookie of the wrong shape, 401 for a forged or expired one. */
  const open = (incoming: Incoming, now: number): CookieSession => {
    const value = incoming.cookies.get(COOKIE);
    if (value === undefined) throw unauthorized();
    if (!FORMAT.test(value)) throw badRequest('malformed session cookie');
    const [body, mac] = value.split('.');
    if (!timingSafeEqual(Buffer.from(sign(body)), Buffer.from(mac))) throw unauthorized('bad signature');
    const session = JSON.parse(Buffer.from(body, 'base64url').toString()) as CookieSession;
    if (userIndex(session.user) === undefined || !(now < session.exp)) throw unauthorized();
    return session;
  };

  return {
    name: 'signed-cookie',
    lbPolicy: 'round-robin',
    createNode(ctx: NodeContext): SessionNode {
      const { clock, faker, scope } = ctx;
      const handle = createApp({
        async login(user) {
          const session = { user: userName(user), exp: clock.now() + ttlSeconds, profile: fakeProfile(faker), cart: [] };
          return json(200, { user: session.user }, [serializeCookie(COOKIE, seal(session))]);
        },
        async me(incoming) {
          return json(200, { user: open(incoming, clock.now()).user });
        },
        async cart(incoming) {
          const session = open(incoming, clock.now());
          const cart = session.cart.length < scope.maxItems ? [...session.cart, fakeItem(faker, session.cart.length + 1)] : session.cart;
          return json(200, { user: session.user }, [serializeCookie(COOKIE, seal({ ...session, cart }))]);
        },
        // The server cannot un-sign a cookie: logout only asks the browser to drop it.
        async logout(incoming) {
          if (incoming.cookies.get(COOKIE) === undefined) throw unauthorized();
          return json(200, { ok: true }, [serializeCookie(COOKIE, '', { maxAge: 0 })]);
        },
        async refresh() {
          throw unauthorized('no refresh tokens');
        },
        async revoke() {
          return json(200, { ok: true }); // nothing server-side to revoke
        },
      }, { scope, adminKey: ctx.keys.adminKey, log: ctx.log });
      return { handle, localSessionCount: () => 0, close: async () => {} };
    },
  };
}
