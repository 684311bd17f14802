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
  /** The response sent back the very credential presented (the same value): no new credential. */
  readonly resent?: true;
  /** The longest lifetime (`Max-Age` seconds) among the credential cookies it set, if any. */
  readonly maxAge?: number;
  /** The latest `Expires` among the credential cookies it set, in unix seconds, if any (no Max-Age). */
  readonly expires?: number;
  /** The cart count a 200 reports in its JSON body (`items`: the wire convention), if it does. */
  readonly items?: number;
}

/** Bytes of the part a request presents: the refresh token, or the main credential. */
export function credentialBytes(credential: WireCredential, part: 'main' | 'refresh'): number | undefined {
  if (part === 'refresh') return credential.refresh === null ? undefined : Buffer.byteLength(credential.refresh);
  if (credential.token !== null) return Buffer.byteLength(credential.token);
  let bytes: number | undefined;
  for (const name in credential.cookies) bytes = (bytes ?? 0) + Buffer.byteLength(credential.cookies[name]);
  return bytes;
}

/** The `Cookie` header for a credential plus an affinity pin. */
export function cookieHeader(credential: WireCredential | null, affinity: string | null): string | null {
  let header = '';
  if (credential !== null) for (const name in credential.cookies) header += `${header === '' ? '' : '; '}${name}=${credential.cookies[name]}`;
  if (affinity !== null) header += `${header === '' ? '' : '; '}${AFFINITY_COOKIE}=${affinity}`;
  return header === '' ? null : header;
}

/** Reads status, user, node, issued credential and affinity from a response. */
export async function readResponse(response: Response, presented: WireCredential | null): Promise<ReadResponse> {
  const body = jsonObject(await readText(response));
  let affinity: string | undefined;
  // Copied on the first Set-Cookie that changes them: a credential's cookies are never mutated.
  let cookies: Record<string, string> | undefined;
  let newCookie = false;
  let maxAge: number | undefined;
  let expires: number | undefined;
  let resent = false;
  for (const header of response.headers.getSetCookie()) {
    const { name, value, deleted } = readSetCookie(header);
    const age = /;\s*max-age=(\d+)/i.exec(header);
    if (name === AFFINITY_COOKIE) {
      if (!deleted) affinity = value;
      continue;
    }
    cookies ??= { ...presented?.cookies };
    if (deleted) {
      delete cookies[name];
    } else {
      if (cookies[name] !== value) newCookie = true; // a re-sent identical cookie is the same credential
      else resent = true;
      cookies[name] = value;
      if (age) maxAge = Math.max(maxAge ?? 0, Number(age[1]));
      const until = /;\s*expires=([^;]+)/i.exec(header);
      const at = until ? Date.parse(until[1]) : NaN;
      if (!age && Number.isFinite(at)) expires = Math.max(expires ?? -Infinity, Math.floor(at / 1000));
    }
  }
  const token = typeof body.token === 'string' ? body.token : typeof body.accessToken === 'string' ? body.accessToken : null;
  const refresh = typeof body.refreshToken === 'string' ? body.refreshToken : null;
  const read: { -readonly [K in keyof ReadResponse]: ReadResponse[K] } = { status: response.status };
  const user = response.status === 200 ? userIndex(body.user) : undefined;
  if (user !== undefined) read.user = user;
  if (user !== undefined && Number.isSafeInteger(body.items) && (body.items as number) >= 0) read.items = body.items as number;
  const node = nodeIndex(response.headers.get(NODE_HEADER));
  if (node !== null) read.node = node;
  const newToken = (token !== null && token !== presented?.token) || (refresh !== null && refresh !== presented?.refresh);
  if (newCookie || newToken) {
    read.issued = { cookies: cookies ?? presented?.cookies ?? {}, token: token ?? presented?.token ?? null, refresh: refresh ?? presented?.refresh ?? null };
  }
  if (affinity !== undefined) read.affinity = affinity;
  if (maxAge !== undefined && read.issued) read.maxAge = maxAge;
  if (expires !== undefined && read.issued) read.expires = expires;
  if (!read.issued && (resent || (token !== null && token === presented?.token))) read.resent = true;
  return read;
}

/** Lenient UTF-8, as `Response.text()` decodes (a BOM dropped, bad bytes replaced); non-streaming calls share it. */
const UTF8 = new TextDecoder();

/** The body as `response.text()` reads it, minus undici's consuming machinery around the reader. */
async function readText(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return UTF8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
}

/** A JSON object body; anything else (empty, not JSON, not an object) carries no user and no token. */
function jsonObject(text: string): Record<string, unknown> {
  if (text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, unknown>;
  } catch {
    // A non-JSON body carries no user and no token.
  }
  return {};
}
