/**
 * How the security checks hold a credential of any built-in strategy: a session cookie, a bearer
 * token, or an access token plus a refresh token, and the request parts each route needs.
 */
import { randomBytes } from 'node:crypto';
import { NodeBench } from '../../impl/security/bench.ts';
import type { SessionStrategy } from '../../impl/strategy.ts';
import type { Scope } from '../../model/types.ts';
import { benchRequest, readIssued, type Issued, type RequestParts } from '../../impl/security/wire.ts';
import type { StrategyId } from '../../model/types.ts';

/** What kind of credential a strategy issues. */
export type Family = 'session' | 'token' | 'refresh';

/**
 * The credential family of what a login issued, read off the wire alone (no built-in IDs, no
 * cookie names): a refresh token makes it `refresh`, another token `token`, cookies only `session`.
 * Null when the login issued nothing the wire conventions recognise.
 */
export function familyOfIssued(issued: Issued): Family | null {
  if (issued.refreshToken !== undefined) return 'refresh';
  if (issued.token !== undefined) return 'token';
  if (issued.cookies.length > 0) return 'session';
  return null;
}

/** The credential family of a built-in strategy (what its login issues: see {@link familyOfIssued}). */
export function familyOf(strategy: StrategyId): Family {
  if (strategy === 'jwt-refresh') return 'refresh';
  if (strategy === 'jwt' || strategy === 'jwt-denylist') return 'token';
  return 'session';
}

/** A credential a client holds. */
export interface Credential {
  readonly sid?: string;
  /** Every cookie the system set (but the balancer's `lb`), sent back as-is; presented instead of `sid` when present. */
  readonly cookies?: readonly (readonly [string, string])[];
  readonly token?: string;
  readonly refresh?: string;
}

/** The request parts that present `credential` to `path` the way the drivers do. */
export function present(credential: Credential, path: string): RequestParts {
  const refreshBody = credential.refresh !== undefined && (path === '/refresh' || path === '/logout');
  return {
    ...(credential.cookies !== undefined && credential.cookies.length > 0 ? { cookie: cookieHeader(credential.cookies) }
      : credential.sid !== undefined ? { cookie: `sid=${credential.sid}` } : {}),
    ...(credential.token !== undefined ? { bearer: credential.token } : {}),
    ...(refreshBody ? { json: { refreshToken: credential.refresh } } : {}),
  };
}

/** A `Cookie` header value presenting `cookies` as they were set. */
export function cookieHeader(cookies: readonly (readonly [string, string])[]): string {
  return cookies.map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Method of each route. */
export function methodOf(path: string): 'GET' | 'POST' {
  return path === '/me' ? 'GET' : 'POST';
}

/** The credential an issuing response carries (login, addItem, refresh), merged over `previous`. */
export function credentialFrom(issued: Issued, previous: Credential = {}): Credential {
  const jar = new Map(previous.cookies ?? []);
  for (const name of issued.clearedCookies) jar.delete(name);
  for (const [name, value] of issued.cookies) jar.set(name, value);
  const { cookies: _previousCookies, ...rest } = previous;
  return {
    ...rest,
    ...(jar.size > 0 ? { cookies: [...jar] } : {}),
    ...(issued.sid !== undefined ? { sid: issued.sid } : {}),
    ...(issued.token !== undefined ? { token: issued.token } : {}),
    ...(issued.refreshToken !== undefined ? { refresh: issued.refreshToken } : {}),
  };
}

/** `POST /login` for `uN` at node `n`; throws unless it answers 200 with a credential. */
export async function login(bench: NodeBench, node: number, user: number, extra: RequestParts = {}): Promise<{ credential: Credential; issued: Issued }> {
  const issued = await readIssued(await bench.send(node, benchRequest('POST', '/login', { ...extra, json: { user: `u${user}` } })));
  if (issued.status !== 200) throw new Error(`login(u${user}) on n${node} answered ${issued.status}: ${JSON.stringify(issued.body)}`);
  return { credential: credentialFrom(issued), issued };
}

/** Presents `credential` to `path` at node `n`. */
export async function call(bench: NodeBench, node: number, path: string, credential: Credential): Promise<Issued> {
  return readIssued(await bench.send(node, benchRequest(methodOf(path), path, present(credential, path))));
}

/**
 * The family of the credential the system issues, found by logging in once on a fresh bench: the
 * checks build their attacks from what the system issues, never from its name.
 */
export async function issuedFamily(implementation: SessionStrategy, scope: Scope, seed: number): Promise<Family> {
  const bench = await NodeBench.start(implementation, { scope, seed });
  try {
    const { issued } = await login(bench, 0, 0);
    const family = familyOfIssued(issued);
    if (family === null) throw new Error(`login(u0) answered 200 but issued no credential the wire conventions know (no cookie, no token field): ${JSON.stringify(issued.body)}`);
    return family;
  } finally {
    await bench.close();
  }
}

const CLASSES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/**
 * A value of the same shape as `value`: each digit, lower- and upper-case letter replaced by one of
 * its class picked by `random` (random bytes by default; given bytes make it deterministic); other characters kept.
 */
export function sameShape(value: string, random: Uint8Array = randomBytes(value.length)): string {
  return [...value].map((c, i) => {
    const cls = CLASSES.find((k) => k.includes(c));
    return cls ? cls[random[i] % cls.length] : c;
  }).join('');
}
