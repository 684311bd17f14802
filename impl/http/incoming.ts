/**
 * What a route sees of a request after the router validated its framing: the parsed cookies,
 * the bearer token, and size-limited readers for the JSON body. Every malformed input is a 400
 * thrown here, so handlers only deal with well-formed requests.
 */
import { badRequest } from '../errors.ts';
import type { Scope } from '../../model/index.ts';
import { parseCookies } from './cookies.ts';

/** Largest accepted request body (login, revoke and refresh bodies are tiny). */
export const MAX_BODY_BYTES = 4096;
/** Largest accepted `Cookie` or `Authorization` header (a 50-item JWT is about 6 KB). */
export const MAX_CREDENTIAL_HEADER_BYTES = 16_384;

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;
const USER = /^u(0|[1-9][0-9]{0,5})$/;

/** A validated request. */
export interface Incoming {
  readonly request: Request;
  readonly cookies: ReadonlyMap<string, string>;
  /** The `Authorization: Bearer` token, or null when there is no such header. */
  readonly bearer: string | null;
}

/** Parses the credential headers once; throws 400 on malformed or oversized ones. */
export function readIncoming(request: Request): Incoming {
  const cookie = request.headers.get('cookie');
  const authorization = request.headers.get('authorization');
  if ((cookie?.length ?? 0) > MAX_CREDENTIAL_HEADER_BYTES) throw badRequest('Cookie header too large');
  if ((authorization?.length ?? 0) > MAX_CREDENTIAL_HEADER_BYTES) throw badRequest('Authorization header too large');
  let bearer: string | null = null;
  if (authorization !== null) {
    const m = BEARER.exec(authorization);
    if (!m) throw badRequest('malformed Authorization header: expected "Bearer <token>"');
    bearer = m[1];
  }
  return { request, cookies: parseCookies(cookie), bearer };
}

/**
 * Reads a JSON object body: `Content-Type: application/json`, at most {@link MAX_BODY_BYTES}
 * (checked while streaming, not trusted from Content-Length), valid JSON, an object.
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)) throw badRequest('expected Content-Type: application/json');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (!(declared <= MAX_BODY_BYTES)) throw badRequest(`body larger than ${MAX_BODY_BYTES} bytes`);
  const text = await readLimited(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Reads `{"user": "uN"}` and returns N; the user must exist in the scope. */
export async function readUser(request: Request, scope: Scope): Promise<number> {
  const body = await readJsonObject(request);
  const user = body.user;
  if (typeof user !== 'string' || !USER.test(user)) throw badRequest('expected {"user": "uN"}');
  const index = Number(user.slice(1));
  if (index >= scope.users) throw badRequest(`unknown user "${user}": valid users are u0..u${scope.users - 1}`);
  return index;
}

/** A user's public name (`u3`), as tokens and responses carry it. */
export function userName(index: number): string {
  return `u${index}`;
}

/** Reads a user index back from a name this package wrote (`u3` -> 3). */
export function userIndex(name: unknown): number | undefined {
  return typeof name === 'string' && USER.test(name) ? Number(name.slice(1)) : undefined;
}

/** Strict UTF-8 (a non-streaming `decode` starts afresh on every call, so one decoder serves all). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

async function readLimited(request: Request): Promise<string> {
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw badRequest(`body larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  try {
    return UTF8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  } catch {
    throw badRequest('body is not valid UTF-8');
  }
}
