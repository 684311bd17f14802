/**
 * A client's view of credentials on the wire, following the conventions documented in
 * strategy.ts: cookies set by the app, a bearer token, a refresh token. Reading a response tells
 * the client whether a new credential was issued and whether the balancer re-pinned it.
 */
import { readSetCookie } from '../http/cookies.ts';
import { AFFINITY_COOKIE, NODE_HEADER, nodeIndex } from '../cluster/balancer.ts';
import { userIndex } from '../http/incoming.ts';

/** What a client holds and presents (the model's `Credential`, on the wire). */
export interface WireCredential {
  /** App cookies (never the balancer's affinity cookie). */
  readonly cookies: Readonly<Record<string, string>>;
  /** Sent as `Authorization: Bearer` (JWT or access token). */
  readonly token: string | null;
  /** jwt-refresh: sent as `{"refreshToken": …}` to /refresh and /logout. */
  readonly refresh: string | null;
}

/** What the client learns from one response. */
export interface ReadResponse {
  readonly status: number;
  readonly user?: number;
  readonly node?: number;
  /** The credential the response issued (merged over the one presented), if any. */
  readonly issued?: WireCredential;
  /** The affinity cookie value the balancer set, if any. */
  readonly affinity?: string;
}

/** Bytes of the part a request presents: the refresh token, or the main credential. */
export function credentialBytes(credential: WireCredential, part: 'main' | 'refresh'): number | undefined {
  if (part === 'refresh') return credential.refresh === null ? undefined : Buffer.byteLength(credential.refresh);
  if (credential.token !== null) return Buffer.byteLength(credential.token);
  const values = Object.values(credential.cookies);
  return values.length === 0 ? undefined : values.reduce((n, v) => n + Buffer.byteLength(v), 0);
}

/** The `Cookie` header for a credential plus an affinity pin. */
export function cookieHeader(credential: WireCredential | null, affinity: string | null): string | null {
  const pairs = Object.entries(credential?.cookies ?? {}).map(([k, v]) => `${k}=${v}`);
  if (affinity !== null) pairs.push(`${AFFINITY_COOKIE}=${affinity}`);
  return pairs.length === 0 ? null : pairs.join('; ');
}

/** Reads status, user, node, issued credential and affinity from a response. */
export async function readResponse(response: Response, presented: WireCredential | null): Promise<ReadResponse> {
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text === '' ? {} : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // A non-JSON body carries no user and no token.
  }
  let affinity: string | undefined;
  let cookies: Record<string, string> = { ...(presented?.cookies ?? {}) };
  let newCookie = false;
  for (const header of response.headers.getSetCookie()) {
    const { name, value, deleted } = readSetCookie(header);
    if (name === AFFINITY_COOKIE) {
      if (!deleted) affinity = value;
    } else if (deleted) {
      const { [name]: _gone, ...rest } = cookies;
      cookies = rest;
    } else {
      cookies[name] = value;
      newCookie = true;
    }
  }
  const token = typeof body.token === 'string' ? body.token : typeof body.accessToken === 'string' ? body.accessToken : null;
  const refresh = typeof body.refreshToken === 'string' ? body.refreshToken : null;
  const issued = newCookie || token !== null || refresh !== null
    ? { cookies, token: token ?? presented?.token ?? null, refresh: refresh ?? presented?.refresh ?? null }
    : undefined;
  const user = response.status === 200 ? userIndex(body.user) : undefined;
  const node = nodeIndex(response.headers.get(NODE_HEADER));
  return {
    status: response.status,
    ...(user !== undefined ? { user } : {}),
    ...(node !== null ? { node } : {}),
    ...(issued ? { issued } : {}),
    ...(affinity !== undefined ? { affinity } : {}),
  };
}
