/**
 * `concurrency.no-lost-update` on the implementation: after login, 2–4 addItem requests on the
 * one session run concurrently while fast-check's scheduler picks the order of their starts,
 * store round trips and response deliveries. Every accepted (200) addItem must persist: the
 * session (node memory, the store's hash) or the token the client keeps (JWTs: the last one
 * delivered) holds as many items as were acknowledged. Node-memory requests go to the node
 * holding the session (where sticky routing sends them); the others spread over the nodes.
 */
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { NodeBench } from '../../impl/security/bench.ts';
import type { Issued } from '../../impl/security/wire.ts';
import type { ImplCheck, ImplCheckOptions } from '../implChecks.ts';
import { cellSeed } from '../seed.ts';
import { renderSchedule, runConcurrently, scheduleStore, unschedule } from './schedule.ts';
import { call, credentialFrom, familyOf, familyOfIssued, login, present, type Credential } from './session.ts';
import { FindingError, findingOf, implVerdict } from './verdicts.ts';

const PROPERTY = 'concurrency.no-lost-update';

/** The cart count a `/me` answer reports (`items`), if it reports one. */
function reportedItems(answer: Issued): number | null {
  return typeof answer.body.items === 'number' && Number.isInteger(answer.body.items) ? answer.body.items : null;
}

/** Items the session holds after the race, as the strategy keeps them (on the wire: as its `/me` reports them). */
async function persistedItems(options: ImplCheckOptions, bench: NodeBench, credential: Credential, last: Issued | undefined, node: number): Promise<number> {
  if (options.observe === 'wire') {
    const me = await call(bench, node, '/me', last ? credentialFrom(last, credential) : credential);
    const items = reportedItems(me);
    if (items === null) throw new Error(`/me stopped reporting items after the race (${me.status}: ${JSON.stringify(me.body).slice(0, 200)})`);
    return items;
  }
  const family = familyOf(options.strategy);
  if (family !== 'session') {
    const token = last?.token ?? credential.token!;
    const cart = decodeJwt(token).cart;
    return Array.isArray(cart) ? cart.length : 0;
  }
  if (options.strategy === 'in-memory' || options.strategy === 'sticky') {
    const me = await call(bench, 0, '/me', credential);
    return Number(me.body.items);
  }
  return Number(await bench.redis.hget(`sess:${credential.sid}`, 'items'));
}

async function raceRun(options: ImplCheckOptions, s: fc.Scheduler, nodes: readonly number[]): Promise<void> {
  const bench = await NodeBench.start(options.implementation, { scope: options.scope, seed: options.seed });
  try {
    const { credential } = await login(bench, 0, 0);
    // Built-ins: node memory answers at the node holding the session. On the wire: the nodes that accept it.
    let serving = [0];
    if (options.observe === 'wire') {
      for (let n = 1; n < bench.size; n++) if ((await call(bench, n, '/me', credential)).status === 200) serving.push(n);
    } else if (!(options.strategy === 'in-memory' || options.strategy === 'sticky')) {
      serving = [...Array(bench.size).keys()];
    }
    scheduleStore(bench, s);
    const delivered = await runConcurrently(bench, s, nodes.map((n, i) => ({
      name: `r${i + 1}`, node: serving[n % serving.length], method: 'POST', path: '/cart', parts: present(credential, '/cart'),
    })));
    unschedule(bench);
    const accepted = delivered.filter((d) => d.issued.status === 200);
    const last = accepted[accepted.length - 1]?.issued;
    const items = await persistedItems(options, bench, credential, last, serving[0]);
    if (items < accepted.length) {
      const where = options.observe === 'wire' ? `n${serving[0]}'s /me then reports` : familyOf(options.strategy) === 'session' ? 'the session holds' : `the token the client keeps (from ${accepted[accepted.length - 1].name}, the last response delivered) carries`;
      throw new FindingError({
        actions: ['login(u0)', ...nodes.map(() => 'addItem(u0)')],
        detail: `${nodes.length} concurrent addItem(u0) requests (${delivered.map((d) => `${d.name} → ${d.issued.status}`).join(', ')}): ${accepted.length} acknowledged, but ${where} ${items} item${items === 1 ? '' : 's'}; the interleaving is the schedule`,
        schedule: renderSchedule(s),
      });
    }
    if (bench.errors.length > 0) throw new Error(`a node reported an unexpected error: ${bench.errors[0].message}`);
  } finally {
    await bench.close();
  }
}

/** The check registered for `concurrency.no-lost-update`. */
export const noLostUpdate: ImplCheck = async (options) => {
  if (options.observe === 'wire') {
    const unobservable = await wireUnobservable(options);
    if (unobservable !== null) return { property: PROPERTY, verdict: 'n/a', runs: 0, note: unobservable };
  }
  const seed = cellSeed(options.seed, options.strategy, PROPERTY);
  const first = await race(options, seed, options.runs, 2, 4);
  if (!first.details.failed) return implVerdict(PROPERTY, options, { runs: options.runs });
  const runs = (first.failedAt ?? options.runs - 1) + 1;
  // fast-check shrinks the requests and the scheduler's choices together, and a race with one
  // request fewer under the shrunk schedule often no longer loses anything: it can stop at three
  // requests. So smaller races are searched directly, smallest first, and the smallest found wins.
  let smallest = first.details;
  const found = (smallest.counterexample?.[1] as number[] | undefined)?.length ?? 4;
  for (let requests = 2; requests < found; requests++) {
    const smaller = await race(options, seed + requests, options.runs, requests, requests);
    if (smaller.details.failed) {
      smallest = smaller.details;
      break;
    }
  }
  return implVerdict(PROPERTY, options, { runs, finding: findingOf(smallest.errorInstance, ['login(u0)', 'addItem(u0)', 'addItem(u0)']) });
};

/**
 * Why the wire gives no way to observe the cart of this system (null when it does: its `/me`
 * answers report the cart count as `items`). The wire has no cart read-back route, and a token's
 * claims are the system's own business, so a system whose `/me` does not report `items` cannot be
 * judged: `n/a`, never `holds` without evidence.
 */
async function wireUnobservable(options: ImplCheckOptions): Promise<string | null> {
  const bench = await NodeBench.start(options.implementation, { scope: options.scope, seed: options.seed });
  try {
    const { credential, issued } = await login(bench, 0, 0);
    const family = familyOfIssued(issued);
    const me = await call(bench, 0, '/me', credential);
    if (reportedItems(me) !== null) return null;
    const what = family === 'session' ? 'the cart lives behind the cookie' : family === null ? 'login issued no credential the wire conventions know' : 'the cart lives in the token, whose claims the wire conventions do not define';
    return `lost updates cannot be observed on the wire: /me does not report the cart count (items) and there is no cart read-back route; ${what}`;
  } finally {
    await bench.close();
  }
}

/** Races of `min`–`max` concurrent addItem requests under fast-check's scheduler, shrunk on failure. */
async function race(options: Parameters<ImplCheck>[0], seed: number, numRuns: number, min: number, max: number) {
  let index = 0;
  let failedAt: number | undefined;
  const details = await fc.check(
    fc.asyncProperty(fc.scheduler(), fc.array(fc.nat(7), { minLength: min, maxLength: max }), async (s, nodes) => {
      const run = index++;
      await raceRun(options, s, nodes).catch((error: unknown) => {
        failedAt ??= run;
        throw error;
      });
    }),
    { seed, numRuns },
  );
  return { details, failedAt };
}
