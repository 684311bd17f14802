/**
 * Strict `Cookie` parsing (RFC 6265 §4.2 syntax) and `Set-Cookie` serialisation. A header that
 * does not parse is refused with 400 rather than half-read: a lenient parser is how cookie
 * smuggling and fixation bugs start.
 */
import { badRequest } from '../errors.ts';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// cookie-octet: printable US-ASCII except space, DQUOTE, comma, semicolon and backslash.
const COOKIE_VALUE = /^(?:[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*|"[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*")$/;

/** Attributes every cookie this package sets carries. */
export const COOKIE_ATTRIBUTES = 'HttpOnly; Secure; SameSite=Lax; Path=/';

/**
 * Reads a `Cookie` header into name → value. Absent header: an empty map. Duplicate names are
 * refused too, since which one a server honours differs between frameworks.
 * @throws HttpError 400 (`ERR_BAD_REQUEST`) on any syntax error.
 */
export function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === null) return cookies;
  for (const pair of header.split(/;[ \t]*/)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw badRequest('malformed Cookie header: expected name=value pairs separated by "; "');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (!TOKEN.test(name) || !COOKIE_VALUE.test(value)) throw badRequest(`malformed cookie "${name.slice(0, 40)}"`);
    if (cookies.has(name)) throw badRequest(`cookie "${name}" sent twice`);
    cookies.set(name, value.startsWith('"') ? value.slice(1, -1) : value);
  }
  return cookies;
}

/** A `Set-Cookie` value with this package's attributes; `maxAge: 0` deletes the cookie. */
export function serializeCookie(name: string, value: string, options: { maxAge?: number } = {}): string {
  const maxAge = options.maxAge === undefined ? '' : `; Max-Age=${options.maxAge}`;
  return `${name}=${value}; ${COOKIE_ATTRIBUTES}${maxAge}`;
}

/** `; Max-Age=0` among a `Set-Cookie` header's attributes (each runs to the next `;`). */
const MAX_AGE_ZERO = /;\s*max-age\s*=\s*0\s*(?:;|$)/i;

/** Reads the `name=value` part of a `Set-Cookie` header (clients keep only that). */
export function readSetCookie(header: string): { name: string; value: string; deleted: boolean } {
  const semicolon = header.indexOf(';');
  const pair = semicolon < 0 ? header : header.slice(0, semicolon);
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  const deleted = value === '' || (semicolon >= 0 && MAX_AGE_ZERO.test(header.slice(semicolon)));
  return { name, value, deleted };
}
