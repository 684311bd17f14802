/**
 * `safety.fixation` on the implementation (OWASP Session Management): login always issues a new
 * credential, whatever the request carried; a pre-login ID chosen by an attacker (a random one,
 * or the attacker's own session or token) is never authenticated as the victim; unknown IDs are
 * never adopted (not accepted, not created in the store); every cookie set carries HttpOnly,
 * Secure, SameSite=Lax (or Strict) and Path=/.
 *
 * Nothing is keyed to a built-in: the planted credentials take the shape of what the system
 * issues (its own cookie names, a token), and "created in the store" is any key that contains a
 * planted cookie value, whatever the key layout.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { NodeBench } from '../../impl/security/bench.ts';
import type { ImplCheck, ImplCheckOptions } from '../implChecks.ts';
import { cellSeed } from '../seed.ts';
import { call, login, present, sameShape, type Credential } from './session.ts';
import { FindingError, findingOf, implVerdict } from './verdicts.ts';

const PROPERTY = 'safety.fixation';
const ACTIONS = ['login(u1)', 'login(u0)', 'whoami(u0)'];
const REQUIRED_FLAGS = ['httponly', 'secure', 'samesite=lax', 'path=/'];

type PreLogin = 'none' | 'random-id' | 'attacker-credential' | 'garbage';

interface Attempt {
  readonly preLogin: PreLogin;
  readonly node: number;
}

function fail(detail: string): never {
  throw new FindingError({ actions: ACTIONS, detail });
}

/**
 * The credential an attacker plants before the victim's login, shaped like what the system issues
 * (the attacker's own login shows it): the same cookie names and, for tokens, a token.
 */
function preLoginCredential(kind: PreLogin, attacker: Credential): Credential {
  const cookies = attacker.cookies ?? [];
  switch (kind) {
    case 'none':
      return {};
    case 'random-id':
      return {
        cookies: cookies.length > 0 ? cookies.map(([name, value]) => [name, sameShape(value)] as const) : [['sid', randomBytes(16).toString('base64url')]],
        token: attacker.token !== undefined ? sameShape(attacker.token) : `${randomBytes(12).toString('base64url')}.${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
      };
    case 'attacker-credential':
      return attacker;
    case 'garbage':
      return { cookies: cookies.length > 0 ? cookies.map(([name]) => [name, 'attacker-chosen'] as const) : [['sid', 'attacker-chosen']], token: 'attacker.chosen.id' };
  }
}

/** The values of a credential that identify it (cookies that are the same at every login, like a preference, do not). */
function identifying(credential: Credential, constant: ReadonlySet<string>): string[] {
  const cookies = (credential.cookies ?? []).filter(([name, value]) => !constant.has(`${name}=${value}`)).map(([, value]) => value);
  return [...cookies, credential.token, credential.refresh].filter((v): v is string => v !== undefined);
}

/** Every Set-Cookie line must carry the four attributes. */
function checkCookieFlags(lines: readonly string[]): void {
  for (const line of lines) {
    const attributes = line.split(';').slice(1).map((a) => a.trim().toLowerCase());
    // SameSite=Strict is stricter than Lax: it satisfies the requirement.
    const missing = REQUIRED_FLAGS.filter((flag) => !attributes.includes(flag) && !(flag === 'samesite=lax' && attributes.includes('samesite=strict')));
    if (missing.length > 0) fail(`login set the cookie "${line}" without ${missing.join(', ')}`);
  }
}

async function fixationRun(options: ImplCheckOptions, attempts: readonly Attempt[]): Promise<void> {
  const bench = await NodeBench.start(options.implementation, { scope: options.scope, seed: options.seed });
  const attackerUser = options.scope.users - 1;
  try {
    const attacker = (await login(bench, 0, attackerUser)).credential;
    // Cookies set with the same value at two logins identify nobody (a preference, a consent flag).
    const again = (await login(bench, bench.size - 1, attackerUser)).credential;
    const constant = new Set((attacker.cookies ?? []).filter(([name, value]) => again.cookies?.some(([n, v]) => n === name && v === value)).map(([n, v]) => `${n}=${v}`));
    const issued = new Set([...identifying(attacker, constant), ...identifying(again, constant)]);
    for (const attempt of attempts) {
      const node = attempt.node % bench.size;
      const pre = preLoginCredential(attempt.preLogin, attacker);
      const planted = new Set(identifying(pre, constant));
      const { credential, issued: response } = await login(bench, node, 0, present(pre, '/login'));
      checkCookieFlags(response.setCookies);
      for (const value of identifying(credential, constant)) {
        if (issued.has(value) || planted.has(value)) fail(`login(u0) with a ${attempt.preLogin} pre-login credential on n${node} issued a credential that was not new: ${value}`);
        issued.add(value);
      }
      // The victim's new credential works where it was issued...
      const me = await call(bench, node, '/me', credential);
      if (me.status !== 200 || me.user !== 'u0') fail(`the credential login(u0) issued on n${node} is not accepted there (${me.status})`);
      // ...and the pre-login one never answers as the victim, on any node.
      if (attempt.preLogin === 'none') continue;
      for (let n = 0; n < bench.size; n++) {
        const after = await call(bench, n, '/me', pre);
        if (after.status === 200 && after.user === 'u0') fail(`after login(u0) on n${node}, the ${attempt.preLogin} pre-login credential is authenticated as u0 on n${n}`);
        if (after.status === 200 && attempt.preLogin !== 'attacker-credential') fail(`the unknown ${attempt.preLogin} ID was adopted: n${n} accepts it as ${after.user}`);
      }
      // An unknown planted ID must not be created in the store, under whatever key layout.
      if (attempt.preLogin !== 'attacker-credential') {
        const keys = await bench.redis.keys('*');
        const cookieValues = (pre.cookies ?? []).map(([, value]) => value).filter((v) => planted.has(v));
        const adopted = keys.find((key) => cookieValues.some((value) => key.includes(value)));
        if (adopted !== undefined) fail(`the unknown pre-login cookie value ${cookieValues.find((v) => adopted.includes(v))} now exists in the store (key ${adopted})`);
      }
    }
  } finally {
    await bench.close();
  }
}

/** The check registered for `safety.fixation`. */
export const fixation: ImplCheck = async (options) => {
  const attempt = fc.record({ preLogin: fc.constantFrom<PreLogin>('none', 'random-id', 'attacker-credential', 'garbage'), node: fc.nat(7) });
  let index = 0;
  let failedAt: number | undefined;
  const details = await fc.check(
    fc.asyncProperty(fc.array(attempt, { minLength: 1, maxLength: 5 }), async (attempts) => {
      const run = index++;
      await fixationRun(options, attempts).catch((error: unknown) => {
        failedAt ??= run;
        throw error;
      });
    }),
    { seed: cellSeed(options.seed, options.strategy, PROPERTY), numRuns: options.runs },
  );
  const runs = failedAt === undefined ? options.runs : failedAt + 1;
  return implVerdict(PROPERTY, options, details.failed ? { runs, finding: findingOf(details.errorInstance, ACTIONS) } : { runs });
};
