/**
 * The HTTP shell every strategy shares: routing, input validation, admin authentication and a
 * top-level guard. Strategies supply only the six route handlers, so the rules about malformed
 * input (400), bad credentials (401) and store outages (503) are written once.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Scope } from '../../model/index.ts';
import { HttpError, unauthorized } from '../errors.ts';
import { readIncoming, readUser, type Incoming } from './incoming.ts';
import { errorResponse, json } from './respond.ts';

/** The six routes (docs/architecture.md, "The six routes"); each returns the complete response. */
export interface AppRoutes {
  /** `POST /login` with `{"user": "uN"}`: issue a fresh credential. */
  login(user: number, incoming: Incoming): Promise<Response>;
  /** `GET /me`: who does this credential belong to? */
  me(incoming: Incoming): Promise<Response>;
  /** `POST /cart`: add one cart item to the session. */
  cart(incoming: Incoming): Promise<Response>;
  /** `POST /logout`. */
  logout(incoming: Incoming): Promise<Response>;
  /** `POST /refresh`: rotate a refresh token (401 where the strategy has none). */
  refresh(incoming: Incoming): Promise<Response>;
  /** `POST /admin/revoke` with `{"user": "uN"}` (after the admin key was checked). */
  revoke(user: number, incoming: Incoming): Promise<Response>;
}

/** Header carrying the admin key on `/admin/*` routes. */
export const ADMIN_KEY_HEADER = 'x-admin-key';

/** What the shell needs besides the routes. */
export interface AppOptions {
  readonly scope: Scope;
  readonly adminKey: string;
  /** Where unexpected errors are reported (they still answer 400, never 500). */
  readonly log: (message: string, error?: unknown) => void;
}

type Route = (incoming: Incoming) => Promise<Response>;

/** Builds `handle(Request) -> Promise<Response>` from a strategy's routes. */
export function createApp(routes: AppRoutes, options: AppOptions): (request: Request) => Promise<Response> {
  const adminDigest = digest(options.adminKey);
  const table: Record<string, { method: string; route: Route }> = {
    '/login': { method: 'POST', route: async (i) => routes.login(await readUser(i.request, options.scope), i) },
    '/me': { method: 'GET', route: (i) => routes.me(i) },
    '/cart': { method: 'POST', route: (i) => routes.cart(i) },
    '/logout': { method: 'POST', route: (i) => routes.logout(i) },
    '/refresh': { method: 'POST', route: (i) => routes.refresh(i) },
    '/admin/revoke': {
      method: 'POST',
      route: async (i) => {
        const key = i.request.headers.get(ADMIN_KEY_HEADER);
        if (key === null || !timingSafeEqual(digest(key), adminDigest)) throw unauthorized('admin key required');
        return routes.revoke(await readUser(i.request, options.scope), i);
      },
    },
  };

  return async function handle(request: Request): Promise<Response> {
    try {
      const entry = table[pathOf(request.url)];
      if (!entry) return json(404, { error: 'ERR_NOT_FOUND', message: `no route; valid: ${Object.keys(table).join(', ')}` });
      if (request.method !== entry.method) {
        return json(405, { error: 'ERR_METHOD_NOT_ALLOWED', message: `use ${entry.method}` });
      }
      return await entry.route(readIncoming(request));
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      // Not expected: every known failure is an HttpError. Report it, and still never answer 500.
      options.log('unexpected error while handling a request', error);
      return json(400, { error: 'ERR_BAD_REQUEST', message: 'the request could not be processed' });
    }
  };
}

/**
 * The path of a request URL. `request.url` is already parsed and serialised, and in a serialised
 * http(s) URL the path starts at the first `/` after `://` (a slash in the userinfo is
 * percent-encoded) and ends at `?` or `#`; other schemes take the URL parser.
 */
function pathOf(url: string): string {
  const authority = url.startsWith('http://') ? 7 : url.startsWith('https://') ? 8 : -1;
  if (authority < 0) return new URL(url).pathname;
  const start = url.indexOf('/', authority);
  if (start < 0) return '/';
  let end = url.length;
  const query = url.indexOf('?', start);
  if (query >= 0) end = query;
  const fragment = url.indexOf('#', start);
  if (fragment >= 0 && fragment < end) end = fragment;
  return url.slice(start, end);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
