/** JSON responses. Errors answer `{ error: code, message }` so clients can match on the code. */
import type { HttpError } from '../errors.ts';

const CONTENT_TYPE: [string, string] = ['content-type', 'application/json; charset=utf-8'];
const NO_STORE: [string, string] = ['cache-control', 'no-store'];

/** A JSON response with optional extra headers (`Set-Cookie` may repeat). */
export function json(status: number, body: unknown, setCookies: readonly string[] = []): Response {
  // Header pairs go straight into the Response's own list (no intermediate Headers object).
  const headers: [string, string][] = [CONTENT_TYPE, NO_STORE];
  for (const c of setCookies) headers.push(['set-cookie', c]);
  return new Response(JSON.stringify(body), { status, headers });
}

/** The response for a refused request. */
export function errorResponse(error: HttpError): Response {
  return json(error.status, { error: error.code, message: error.message });
}
