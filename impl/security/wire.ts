/**
 * Requests and credentials as the security checks write and read them: one request builder for
 * the six routes, and the credential a response issues (session cookie, tokens, Set-Cookie lines).
 */

/** What a request carries besides method and path. */
export interface RequestParts {
  readonly cookie?: string;
  readonly bearer?: string;
  readonly json?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Base URL of in-process requests (never resolved: nodes are called directly). */
export const BENCH_ORIGIN = 'http://sessioncheck.internal';

/** A Fetch API request to a node. */
export function benchRequest(method: string, path: string, parts: RequestParts = {}): Request {
  const headers = new Headers(parts.headers);
  if (parts.cookie !== undefined) headers.set('cookie', parts.cookie);
  if (parts.bearer !== undefined) headers.set('authorization', `Bearer ${parts.bearer}`);
  let body: string | undefined;
  if (parts.json !== undefined) {
    body = JSON.stringify(parts.json);
    headers.set('content-type', 'application/json');
  }
  return new Request(BENCH_ORIGIN + path, { method, headers, body });
}

/** The credential a response issued (fields absent when not issued). */
export interface Issued {
  readonly status: number;
  readonly sid?: string;
  /** `token` (jwt, jwt-denylist) or `accessToken` (jwt-refresh). */
  readonly token?: string;
  readonly refreshToken?: string;
  /** The user the response names, as `uN`. */
  readonly user?: string;
  /** Every `Set-Cookie` line, verbatim. */
  readonly setCookies: readonly string[];
  /**
   * The cookies set with a value, as `[name, value]` in the order set: every cookie but the
   * balancer's `lb` (the wire conventions' credential, whatever the cookies are called).
   */
  readonly cookies: readonly (readonly [string, string])[];
  /** Names of the cookies the response cleared (set with an empty value). */
  readonly clearedCookies: readonly string[];
  readonly body: Record<string, unknown>;
}

/** Reads a node's response: status, JSON body, and the credential it issues. */
export async function readIssued(response: Response): Promise<Issued> {
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // non-JSON bodies carry no credential
  }
  const setCookies = response.headers.getSetCookie();
  const sidLine = setCookies.find((line) => line.startsWith('sid='));
  const sid = sidLine ? sidLine.slice(4, sidLine.indexOf(';') < 0 ? undefined : sidLine.indexOf(';')) : undefined;
  const cookies: [string, string][] = [];
  const clearedCookies: string[] = [];
  for (const line of setCookies) {
    const pair = line.split(';', 1)[0];
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (name === 'lb') continue;
    if (value === '') clearedCookies.push(name);
    else cookies.push([name, value]);
  }
  const token = typeof body.token === 'string' ? body.token : typeof body.accessToken === 'string' ? body.accessToken : undefined;
  return {
    status: response.status,
    ...(sid ? { sid } : {}),
    ...(token ? { token } : {}),
    ...(typeof body.refreshToken === 'string' ? { refreshToken: body.refreshToken } : {}),
    ...(typeof body.user === 'string' ? { user: body.user } : {}),
    setCookies,
    cookies,
    clearedCookies,
    body,
  };
}
