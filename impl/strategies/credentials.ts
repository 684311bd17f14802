/**
 * Reading the credential a request presents, shared by the built-in strategies: the session
 * cookie, the bearer token, and the refresh token in a JSON body.
 */
import { badRequest, unauthorized } from '../errors.ts';
import { readJsonObject, type Incoming } from '../http/incoming.ts';
import { serializeCookie } from '../http/cookies.ts';
import { SESSION_ID_PATTERN } from '../session/data.ts';

/** Name of the session cookie the session strategies set. */
export const SESSION_COOKIE = 'sid';

/** The session ID cookie: 401 when absent, 400 when it is not a session ID's shape. */
export function sessionId(incoming: Incoming): string {
  const sid = incoming.cookies.get(SESSION_COOKIE);
  if (sid === undefined) throw unauthorized('no session cookie');
  if (!SESSION_ID_PATTERN.test(sid)) throw badRequest('malformed session cookie');
  return sid;
}

/** `Set-Cookie` for a new session. */
export function sessionCookie(sid: string): string {
  return serializeCookie(SESSION_COOKIE, sid);
}

/** `Set-Cookie` that makes the client forget its session. */
export function clearedSessionCookie(): string {
  return serializeCookie(SESSION_COOKIE, '', { maxAge: 0 });
}

/** The bearer token: 401 when absent (its syntax was checked by the router). */
export function bearerToken(incoming: Incoming): string {
  if (incoming.bearer === null) throw unauthorized('no bearer token');
  return incoming.bearer;
}

/** `{"refreshToken": "…"}` from a JSON body: 401 when absent, 400 when not a string. */
export async function refreshTokenFromBody(incoming: Incoming): Promise<string> {
  const body = await readJsonObject(incoming.request);
  const token = body.refreshToken;
  if (token === undefined) throw unauthorized('no refresh token');
  if (typeof token !== 'string' || token.length === 0) throw badRequest('refreshToken must be a string');
  return token;
}
