/**
 * The one lockstep engine: a program played on a running system, judged on that system's own
 * trace, and validated against the model.
 *
 * At each step the harness plays the action on the system and records what it saw (the request,
 * the credential presented, the answer, the credentials issued, the store round trips); the
 * knowledge rebuilt from that trace and the probes taken after the step (read-only `GET /me` sent
 * to each node directly, node memory counts, the store's keys) are what every property judges.
 *
 * Conformance is trace validation: the model follows the system's choices — which node the
 * balancer picked, when that node is one the model's balancer may pick (round-robin: any live
 * node; affinity: the pinned node while it is live, else any live node) — and checks the rest
 * (status, user, store round trips, whether a credential was issued). A divergence refutes
 * `conformance.model-impl` at its step; the run goes on, and the other properties keep judging
 * the system's own trace. Which actions are enabled comes from the harness's own view (what it
 * injected, what its clients hold), never from the model.
 */
import fc from 'fast-check';
import type { Jar, StepRecord, SystemUnderTest, WireCredential } from '../impl/index.ts';
import type { BatchRecord } from '../impl/driver/system.ts';
import { forgeCredential } from './attacks.ts';
import { formatAction, isEnabled, parseAction } from '../model/actions.ts';
import { initState, nextState, withClient } from '../model/nextState.ts';
import type { ModelStrategy } from '../model/strategy.ts';
import type { Action, BatchRequest, Observation, Scope, State } from '../model/types.ts';
import { revocationLateness } from './checks/revocation.ts';
import type { CartRead, ProbeAnswer } from './judge/facts.ts';
import { Knowledge } from './judge/knowledge.ts';
import { systemFacts, type Probes } from './judge/systemFacts.ts';
import type { Property, PropertyId, SystemReading, Violation } from './types.ts';

/** How conformance compares store round trips: the exact count (built-ins), or none vs some (plug-ins). */
export type TripCosts = 'exact' | 'presence';

/** The difference between the model's observation and the system's, or `null` when they agree. */
export function conformanceViolation(model: Observation, impl: Observation, trips: TripCosts = 'exact'): Violation | null {
  const off: string[] = [];
  const was: string[] = [];
  if (model.status !== impl.status) { off.push(`status=${impl.status}`); was.push(`status=${model.status}`); }
  if (model.user !== impl.user) { off.push(`user=${String(impl.user)}`); was.push(`user=${String(model.user)}`); }
  const tripsDiffer = trips === 'exact' ? model.storeTrips !== impl.storeTrips : (model.storeTrips > 0) !== (impl.storeTrips > 0);
  if (tripsDiffer) { off.push(`storeTrips=${impl.storeTrips}`); was.push(trips === 'exact' ? `storeTrips=${model.storeTrips}` : `storeTrips ${model.storeTrips > 0 ? '≥ 1' : '= 0'}`); }
  if (off.length === 0) return null;
  return { detail: `the implementation answered ${off.join(', ')} where the model says ${was.join(', ')}` };
}

/** What a lockstep program run found: the actions that ran and the first violation per property. */
export interface LockstepRun {
  readonly executed: string[];
  readonly violations: Map<PropertyId, Violation>;
}

/** The harness's own view of the system: what it injected and what its clients hold. */
interface HarnessView {
  nodes: boolean[];
}

export interface Lockstep {
  /** The reference model the trace is validated against. */
  readonly strategy: ModelStrategy;
  readonly scope: Scope;
  readonly properties: readonly Property[];
  readonly trips: TripCosts;
  /** The model, following the system's choices (meaningless once `diverged`). */
  state: State;
  readonly knowledge: Knowledge;
  readonly view: HarnessView;
  executed: string[];
  violations: Map<PropertyId, Violation>;
  /** Properties whose witness some step of this run reached. */
  readonly witnessed: Set<PropertyId>;
  /** revocation.bounded: the longest a revoked credential was seen accepted (s). */
  window: number | undefined;
  /** Stop at the first violation of any watched property (for shrinking one property). */
  readonly stopOnViolation: boolean;
  /** Told after every step validated against the model whether the two agreed. */
  readonly onStep?: (agreed: boolean) => void;
  /** Sees every step the harness recorded. */
  readonly onRecord?: (record: StepRecord) => void;
  /** The nodes reported their memory (`localSessionCount`) at some step of this run. */
  memoryReported: boolean;
  /** The system and the model have answered differently: the model no longer describes the system. */
  diverged: boolean;
  /** `forge` steps played so far (the k-th picks the k-th recipe: properties/attacks.ts). */
  forgeries: number;
}

export function newLockstep(strategy: ModelStrategy, scope: Scope, properties: readonly Property[], stopOnViolation: boolean, trips: TripCosts = 'exact',
  onStep?: (agreed: boolean) => void, onRecord?: (record: StepRecord) => void): Lockstep {
  return {
    strategy, scope, properties, trips, stopOnViolation, onStep, onRecord, memoryReported: false, diverged: false, forgeries: 0, state: initState(scope), knowledge: new Knowledge(scope),
    view: { nodes: Array.from({ length: scope.nodes }, () => true) }, executed: [], violations: new Map(), witnessed: new Set(), window: undefined,
  };
}

/** Whether the harness can play `action` now (the model's guards, over the harness's own view). */
export function enabledOnSystem(run: Lockstep, system: SystemUnderTest, action: Action): boolean {
  const jars = system.jars();
  // Any credential the system ever issued to the user: the harness holds them all (the model's ledger view is empty here).
  if (action.type === 'replayIssued') return action.user >= 0 && action.user < jars.length && Number.isInteger(action.index) && action.index >= 0 && action.index < jars[action.user].issued;
  const shape = (c: { refresh: string | null } | null) => (c === null ? null : { main: 0, refresh: c.refresh === null ? null : 0 });
  const view: State = {
    clock: run.knowledge.clock,
    nodes: run.view.nodes.map((up) => ({ up, sessions: [] })),
    lbPointer: 0,
    store: { up: run.knowledge.storeUp, entries: [] },
    clients: jars.map((j) => ({ credential: shape(j.credential), affinity: null, stolen: shape(j.stolen), older: shape(j.older) })),
    ledger: [],
    nextId: 1,
  };
  return isEnabled(run.strategy, run.scope, view, action);
}

/** Whether a watched property (that has not failed yet in this run, for `probes`) reads `what`. */
const needs = (run: Lockstep, what: SystemReading) =>
  run.properties.some((p) => p.judged?.reads?.includes(what) && !(what === 'probes' && run.violations.has(p.id)));

/**
 * Every live node's answer to each main credential (refresh tokens are never probed). Probes are
 * read-only and independent, so they are sent at once (a JWT check runs on the crypto thread pool).
 */
async function probeAll(system: SystemUnderTest, credentials: ReturnType<Knowledge['held']>): Promise<Map<number, ProbeAnswer[]>> {
  const live = system.liveNodes();
  const main = credentials.filter((c) => c.part === 'main');
  const rows = await Promise.all(main.map(async (c) => {
    const answers = await Promise.all(live.map(async (node) => {
      const a = await system.probe(node, c.wire);
      return a ? { node, ...a } : null;
    }));
    return [c.id, answers.filter((a): a is ProbeAnswer => a !== null)] as const;
  }));
  return new Map(rows);
}

/**
 * Store keys by kind (the part before the first `:`): key names carry random session IDs, and a
 * verdict's detail must read the same for the same seed.
 */
function storeKeyKinds(keys: readonly string[] | null): string[] | null {
  return keys === null ? null : keys.map((key) => (key.includes(':') ? `${key.slice(0, key.indexOf(':'))}:…` : key)).sort();
}

/**
 * Model-side guard for the node the system picked: may the model's balancer have picked it? The
 * pin is the client's in `pinned` (a batch's requests all carry the pin they were sent with).
 */
function admissibleNode(run: Lockstep, state: State, action: Action, node: number, pinned: State = state): string | null {
  if (!state.nodes[node]?.up) return `n${node} served the request, but it is not live in the balancer's view`;
  if (run.strategy.lbPolicy === 'sticky' && 'user' in action && action.type !== 'replayStolen' && action.type !== 'replayOlder' && action.type !== 'replayIssued' && action.type !== 'replayRefresh' && action.type !== 'forge' && action.type !== 'revoke') {
    const pin = pinned.clients[action.user]?.affinity ?? null;
    if (pin !== null && state.nodes[pin]?.up && pin !== node) return `n${node} served the request, but its affinity cookie pins it to live n${pin}`;
  }
  return null;
}

/** Validates one system step against the model, which follows the system's choice of node. */
function validate(run: Lockstep, action: Action, observation: Observation, issued: boolean, resent: boolean): Violation | null {
  let before = run.state;
  if (observation.node !== undefined && 'user' in action) {
    const refused = admissibleNode(run, run.state, action, observation.node);
    if (refused) return { detail: refused };
    before = { ...before, lbPointer: observation.node };
  }
  const model = nextState(run.strategy, run.scope, before, action);
  run.state = model.state;
  // A forgery is refused by the model; a system refuses it as unauthenticated (401), malformed
  // (400) or, when it must ask its store first and the store is down, unavailable (503): which of
  // the three, and whether it asked the store (a forged session ID is looked up, a forged signature
  // is not), is no claim. Only an acceptance diverges.
  if (action.type === 'forge') {
    return observation.status !== 200 ? null
      : { detail: `the implementation accepted a forged credential${observation.user !== undefined ? ` as u${observation.user}` : ''} where the model refuses it (status=${model.observation.status})` };
  }
  const off = conformanceViolation(model.observation, observation, run.trips);
  if (off) return off;
  const modelIssued = modelIssues(action, before, model.state);
  // Re-sending the very credential presented is the system's way of keeping it: the model's
  // re-issue of an unchanged session (a full cart) is one resolution of the same answer.
  if (modelIssued !== null && modelIssued !== issued && !(modelIssued && resent)) {
    return { detail: issued ? 'the implementation issued a credential where the model issues none' : 'the implementation issued no credential where the model issues one' };
  }
  return null;
}

/** Every order of `n` items (a batch has at most three: six orders). */
function orders(n: number): number[][] {
  if (n <= 1) return [Array.from({ length: n }, (_, i) => i)];
  return orders(n - 1).flatMap((o) => Array.from({ length: n }, (_, k) => [...o.slice(0, n - 1 - k), n - 1, ...o.slice(n - 1 - k)]));
}

/**
 * The orders to try for a batch: first the one its answers arrived in (the clients took them in
 * that order, so the model's jars then match the harness's), then every other.
 */
function batchOrders(records: readonly BatchRecord[]): number[][] {
  const arrival = records.map((_, i) => i).sort((a, b) => records[a].delivered - records[b].delivered);
  return [arrival, ...orders(records.length).filter((o) => o.join() !== arrival.join())];
}

/**
 * Validates a concurrent batch: it conforms when some order of its requests, played one after
 * another on the model (following the node each was served by), explains every answer (status,
 * user, whether a credential was issued) and the batch's store round trips in total (theirs
 * overlap, so they are not attributable one by one). The model then continues from that order,
 * the order the answers arrived in when it explains them.
 */
function validateBatch(run: Lockstep, requests: readonly BatchRequest[], records: readonly BatchRecord[], trips: number): Violation | null {
  let first: Violation | null = null;
  for (const order of batchOrders(records)) {
    let state = run.state;
    let modelTrips = 0;
    let off: Violation | null = null;
    for (const i of order) {
      const [request, record] = [requests[i], records[i]];
      const observation = record.observation;
      // Every request of the batch was sent with the affinity cookie the jar held before it (the
      // answers' cookies arrive after all were sent): the model plays each with that pin, so the
      // pin it ends with is the last answer's, as the jar's is.
      const pin = run.state.clients[request.user].affinity;
      let before = state.clients[request.user].affinity === pin ? state : withClient(state, request.user, { ...state.clients[request.user], affinity: pin });
      if (observation.node !== undefined) {
        const refused = admissibleNode(run, state, request, observation.node, run.state);
        if (refused) { off = { detail: `${formatAction(request)} (request ${i + 1}): ${refused}` }; break; }
        before = { ...before, lbPointer: observation.node };
      }
      const model = nextState(run.strategy, run.scope, before, request);
      const differs = conformanceViolation({ ...model.observation, storeTrips: 0 }, observation, 'exact');
      const issued = modelIssues(request, before, model.state);
      const issuedDiffers = issued !== null && issued !== (record.issued !== null) && !(issued && record.resent === true);
      if (differs || issuedDiffers) {
        off = { detail: `${formatAction(request)} (request ${i + 1}): ${differs?.detail ?? (record.issued !== null ? 'the implementation issued a credential where the model issues none' : 'the implementation issued no credential where the model issues one')}` };
        break;
      }
      modelTrips += model.observation.storeTrips;
      state = model.state;
    }
    if (!off) {
      off = conformanceViolation({ status: 200, storeTrips: modelTrips }, { status: 200, storeTrips: trips }, run.trips);
      if (off) off = { detail: `the batch's requests together: ${off.detail}` };
    }
    if (!off) {
      run.state = state;
      return null;
    }
    first ??= off;
  }
  return { detail: `no order of the ${requests.length} concurrent requests explains their answers; in the order they arrived, ${first!.detail}` };
}

/**
 * After a batch, each user whose addItem it acknowledged: the items the cart must then hold (those
 * acknowledged before, as known, plus these) and every live node's `GET /me` with the credential
 * the client kept (read-only probes).
 */
async function readCarts(run: Lockstep, system: SystemUnderTest, requests: readonly BatchRequest[], records: readonly BatchRecord[],
  jarsBefore: readonly Jar[], before: ReadonlyMap<number, { items: number }>): Promise<CartRead[]> {
  const out: CartRead[] = [];
  for (const user of [...new Set(requests.map((r) => r.user))].sort((a, b) => a - b)) {
    const acknowledged = requests.filter((r, i) => r.user === user && r.type === 'addItem' && records[i].observation.status === 200).length;
    const presented = run.knowledge.main(jarsBefore[user]?.credential ?? null);
    const kept = system.jars()[user]?.credential ?? null;
    if (acknowledged === 0 || !presented || kept === null) continue;
    const expected = Math.min(run.scope.maxItems, (before.get(presented.id)?.items ?? presented.items) + acknowledged);
    const answers = await Promise.all(system.liveNodes().map(async (node) => {
      const a = await system.probe(node, kept);
      return a ? { node, ...a } : null;
    }));
    const answered = requests.flatMap((r, i) => (r.user === user ? [`${formatAction(r)} → ${records[i].observation.status}${records[i].observation.node !== undefined ? ` at n${records[i].observation.node}` : ''}`] : [])).join(', ');
    out.push({ user, acknowledged, expected, answers: answers.filter((a) => a !== null), answered });
  }
  return out;
}

/** Whether the model's step gave the acting client (or the attacker) a new credential; null when not a question. */
function modelIssues(action: Action, before: State, after: State): boolean | null {
  switch (action.type) {
    case 'login': case 'whoami': case 'addItem': case 'refresh':
      return before.clients[action.user].credential !== after.clients[action.user].credential;
    case 'replayRefresh':
      return before.clients[action.user].stolen !== after.clients[action.user].stolen;
    default:
      return null;
  }
}

/** The attacker's next forgery of what `jar` holds (its credential, else the newest copy). */
async function forgery(run: Lockstep, system: SystemUnderTest, jar: Jar | undefined): Promise<WireCredential | undefined> {
  const source = jar?.credential ?? jar?.stolen ?? null;
  if (source === null) return undefined;
  const { keys, now } = system.forgeryContext();
  return forgeCredential(source, run.forgeries++, keys, now);
}

/** Plays one action on the system, judges every watched property on the system's trace, validates it. */
export async function stepLockstep(run: Lockstep, system: SystemUnderTest, action: Action): Promise<void> {
  const k = run.knowledge;
  const jarsBefore = system.jars();
  const clock = k.clock;
  const storeUp = k.storeUp;
  // Refused everywhere just before a wipe (revocation.durable): probed before the wipe runs.
  let refusedBeforeWipe: Set<number> | undefined;
  // What each node says of each credential just before an outage is what "the store would accept
  // it" rests on during it (outage properties): probed while the store is still up.
  if (action.type === 'storeDown' && k.storeUp && needs(run, 'probesBeforeOutage')) {
    k.observeProbes(await probeAll(system, k.held(jarsBefore)));
  }
  if (action.type === 'storeWipe' && needs(run, 'probesBeforeWipe')) {
    const answers = await probeAll(system, k.held(jarsBefore).filter((c) => clock < c.expiresAt));
    refusedBeforeWipe = new Set([...answers].filter(([, row]) => row.length > 0 && row.every((a) => a.status === 401)).map(([id]) => id));
  }
  const before = new Map(k.held(jarsBefore).map((c) => [c.id, k.snapshot(c)!]));
  const record = await system.act(action, action.type === 'forge' ? await forgery(run, system, jarsBefore[action.user]) : undefined);
  run.onRecord?.(record);
  for (const r of record.batch ?? []) run.onRecord?.(r);
  const presented = k.snapshot(k.presentedBy(record));
  const rotatedOutBefore = presented ? k.rotatedOut(presented) : false;
  const familyReusedBefore = presented ? k.familyReused(presented) : false;
  const storeWouldAccept = presented ? k.storeWouldAccept(presented, record.observation.node, clock) : k.storeWouldAcceptUncredentialed(action);
  run.executed.push(formatAction(action));

  if (!run.diverged && run.properties.some((p) => p.id === 'conformance.model-impl')) {
    const divergence = action.type === 'concurrent'
      ? validateBatch(run, action.requests, record.batch ?? [], record.observation.storeTrips)
      : validate(run, action, record.observation, record.issued !== null, record.resent === true);
    run.onStep?.(divergence === null);
    if (divergence) {
      run.diverged = true;
      if (!run.violations.has('conformance.model-impl')) run.violations.set('conformance.model-impl', { detail: `step ${run.executed.length} ${formatAction(action)}: ${divergence.detail}` });
    }
  }
  if (action.type === 'concurrent') {
    const batch = record.batch ?? [];
    judgeBatchIdentities(run, action.requests, batch);
    // The knowledge takes the batch's answers in the order they arrived, as the clients did.
    for (const i of batch.map((_, i) => i).sort((a, b) => batch[a].delivered - batch[b].delivered)) k.apply(action.requests[i], batch[i]);
  } else {
    k.apply(action, record, refusedBeforeWipe);
  }
  if (action.type === 'crash') run.view.nodes[action.node] = false;
  if (action.type === 'restart') run.view.nodes[action.node] = true;
  if (action.type === 'addNode') run.view.nodes.push(true);

  const jarsAfter = system.jars();
  const addedNode = action.type === 'addNode' ? run.view.nodes.length - 1 : null;
  // Every node is asked about every held credential while any-node-serves can still fail in this
  // run, and after a scale-out for new-node-serves (these probes also tell the outage properties
  // what each node says with the store up).
  const probeCredentials = needs(run, 'probes') || (addedNode !== null && needs(run, 'probesOnScaleOut'));
  const probes: Probes = {
    live: system.liveNodes(),
    answers: probeCredentials ? await probeAll(system, k.held(jarsAfter)) : new Map(),
    localSessions: needs(run, 'nodeMemory') ? system.localSessionCounts() : null,
    storeKeys: needs(run, 'storeKeys') ? storeKeyKinds(await system.storeKeys()) : null,
    addedNode,
  };
  k.observeProbes(probes.answers);
  if (probes.localSessions !== null) run.memoryReported = true;
  const cartReads = action.type === 'concurrent' && needs(run, 'cartReads') ? await readCarts(run, system, action.requests, record.batch ?? [], jarsBefore, before) : null;
  const facts = systemFacts({
    action, record, clock, storeUp, maxItems: run.scope.maxItems, presented, jarsBefore, jarsAfter, before, rotatedOutBefore, familyReusedBefore, storeWouldAccept, probes, cartReads,
  }, k);
  const late = revocationLateness(facts);
  if (late !== null && (run.window === undefined || late > run.window)) run.window = late;
  for (const p of run.properties) {
    if (!p.judged) continue;
    if (p.judged.witness(facts)) run.witnessed.add(p.id);
    if (run.violations.has(p.id)) continue;
    const violation = p.judged.judge(facts);
    if (violation) run.violations.set(p.id, violation);
  }
}

/**
 * `safety.no-impersonation` inside a concurrent batch: each request presented a credential the
 * knowledge knows the owner of, and one accepted (200) must be accepted as that owner, whatever
 * the race. (The step's own facts judge the batch as a whole; this reads each request's answer.)
 */
function judgeBatchIdentities(run: Lockstep, requests: readonly BatchRequest[], batch: readonly BatchRecord[]): void {
  const id = 'safety.no-impersonation';
  if (!run.properties.some((p) => p.id === id)) return;
  for (const [i, record] of batch.entries()) {
    const owner = run.knowledge.presentedBy(record)?.owner;
    if (owner === undefined || record.observation.status !== 200) continue;
    run.witnessed.add(id);
    if (run.violations.has(id) || record.observation.user === owner) continue;
    run.violations.set(id, { detail: `in a concurrent batch, ${formatAction(requests[i])} (request ${i + 1}) presented u${owner}'s credential and was accepted as u${record.observation.user ?? '?'}` });
  }
}

/** An action as a fast-check async command over one lockstep run and its system. */
export class LockstepCommand implements fc.AsyncCommand<Lockstep, SystemUnderTest> {
  constructor(readonly action: Action) {}
  /** fast-check calls `check` with the model only; the run keeps the system it plays on. */
  check(run: Readonly<Lockstep>): boolean {
    return !(run.stopOnViolation && run.violations.size > 0) && (systems.get(run) === undefined || enabledOnSystem(run as Lockstep, systems.get(run)!, this.action));
  }
  async run(run: Lockstep, system: SystemUnderTest): Promise<void> {
    systems.set(run, system);
    await stepLockstep(run, system, this.action);
  }
  toString(): string {
    return formatAction(this.action);
  }
}

/** The system each run plays on (fast-check's `check` sees only the model side). */
const systems = new WeakMap<Lockstep, SystemUnderTest>();

/** Binds a run to its system before the first command runs. */
export function bindSystem(run: Lockstep, system: SystemUnderTest): void {
  systems.set(run, system);
}

/** Runs action strings on a fresh system, skipping actions the harness cannot play. */
export async function executeLockstep(
  open: () => Promise<SystemUnderTest>, strategy: ModelStrategy, scope: Scope, properties: readonly Property[], program: readonly string[], trips: TripCosts = 'exact',
): Promise<LockstepRun & { readonly run: Lockstep }> {
  const run = newLockstep(strategy, scope, properties, true, trips);
  const system = await open();
  try {
    for (const text of program) {
      const action = parseAction(text);
      if (!enabledOnSystem(run, system, action)) continue;
      await stepLockstep(run, system, action);
      if (run.violations.size > 0) break;
    }
  } finally {
    await system.close();
  }
  return { executed: run.executed, violations: run.violations, run };
}
