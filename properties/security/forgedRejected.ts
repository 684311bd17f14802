/**
 * `safety.forged-rejected` on the implementation: per run, a fresh system (JWT strategies
 * alternate HS256 and ES256, so algorithm confusion is tried where it applies), a user logs in,
 * and {@link FORGERIES_PER_RUN} generated forgeries of that user's credential go straight to the
 * nodes' HTTP apps. One accepted (200), or answered with anything but 400/401, refutes.
 *
 * Run 0 also samples the credentials of {@link GUESS_SAMPLES} logins: a credential whose values
 * carry fewer than 64 bits (guessable.ts: an upper bound read off those values) is guessable, a
 * forgery no battery of tampered values tries. A tampered cookie that changes whom the request is
 * accepted as refutes even when the other cookies alone would be accepted (a user-name cookie
 * trusted over the store).
 *
 * Nothing is keyed to a built-in: the attacks follow what login issues under the wire conventions
 * (cookies: each cookie value tampered, truncated, replaced by a random one of the same shape or
 * renamed, the other cookies sent as set; a token: the JWT forgeries), so it runs on any plug-in.
 */
import fc from 'fast-check';
import { NodeBench } from '../../impl/security/bench.ts';
import { benchRequest, readIssued, type RequestParts } from '../../impl/security/wire.ts';
import type { JwtAlgorithm } from '../../impl/jwt/keys.ts';
import { unixSeconds } from '../../impl/clock.ts';
import { decodeProtectedHeader } from 'jose';
import type { ImplCheck, ImplCheckOptions } from '../implChecks.ts';
import { cellSeed } from '../seed.ts';
import { forge, forgeryPlanArbitrary, type ForgeryPlan } from './forgeries.ts';
import { call, cookieHeader, issuedFamily, login, methodOf, type Credential, type Family } from './session.ts';
import { FindingError, findingOf, implVerdict } from './verdicts.ts';
import { describeBound, GUESS_SAMPLES, guessBound, MIN_CREDENTIAL_BITS } from './guessable.ts';

/** Forgeries per run: 200 runs × 7 strategies × 80 = 112,000 per default `verify`. */
export const FORGERIES_PER_RUN = 80;

const PROPERTY = 'safety.forged-rejected';
const ACTIONS = ['login(u0)', 'whoami(u0)'];


/** The `typ` a forgery of `value` carries: the token's own header's (the system's convention), `session` for cookies. */
function typOf(family: Family, value: string | undefined): string {
  if (family === 'session' || value === undefined) return 'session';
  try {
    const typ = decodeProtectedHeader(value).typ;
    return typeof typ === 'string' ? typ : 'JWT';
  } catch {
    return 'JWT';
  }
}

/** A cookie value as a server reads it (quotes stripped, percent-decoded): a re-spelling of the same value is no forgery. */
function cookieMeaning(value: string): string {
  const unquoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    return unquoted;
  }
}

/** The cookies a credential presents, as set (the wire conventions: every cookie but `lb`). */
function cookiesOf(credential: Credential): readonly (readonly [string, string])[] {
  return credential.cookies ?? (credential.sid !== undefined ? [['sid', credential.sid]] : []);
}

async function accepted(bench: NodeBench, node: number, path: string, parts: RequestParts): Promise<boolean> {
  return (await readIssued(await bench.send(node, benchRequest(methodOf(path), path, parts)))).status === 200;
}

/**
 * Sends one forgery (plan `i`) to `node`; returns whether a forged credential was tried. For
 * cookies, one cookie of those set is tampered (the `i`-th, cyclically) and the others are sent
 * as set; an acceptance counts only when the same request without that cookie is refused (else the
 * tampered cookie is not what authenticates).
 */
async function tryForgery(bench: NodeBench, family: Family, credential: Credential, plan: ForgeryPlan, node: number, i: number): Promise<boolean> {
  const cookies = cookiesOf(credential);
  const pick = i % Math.max(cookies.length, 1);
  const valid = family === 'session' ? cookies[pick][1] : plan.slot === 'refresh' ? credential.refresh! : credential.token!;
  const other = plan.slot === 'refresh' ? credential.token : credential.refresh;
  const forged = await forge(plan.recipe, { valid, other, keys: bench.keys, now: unixSeconds(bench.clock), typ: typOf(family, family === 'session' ? undefined : valid) });
  let parts: RequestParts;
  let without: RequestParts | null = null;
  if (family === 'session') {
    const [name] = cookies[pick];
    const renamed = forged.cookieHeader !== undefined ? forged.cookieHeader.slice(0, forged.cookieHeader.indexOf('=')) : name;
    if (renamed === name && cookieMeaning(forged.value) === cookieMeaning(valid)) return false; // the same cookie: no forgery
    const rest = cookies.filter((_, k) => k !== pick);
    const sent = cookies.map(([n, v], k) => (k === pick ? [renamed, forged.value] as const : [n, v] as const));
    parts = { cookie: cookieHeader(sent) };
    without = rest.length > 0 ? { cookie: cookieHeader(rest) } : {};
  } else {
    if (forged.value === valid) return false; // the re-encoding changed nothing: no forgery
    parts = plan.slot === 'refresh' ? { json: { refreshToken: forged.value } } : { bearer: forged.value };
  }
  let response: Response;
  try {
    response = await bench.send(node, benchRequest(methodOf(plan.path), plan.path, parts));
  } catch (error) {
    throw new FindingError({ actions: ACTIONS, detail: `${plan.path} with a forged credential (${JSON.stringify(plan.recipe)}) made n${node}'s handle reject: ${String(error)}` });
  }
  const issued = await readIssued(response);
  if (issued.status !== 400 && issued.status !== 401) {
    // A cookie whose tampering changes nothing may be one the route ignores; one that changes who
    // the request is accepted as authenticates, whatever the other cookies do.
    const asOwner = issued.status === 200 && (issued.user === undefined || issued.user === 'u0');
    if (asOwner && without !== null && await accepted(bench, node, plan.path, without)) return false; // the tampered cookie does not authenticate
    const as = issued.user === undefined ? '?' : /^u\d+$/.test(issued.user) ? issued.user : `${JSON.stringify(issued.user)} (u0 logged in)`;
    const how = issued.status === 200 ? `accepted it as ${as}` : `answered ${issued.status}`;
    const shown = family === 'session' ? parts.cookie : forged.value;
    throw new FindingError({
      actions: ACTIONS,
      detail: `n${node} ${how} at ${plan.path}: forged ${plan.slot} credential ${JSON.stringify(plan.recipe)} = ${JSON.stringify(shown).slice(0, 400)}`,
    });
  }
  return true;
}

/** Everything a credential presents, as one string (cookies by name, then the tokens). */
function credentialText(credential: Credential): string {
  const cookies = [...cookiesOf(credential)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [...cookies.map(([name, value]) => `${name}=${value}`), credential.token ?? '', credential.refresh ?? ''].join(' ');
}

/** The guessing half of the property (guessable.ts): {@link GUESS_SAMPLES} logins, and a finding when their credentials are too small a space. */
async function judgeGuessing(bench: NodeBench, first: Credential, users: number): Promise<void> {
  const values = [credentialText(first)];
  for (let i = 1; i < GUESS_SAMPLES; i++) values.push(credentialText((await login(bench, i % bench.size, i % users)).credential));
  // One user's credentials may all be one signed value (a MAC of the same session): that is no
  // guessable value, and with one user there is no other user's to tell it from a constant.
  if (users < 2 && values.every((v) => v === values[0])) return;
  const bound = guessBound(values);
  if (bound.bits < MIN_CREDENTIAL_BITS) throw new FindingError({ actions: ACTIONS, detail: describeBound('the credential login issues', bound, values[0]) });
}

/** Runs the forgeries of one run; returns how many forged credentials were tried. */
async function forgeryRun(options: ImplCheckOptions, family: Family, index: number, alg: JwtAlgorithm, plans: readonly ForgeryPlan[]): Promise<number> {
  const bench = await NodeBench.start(options.implementation, { scope: options.scope, seed: options.seed + index, jwtAlgorithm: alg });
  try {
    const { credential } = await login(bench, 0, 0);
    const control = await call(bench, 0, '/me', credential);
    if (control.status !== 200) throw new Error(`the valid credential was refused (${control.status}): nothing to forge from`);
    if (index === 0) await judgeGuessing(bench, credential, options.scope.users);
    // Forgeries go to the nodes that accept the valid credential (node memory: the node that issued it).
    const nodes = [0];
    for (let n = 1; n < bench.size; n++) if ((await call(bench, n, '/me', credential)).status === 200) nodes.push(n);
    let tried = 0;
    for (const [i, plan] of plans.entries()) {
      if (await tryForgery(bench, family, credential, plan, nodes[i % nodes.length], i)) tried++;
    }
    if (bench.errors.length > 0) throw new FindingError({ actions: ACTIONS, detail: `a node reported an unexpected error: ${bench.errors[0].message} ${String(bench.errors[0].error)}` });
    return tried;
  } finally {
    await bench.close();
  }
}

/** The check registered for `safety.forged-rejected`. */
export const forgedRejected: ImplCheck = async (options) => {
  // What login issues decides the attacks (cookies, a token, a token and a refresh token).
  const family = await issuedFamily(options.implementation, options.scope, options.seed);
  // JWT systems are HS256 or ES256 at random per run, so algorithm confusion meets both verifiers.
  const alg: fc.Arbitrary<JwtAlgorithm> = family === 'session' ? fc.constant('HS256') : fc.constantFrom('HS256', 'ES256');
  const plans = fc.array(forgeryPlanArbitrary(family), { minLength: FORGERIES_PER_RUN, maxLength: FORGERIES_PER_RUN });
  let index = 0;
  let trials = 0;
  let failedAt: number | undefined;
  const details = await fc.check(
    fc.asyncProperty(alg, plans, async (algorithm, forgeries) => {
      const run = index++;
      const tried = await forgeryRun(options, family, run, algorithm, forgeries).catch((error: unknown) => {
        failedAt ??= run;
        throw error;
      });
      if (failedAt === undefined) trials += tried; // runs after a failure are not counted
    }),
    // No shrinking: the finding names the one forgery that was accepted, and each shrinking step
    // would start a system and send up to 80 forgeries again (tens of seconds on an accepting system).
    { seed: cellSeed(options.seed, options.strategy, PROPERTY), numRuns: options.runs, endOnFailure: true },
  );
  const runs = failedAt === undefined ? options.runs : failedAt + 1;
  if (!details.failed) return implVerdict(PROPERTY, options, { runs, trials });
  return implVerdict(PROPERTY, options, { runs, trials, finding: findingOf(details.errorInstance, ACTIONS) });
};
