/**
 * `concurrency.no-lost-update` on the implementation: after login, 2–4 addItem requests on the
 * one session run concurrently while fast-check's scheduler picks the order of their starts,
 * store round trips and response deliveries. Every accepted (200) addItem must persist: the
 * session (node memory, the store's hash) or the token the client keeps (JWTs: the last one
 * delivered) holds as many items as were acknowledged. Node-memory requests go to the node
 * holding the session (where sticky routing sends them); the others spread over the nodes.
 *
 * A plug-in (`observe: 'wire'`) is judged by its answers only: the cart count its `/me` reports
 * (`items`), else the size of the credential it issues when that size shows the cart (it grows at
 * each addItem up to the model's cap, then stops), else `n/a` with the reason: no cart read-back
 * route exists, and a verdict needs evidence.
 */
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { NodeBench } from '../../impl/security/bench.ts';
import type { Issued } from '../../impl/security/wire.ts';
import type { ImplCheck, ImplCheckOptions } from '../implChecks.ts';
import { cellSeed } from '../seed.ts';
import { renderSchedule, runConcurrently, scheduleStore, unschedule } from './schedule.ts';
import { SIZE_SLACK_BYTES } from '../checks/token.ts';
import { call, cookieHeader, credentialFrom, familyOf, familyOfIssued, login, present, type Credential } from './session.ts';
import { FindingError, findingOf, implVerdict } from './verdicts.ts';

const PROPERTY = 'concurrency.no-lost-update';

/** The cart count a `/me` answer reports (`items`), if it reports one. */
function reportedItems(answer: Issued): number | null {
  return typeof answer.body.items === 'number' && Number.isInteger(answer.body.items) ? answer.body.items : null;
}

/**
 * How a plug-in's cart is observed on the wire: `items`, its `/me` reports the cart count;
 * `size`, the credential carries the cart (each addItem makes it grow by more than
 * {@link SIZE_SLACK_BYTES} until the cart holds `scope.maxItems`, the model's cap, and then it
 * stops growing), so the items a credential carries are `maxItems` minus the addItems that still
 * make it grow.
 */
type WireEvidence = 'items' | 'size';

/** The bytes of the main credential a client presents (the token, else the cookies as sent). */
function credentialBytes(credential: Credential): number {
  return Buffer.byteLength(credential.token ?? (credential.cookies ? cookieHeader(credential.cookies) : ''));
}

/**
 * Sequential addItems from `credential` at `node` until the credential stops growing: how many
 * made it grow, or null when it was refused or still grew after `maxItems + 1` of them.
 */
async function growingAdds(bench: NodeBench, node: number, credential: Credential, maxItems: number): Promise<number | null> {
  let current = credential;
  for (let added = 0; added <= maxItems; added++) {
    const answer = await call(bench, node, '/cart', current);
    if (answer.status !== 200) return null;
    const next = credentialFrom(answer, current);
    if (credentialBytes(next) - credentialBytes(current) <= SIZE_SLACK_BYTES) return added;
    current = next;
  }
  return null;
}

/** Items the session holds after the race, as the strategy keeps them (on the wire: as its answers show them). */
async function persistedItems(options: ImplCheckOptions, wire: WireEvidence | null, bench: NodeBench, credential: Credential, last: Issued | undefined, node: number): Promise<number> {
  if (wire === 'size') {
    const grew = await growingAdds(bench, node, last ? credentialFrom(last, credential) : credential, options.scope.maxItems);
    if (grew === null) throw new Error('after the race, the credential kept growing past the cart\'s cap (or addItem was refused): its size no longer shows the cart');
    return options.scope.maxItems - grew;
  }
  if (wire === 'items') {
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

async function raceRun(options: ImplCheckOptions, wire: WireEvidence | null, s: fc.Scheduler, nodes: readonly number[]): Promise<void> {
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
    const items = await persistedItems(options, wire, bench, credential, last, serving[0]);
    if (items < accepted.length) {
      const where = wire === 'items' ? `n${serving[0]}'s /me then reports`
        : wire === 'size' ? `the credential the client keeps (from ${accepted[accepted.length - 1].name}, the last response delivered) grows at only ${options.scope.maxItems - items} more addItem(u0) before the cart's cap of ${options.scope.maxItems}, so it carries` : familyOf(options.strategy) === 'session' ? 'the session holds' : `the token the client keeps (from ${accepted[accepted.length - 1].name}, the last response delivered) carries`;
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
  let wire: WireEvidence | null = null;
  if (options.observe === 'wire') {
    const evidence = await wireEvidence(options);
    if (evidence !== 'items' && evidence !== 'size') return { property: PROPERTY, verdict: 'n/a', runs: 0, note: evidence };
    wire = evidence;
  }
  const seed = cellSeed(options.seed, options.strategy, PROPERTY);
  const first = await race(options, wire, seed, options.runs, 2, 4);
  if (!first.details.failed) return implVerdict(PROPERTY, options, { runs: options.runs });
  const runs = (first.failedAt ?? options.runs - 1) + 1;
  // fast-check shrinks the requests and the scheduler's choices together, and a race with one
  // request fewer under the shrunk schedule often no longer loses anything: it can stop at three
  // requests. So smaller races are searched directly, smallest first, and the smallest found wins.
  let smallest = first.details;
  const found = (smallest.counterexample?.[1] as number[] | undefined)?.length ?? 4;
  for (let requests = 2; requests < found; requests++) {
    const smaller = await race(options, wire, seed + requests, options.runs, requests, requests);
    if (smaller.details.failed) {
      smallest = smaller.details;
      break;
    }
  }
  return implVerdict(PROPERTY, options, { runs, finding: findingOf(smallest.errorInstance, ['login(u0)', 'addItem(u0)', 'addItem(u0)']) });
};

/**
 * How the wire shows this system's cart ({@link WireEvidence}), or why it does not (the note of an
 * `n/a`). The wire has no cart read-back route and a token's claims are the system's own business,
 * so a system whose `/me` reports no `items` and whose credential does not grow with the cart
 * cannot be judged: `n/a`, never `holds` without evidence.
 */
async function wireEvidence(options: ImplCheckOptions): Promise<WireEvidence | string> {
  const bench = await NodeBench.start(options.implementation, { scope: options.scope, seed: options.seed });
  try {
    const { credential, issued } = await login(bench, 0, 0);
    const family = familyOfIssued(issued);
    if (family === null) return 'lost updates cannot be observed: login issued no credential the wire conventions know';
    if (reportedItems(await call(bench, 0, '/me', credential)) !== null) return 'items';
    const grew = await growingAdds(bench, 0, credential, options.scope.maxItems);
    if (grew === options.scope.maxItems) return 'size';
    const how = grew === null ? 'it kept growing past the cap, or an addItem was refused' : `it grew at ${grew} of ${options.scope.maxItems} sequential addItems`;
    return `lost updates cannot be observed on the wire: /me does not report the cart count (items), there is no cart read-back route, and the credential's size does not show the cart (${how})`;
  } finally {
    await bench.close();
  }
}

/** Races of `min`–`max` concurrent addItem requests under fast-check's scheduler, shrunk on failure. */
async function race(options: Parameters<ImplCheck>[0], wire: WireEvidence | null, seed: number, numRuns: number, min: number, max: number) {
  let index = 0;
  let failedAt: number | undefined;
  const details = await fc.check(
    fc.asyncProperty(fc.scheduler(), fc.array(fc.nat(7), { minLength: min, maxLength: max }), async (s, nodes) => {
      const run = index++;
      await raceRun(options, wire, s, nodes).catch((error: unknown) => {
        failedAt ??= run;
        throw error;
      });
    }),
    { seed, numRuns },
  );
  return { details, failedAt };
}
