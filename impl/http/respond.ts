/** JSON responses. Errors answer `{ error: code, message }` so clients can match on the code. */
import type { HttpError } from '../errors.ts';

/** A JSON response with optional extra headers (`Set-Cookie` may repeat). */
export function json(status: number, body: unknown, setCookies: readonly string[] = []): Response {
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(JSON.stringify(body), { status, headers });
}

/** The response for a refused request. */
export function errorResponse(error: HttpError): Response {
  return json(error.status, { error: error.code, message: error.message });
}
