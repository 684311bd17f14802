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
import { call, familyOf, login, present, type Credential } from './session.ts';
import { FindingError, findingOf, implVerdict } from './verdicts.ts';

const PROPERTY = 'concurrency.no-lost-update';

/** Items the session holds after the race, as the strategy keeps them. */
async function persistedItems(options: ImplCheckOptions, bench: NodeBench, credential: Credential, last: Issued | undefined): Promise<number> {
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
    const nodeMemory = options.strategy === 'in-memory' || options.strategy === 'sticky';
    scheduleStore(bench, s);
    const delivered = await runConcurrently(bench, s, nodes.map((n, i) => ({
      name: `r${i + 1}`, node: nodeMemory ? 0 : n % bench.size, method: 'POST', path: '/cart', parts: present(credential, '/cart'),
    })));
    unschedule(bench);
    const accepted = delivered.filter((d) => d.issued.status === 200);
    const last = accepted[accepted.length - 1]?.issued;
    const items = await persistedItems(options, bench, credential, last);
    if (items < accepted.length) {
      const where = familyOf(options.strategy) === 'session' ? 'the session holds' : `the token the client keeps (from ${accepted[accepted.length - 1].name}, the last response delivered) carries`;
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
