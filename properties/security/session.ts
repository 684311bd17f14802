/**
 * How the security checks hold a credential of any built-in strategy: a session cookie, a bearer
 * token, or an access token plus a refresh token, and the request parts each route needs.
 */
import type { NodeBench } from '../../impl/security/bench.ts';
import { benchRequest, readIssued, type Issued, type RequestParts } from '../../impl/security/wire.ts';
import type { StrategyId } from '../../model/types.ts';

/** What kind of credential a strategy issues. */
export type Family = 'session' | 'token' | 'refresh';

/** The credential family of a built-in strategy. */
export function familyOf(strategy: StrategyId): Family {
  if (strategy === 'jwt-refresh') return 'refresh';
  if (strategy === 'jwt' || strategy === 'jwt-denylist') return 'token';
  return 'session';
}

/** A credential a client holds. */
export interface Credential {
  readonly sid?: string;
  readonly token?: string;
  readonly refresh?: string;
}

/** The request parts that present `credential` to `path` the way the drivers do. */
export function present(credential: Credential, path: string): RequestParts {
  const refreshBody = credential.refresh !== undefined && (path === '/refresh' || path === '/logout');
  return {
    ...(credential.sid !== undefined ? { cookie: `sid=${credential.sid}` } : {}),
    ...(credential.token !== undefined ? { bearer: credential.token } : {}),
    ...(refreshBody ? { json: { refreshToken: credential.refresh } } : {}),
  };
}

/** Method of each route. */
export function methodOf(path: string): 'GET' | 'POST' {
  return path === '/me' ? 'GET' : 'POST';
}

/** The credential an issuing response carries (login, addItem, refresh), merged over `previous`. */
export function credentialFrom(issued: Issued, previous: Credential = {}): Credential {
  return {
    ...previous,
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
