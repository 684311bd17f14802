/**
 * `safety.forged-rejected` on the implementation: per run, a fresh system (JWT strategies
 * alternate HS256 and ES256, so algorithm confusion is tried where it applies), a user logs in,
 * and {@link FORGERIES_PER_RUN} generated forgeries of that user's credential go straight to the
 * nodes' HTTP apps. One accepted (200), or answered with anything but 400/401, refutes.
 */
import fc from 'fast-check';
import { NodeBench } from '../../impl/security/bench.ts';
import { benchRequest, readIssued, type RequestParts } from '../../impl/security/wire.ts';
import type { JwtAlgorithm } from '../../impl/jwt/keys.ts';
import { unixSeconds } from '../../impl/clock.ts';
import type { ImplCheck, ImplCheckOptions } from '../implChecks.ts';
import { cellSeed } from '../seed.ts';
import { forge, forgeryPlanArbitrary, type ForgeryPlan } from './forgeries.ts';
import { call, familyOf, login, methodOf, type Credential, type Family } from './session.ts';
import { FindingError, findingOf, implVerdict } from './verdicts.ts';

/** Forgeries per run: 200 runs × 7 strategies × 80 = 112,000 per default `verify`. */
export const FORGERIES_PER_RUN = 80;

const PROPERTY = 'safety.forged-rejected';
const ACTIONS = ['login(u0)', 'whoami(u0)'];


function typOf(family: Family, plan: ForgeryPlan): string {
  if (family === 'session') return 'session';
  if (family === 'token') return 'JWT';
  return plan.slot === 'refresh' ? 'rt+jwt' : 'at+jwt';
}

async function tryForgery(bench: NodeBench, family: Family, credential: Credential, plan: ForgeryPlan, node: number): Promise<boolean> {
  const valid = family === 'session' ? credential.sid! : plan.slot === 'refresh' ? credential.refresh! : credential.token!;
  const other = plan.slot === 'refresh' ? credential.token : credential.refresh;
  const forged = await forge(plan.recipe, { valid, other, keys: bench.keys, now: unixSeconds(bench.clock), typ: typOf(family, plan) });
  if (forged.cookieHeader === undefined && forged.value === valid) return false; // the re-encoding changed nothing: no forgery
  const parts: RequestParts = family === 'session' ? { cookie: forged.cookieHeader ?? `sid=${forged.value}` }
    : plan.slot === 'refresh' ? { json: { refreshToken: forged.value } } : { bearer: forged.value };
  let response: Response;
  try {
    response = await bench.send(node, benchRequest(methodOf(plan.path), plan.path, parts));
  } catch (error) {
    throw new FindingError({ actions: ACTIONS, detail: `${plan.path} with a forged credential (${JSON.stringify(plan.recipe)}) made n${node}'s handle reject: ${String(error)}` });
  }
  const issued = await readIssued(response);
  if (issued.status !== 400 && issued.status !== 401) {
    const how = issued.status === 200 ? `accepted it as ${issued.user ?? '?'}` : `answered ${issued.status}`;
    throw new FindingError({
      actions: ACTIONS,
      detail: `n${node} ${how} at ${plan.path}: forged ${plan.slot} credential ${JSON.stringify(plan.recipe)} = ${JSON.stringify(forged.cookieHeader ?? forged.value).slice(0, 400)}`,
    });
  }
  return true;
}

/** Runs the forgeries of one run; returns how many forged credentials were tried. */
async function forgeryRun(options: ImplCheckOptions, index: number, alg: JwtAlgorithm, plans: readonly ForgeryPlan[]): Promise<number> {
  const family = familyOf(options.strategy);
  const bench = await NodeBench.start(options.implementation, { scope: options.scope, seed: options.seed + index, jwtAlgorithm: alg });
  try {
    const { credential } = await login(bench, 0, 0);
    const control = await call(bench, 0, '/me', credential);
    if (control.status !== 200) throw new Error(`the valid credential was refused (${control.status}): nothing to forge from`);
    const nodeMemory = options.strategy === 'in-memory' || options.strategy === 'sticky';
    let tried = 0;
    for (const [i, plan] of plans.entries()) {
      if (await tryForgery(bench, family, credential, plan, nodeMemory ? 0 : i % bench.size)) tried++;
    }
    if (bench.errors.length > 0) throw new FindingError({ actions: ACTIONS, detail: `a node reported an unexpected error: ${bench.errors[0].message} ${String(bench.errors[0].error)}` });
    return tried;
  } finally {
    await bench.close();
  }
}

/** The check registered for `safety.forged-rejected`. */
export const forgedRejected: ImplCheck = async (options) => {
  const family = familyOf(options.strategy);
  // JWT systems are HS256 or ES256 at random per run, so algorithm confusion meets both verifiers.
  const alg: fc.Arbitrary<JwtAlgorithm> = family === 'session' ? fc.constant('HS256') : fc.constantFrom('HS256', 'ES256');
  const plans = fc.array(forgeryPlanArbitrary(family), { minLength: FORGERIES_PER_RUN, maxLength: FORGERIES_PER_RUN });
  let index = 0;
  let trials = 0;
  let failedAt: number | undefined;
  const details = await fc.check(
    fc.asyncProperty(alg, plans, async (algorithm, forgeries) => {
      const run = index++;
      const tried = await forgeryRun(options, run, algorithm, forgeries).catch((error: unknown) => {
        failedAt ??= run;
        throw error;
      });
      if (failedAt === undefined) trials += tried; // shrinking runs are not counted
    }),
    { seed: cellSeed(options.seed, options.strategy, PROPERTY), numRuns: options.runs },
  );
  const runs = failedAt === undefined ? options.runs : failedAt + 1;
  if (!details.failed) return implVerdict(PROPERTY, options, { runs, trials });
  return implVerdict(PROPERTY, options, { runs, trials, finding: findingOf(details.errorInstance, ACTIONS) });
};
