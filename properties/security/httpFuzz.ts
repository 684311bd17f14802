/**
 * An HTTP fuzzer for the strategies' apps: generated methods, paths, headers, cookies and bodies
 * (some carrying a real credential, so the fuzz reaches past the credential checks) sent
 * straight to a node's `handle`. A sound app answers every one of them with a deliberate status
 * (200, 400, 401, 404, 405; never 500 or 503 with the store up), never rejects, and never reports
 * an unexpected error (the app's last-resort guard would hide a crash as a 400).
 */
import fc from 'fast-check';
import { NodeBench } from '../../impl/security/bench.ts';
import { BENCH_ORIGIN } from '../../impl/security/wire.ts';
import type { SessionStrategy } from '../../impl/strategy.ts';
import type { Scope } from '../../model/types.ts';
import { login, type Credential } from './session.ts';

/** A generated request, as data (the credential placeholders are filled per system). */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | Uint8Array | null;
}

const CREDENTIAL = '\u0001credential\u0001';
const REFRESH = '\u0001refresh\u0001';
// Characters a header value may hold (visible ASCII, space, tab, obs-text).
const headerChar = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(0x09), fc.integer({ min: 0x80, max: 0xff })).map((c) => String.fromCharCode(c));
const headerText = fc.string({ unit: headerChar, maxLength: 80 }).map((s) => s.trim());
const routes = ['/login', '/me', '/cart', '/logout', '/refresh', '/admin/revoke'];

const path = fc.oneof(
  fc.constantFrom(...routes),
  fc.constantFrom(...routes).chain((r) => fc.constantFrom(`${r}/`, `/${r}`, r.toUpperCase(), `${r}?user=u0`, `${r}%00`, `${r}/..`, `/%2e%2e${r}`, `${r}#x`, `${r};jsessionid=1`)),
  fc.webPath(),
);

const cookie = fc.oneof(
  fc.constant(`sid=${CREDENTIAL}`),
  fc.constantFrom('sid=', 'sid', '=', ';', 'sid=a; sid=b', 'lb=n0', 'lb=n99; sid=x', `sid=${CREDENTIAL}; sid=${CREDENTIAL}`, 'sid="unterminated', 'sid=%41%41'),
  headerText,
  fc.tuple(fc.constantFrom('sid', 'lb', 'SID', ''), headerText).map(([n, v]) => `${n}=${v}`),
);

const authorization = fc.oneof(
  fc.constant(`Bearer ${CREDENTIAL}`),
  fc.constantFrom('Bearer', 'Bearer ', 'Basic dTA6cA==', 'bearer x.y.z', 'Bearer a.b', 'Bearer ....', `Bearer ${CREDENTIAL}=`, 'Bearer e30.e30.'),
  headerText.map((v) => `Bearer ${v}`),
  headerText,
);

const json = fc.oneof(
  fc.constantFrom('{"user":"u0"}', '{"user":"u1"}', '{"user":"u9"}', '{"user":"u00"}', '{"user":["u0"]}', '{"user":null}', '{}', '[]', 'null', '"u0"', '{"user":"u0"', '{"__proto__":{"user":"u0"}}', '{"constructor":{"prototype":{"x":1}}}'),
  fc.constant(`{"refreshToken":"${REFRESH}"}`),
  fc.constantFrom('{"refreshToken":1}', '{"refreshToken":""}', '{"refreshToken":{"$ne":null}}', '{"refreshToken":"a.b.c"}', `{"refreshToken":"${REFRESH}x"}`),
  fc.json({ maxDepth: 3 }),
);

const body: fc.Arbitrary<string | Uint8Array | null> = fc.oneof(
  fc.constant(null),
  json,
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 64 }),
  fc.nat({ max: 6000 }).map((n) => `{"user":"${'u'.repeat(n)}"}`),
);

const header = fc.oneof(
  cookie.map((v) => ['cookie', v] as const),
  authorization.map((v) => ['authorization', v] as const),
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/JSON', 'text/plain', 'application/json; charset=latin1', '', 'multipart/form-data; boundary=x').map((v) => ['content-type', v] as const),
  fc.constantFrom('0', '1', '-1', '99999999', 'abc', '4097').map((v) => ['content-length', v] as const),
  fc.constantFrom('x-admin-key', 'x-sessioncheck-fanout', 'x-forwarded-for', 'host', 'origin').chain((n) => headerText.map((v) => [n, v] as const)),
);

/** Generated requests. */
export const fuzzRequestArbitrary: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), fc.constantFrom('get', 'post', 'PROPFIND', 'M-SEARCH', 'X')),
  path,
  headers: fc.array(header, { maxLength: 4 }),
  body,
});

/** Turns generated data into a Request, filling in the system's real credential. */
export function toRequest(r: FuzzRequest, credential: Credential): Request | null {
  const fill = (s: string) => s.replaceAll(CREDENTIAL, credential.sid ?? credential.token ?? 'x').replaceAll(REFRESH, credential.refresh ?? 'x');
  const headers = new Headers();
  try {
    for (const [name, value] of r.headers) headers.append(name, fill(value));
    const hasBody = r.body !== null && r.method.toUpperCase() !== 'GET' && r.method.toUpperCase() !== 'HEAD';
    const body = hasBody ? (typeof r.body === 'string' ? fill(r.body) : r.body) : undefined;
    return new Request(BENCH_ORIGIN + r.path, { method: r.method, headers, body: body as BodyInit | undefined });
  } catch {
    return null; // not a request a client could send (e.g. a forbidden method): nothing to test
  }
}

/** What went wrong with one fuzzed request, or null. */
export interface FuzzFinding {
  readonly request: FuzzRequest;
  readonly problem: string;
}

/** Sends `runs` fuzzed requests to a fresh system of `strategy`; returns the first finding. */
export async function fuzzStrategy(strategy: SessionStrategy, options: { scope: Scope; seed: number; runs: number }): Promise<FuzzFinding | null> {
  const bench = await NodeBench.start(strategy, { scope: options.scope, seed: options.seed });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const { credential } = await login(bench, 0, 0);
    let finding: FuzzFinding | null = null;
    await fc.assert(
      fc.asyncProperty(fuzzRequestArbitrary, fc.nat(7), async (r, node) => {
        const request = toRequest(r, credential);
        if (request === null) return;
        let status: number;
        try {
          status = (await bench.send(node % bench.size, request)).status;
        } catch (error) {
          finding = { request: r, problem: `handle rejected: ${String(error)}` };
          throw error;
        }
        const problem = ![200, 400, 401, 404, 405].includes(status) ? `answered ${status}`
          : bench.errors.length > 0 ? `unexpected error reported: ${bench.errors[0].message} ${String(bench.errors[0].error)}`
          : unhandled.length > 0 ? `unhandled rejection: ${String(unhandled[0])}` : null;
        if (problem) {
          finding = { request: r, problem };
          throw new Error(problem);
        }
      }),
      { seed: options.seed, numRuns: options.runs },
    ).catch((error: unknown) => {
      finding ??= { request: { method: '?', path: '?', headers: [], body: null }, problem: `the fuzzer failed: ${String(error)}` };
    });
    return finding;
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await bench.close();
  }
}
