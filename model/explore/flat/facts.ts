/**
 * Step facts on flat states: what properties/judge/modelFacts.ts reads from a readable edge, read
 * from two flat buffers instead. The shared predicates (properties/checks/) judge these facts
 * unchanged, so the flat engine has no predicate of its own; this class is checked against
 * `StepFacts` by the compiler where the catalog's predicates are handed to the flat engine, and
 * answer for answer against `modelFacts` by the differential test.
 *
 * One instance serves a whole search: `reset` points it at the next edge (no allocation), and the
 * lazily built answers are cached for that edge only.
 */
import { credentialBytes } from '../../credentialSize.ts';
import type { Action, LedgerEntry, Observation, Status } from '../../types.ts';
import { flatEntry, flatItems } from './decode.ts';
import { LedgerWord, W } from './layout.ts';
import { FlatMachine, issued, Obs, Op, OP_BITS, OP_MASK } from './machine.ts';

const {
  CREDENTIAL, CREDENTIAL_REFRESH, FAMILY_DENIED, FAMILY_PRESENT, FAMILY_REVOKED, LEDGER, NODES, OLDER, OLDER_REFRESH, REFRESH_KIND, STOLEN, STOLEN_REFRESH, STORE, STORE_EPOCH, STORE_UP, CLOCK,
} = W;
const LW = LedgerWord;

/** One node's answer to a probe (the shape of properties/judge/facts.ts `ProbeAnswer`). */
export interface FlatProbeAnswer {
  readonly node: number;
  readonly status: number;
  readonly user?: number;
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * The observation `reset` rewrites per edge. Its optional fields hold a number or `undefined`;
 * made holding numbers and then set to `undefined`, they are tagged fields from the start. Made
 * holding `undefined`, V8 first types them as heap objects, and in jwt's search the numbers stored
 * later made it deoptimise `reset` some 1,600 times over (`--trace-deopt`, reason "Smi"): jwt to
 * depth 7, capped at 2 million distinct states, took 8.2 s instead of 3.5 s.
 */
function taggedObservation(): MutableObservation {
  const o: MutableObservation = { status: 200, user: 0, node: 0, storeTrips: 0, credentialBytes: 0 };
  o.user = undefined;
  o.node = undefined;
  o.credentialBytes = undefined;
  return o;
}

type MutableObservation = { -readonly [K in keyof Observation]: Observation[K] };

export class FlatFacts {
  action!: Action;
  readonly observation: MutableObservation = taggedObservation();
  clock = 0;
  storeUp = true;
  readonly maxItems: number;
  private before!: Int32Array;
  private after!: Int32Array;
  private code = 0;
  private presentedCache: LedgerEntry | undefined | null = null;
  private liveCache: number[] | null = null;
  private readonly probeObs = new Obs();
  private readonly counterfactualState: Int32Array;
  private readonly counterfactualObs = new Obs();
  private readonly sessionTtl: number;
  /** Ledger entries built for an edge, by ID: before the step, after it; valid while their stamp is this edge's. */
  private readonly beforeEntries: (LedgerEntry | undefined)[];
  private readonly afterEntries: (LedgerEntry | undefined)[];
  private readonly beforeStamps: Uint32Array;
  private readonly afterStamps: Uint32Array;
  /** Counts `reset`s from 1: a cached entry belongs to this edge when its stamp equals it (no clearing per edge). */
  private stamp = 0;
  private heldCache: readonly LedgerEntry[] | null = null;

  constructor(private readonly machine: FlatMachine) {
    this.maxItems = machine.scope.maxItems;
    this.sessionTtl = machine.scope.ttl.session;
    this.counterfactualState = new Int32Array(machine.layout.size);
    this.beforeEntries = new Array<LedgerEntry | undefined>(machine.layout.capacity + 1).fill(undefined);
    this.afterEntries = new Array<LedgerEntry | undefined>(machine.layout.capacity + 1).fill(undefined);
    this.beforeStamps = new Uint32Array(machine.layout.capacity + 1);
    this.afterStamps = new Uint32Array(machine.layout.capacity + 1);
  }

  /** Points the facts at the edge `before --code--> after` that observed `obs`. */
  reset(before: Int32Array, code: number, after: Int32Array, obs: Obs): this {
    this.before = before;
    this.after = after;
    this.code = code;
    this.action = this.machine.action(code);
    const o = this.observation;
    o.status = obs.status as Status;
    o.user = obs.user < 0 ? undefined : obs.user;
    o.node = obs.node < 0 ? undefined : obs.node;
    o.storeTrips = obs.storeTrips;
    o.credentialBytes = obs.credentialBytes < 0 ? undefined : obs.credentialBytes;
    this.clock = before[CLOCK];
    this.storeUp = before[STORE_UP] !== 0;
    this.presentedCache = null;
    this.liveCache = null;
    this.heldCache = null;
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    return this;
  }

  /** properties/step.ts `presented`: the credential the request presented, as known before it. */
  presented(): LedgerEntry | undefined {
    if (this.presentedCache !== null) return this.presentedCache;
    const op = this.code & OP_MASK;
    const c = this.machine.layout.client(this.code >> OP_BITS);
    const word = op === Op.whoami || op === Op.addItem || op === Op.logout ? CREDENTIAL : op === Op.replayStolen ? STOLEN : op === Op.replayOlder ? OLDER
      : op === Op.refresh ? CREDENTIAL_REFRESH : op === Op.replayRefresh ? STOLEN_REFRESH : -1;
    const id = word < 0 ? 0 : this.before[c + word];
    return (this.presentedCache = id === 0 ? undefined : this.entry(this.before, id));
  }

  clientCredential(user: number, when: 'before' | 'after'): LedgerEntry | undefined {
    const s = when === 'before' ? this.before : this.after;
    if (user < 0 || user >= this.machine.layout.users) return undefined;
    const id = s[this.machine.layout.client(user) + CREDENTIAL];
    return id === 0 ? undefined : this.entry(s, id);
  }

  bytes(credential: Pick<LedgerEntry, 'id'>): number | undefined {
    if (!this.known(credential.id)) return undefined;
    if (!this.machine.layout.tokens) return credentialBytes({ kind: 'session', items: 0 }, this.machine.strategy.id);
    return credentialBytes(this.entry(this.after, credential.id), this.machine.strategy.id);
  }

  /** The cart of a session (0 while it is held nowhere), or the cart a token carries. */
  items(credential: Pick<LedgerEntry, 'id'>): number {
    return this.known(credential.id) ? flatItems(this.machine.layout, this.after, credential.id) : 0;
  }

  /** properties/step.ts `heldCredentials` of the state after the step. */
  held(): readonly LedgerEntry[] {
    if (this.heldCache) return this.heldCache;
    const s = this.after;
    let mask = this.heldMask();
    const out: LedgerEntry[] = [];
    for (let id = 1; mask !== 0; id++, mask >>>= 1) if ((mask & 1) !== 0) out.push(this.entry(s, id));
    return (this.heldCache = out);
  }

  /** The credentials clients and the attacker hold after the step, as a bit mask of IDs (bit id − 1). */
  private heldMask(): number {
    const L = this.machine.layout;
    const s = this.after;
    let mask = 0;
    for (let u = 0; u < L.users; u++) {
      const c = L.client(u);
      if (s[c + CREDENTIAL] !== 0) mask |= 1 << (s[c + CREDENTIAL] - 1);
      if (s[c + STOLEN] !== 0) mask |= 1 << (s[c + STOLEN] - 1);
      if (s[c + OLDER] !== 0) mask |= 1 << (s[c + OLDER] - 1);
      if (L.tokens) {
        if (s[c + CREDENTIAL_REFRESH] !== 0) mask |= 1 << (s[c + CREDENTIAL_REFRESH] - 1);
        if (s[c + STOLEN_REFRESH] !== 0) mask |= 1 << (s[c + STOLEN_REFRESH] - 1);
        if (s[c + OLDER_REFRESH] !== 0) mask |= 1 << (s[c + OLDER_REFRESH] - 1);
      }
    }
    return mask;
  }

  liveNodes(): readonly number[] {
    if (this.liveCache) return this.liveCache;
    const out: number[] = [];
    for (let n = 0; n < this.after[NODES]; n++) if ((this.after[this.machine.layout.nodeBase + n] & 1) !== 0) out.push(n);
    return (this.liveCache = out);
  }

  addedNode(): number | null {
    return this.action.type === 'addNode' ? this.after[NODES] - 1 : null;
  }

  probe(credential: Pick<LedgerEntry, 'id'>): readonly FlatProbeAnswer[] | null {
    if (!this.known(credential.id)) return null;
    // A refresh token is not presented to GET /me (modelFacts: no probe).
    if (this.machine.layout.tokens && (this.after[this.machine.layout.entry(credential.id) + LW.FLAGS] & REFRESH_KIND) !== 0) return null;
    const o = this.probeObs;
    return this.liveNodes().map((n) => {
      const status = this.machine.probe(this.after, n, credential.id, o);
      return o.user < 0 ? { node: n, status } : { node: n, status, user: o.user };
    });
  }

  /**
   * Whether every live node answers every held credential alike (status and user) after the step:
   * the complement of any-node-serves' violation, computed without allocating (search.ts
   * `MAY_VIOLATE`).
   */
  probesAgree(): boolean {
    // From the store every live node reads the same entry, so `probe` answers alike on all of them
    // (it reads the node only for its up bit, and only live nodes are asked).
    if (this.machine.server !== 'node-memory') return true;
    const L = this.machine.layout;
    const s = this.after;
    let mask = this.heldMask();
    const o = this.probeObs;
    const nodes = s[NODES];
    for (let id = 1; mask !== 0; id++, mask >>>= 1) {
      if ((mask & 1) === 0) continue;
      let first = -1;
      let firstUser = -1;
      for (let n = 0; n < nodes; n++) {
        if ((s[L.nodeBase + n] & 1) === 0) continue;
        const status = this.machine.probe(s, n, id, o);
        if (first < 0) {
          first = status;
          firstUser = o.user;
        } else if (status !== first || o.user !== firstUser) return false;
      }
    }
    return true;
  }

  /** Whether some node holds a session in its memory after the step (`localSessions` has a non-zero count), without allocating. */
  /** Whether the store holds any entry after the step (`storeKeys` allocates nothing for an empty store). */
  storeUsed(): boolean {
    const keys = this.storeKeys();
    return keys !== null && keys.length !== 0;
  }

  nodeMemoryUsed(): boolean {
    for (let n = 0; n < this.after[NODES]; n++) if ((this.after[this.machine.layout.nodeBase + n] >>> 1) !== 0) return true;
    return false;
  }

  localSessions(): readonly number[] | null {
    const out: number[] = [];
    for (let n = 0; n < this.after[NODES]; n++) out.push(popcount(this.after[this.machine.layout.nodeBase + n] >>> 1));
    return out;
  }

  storeKeys(): readonly string[] | null {
    if (this.machine.layout.tokens) return this.tokenStoreKeys();
    const count = popcount(this.after[STORE]);
    return count === 0 ? NO_KEYS : Array.from({ length: count }, () => 'session');
  }

  /** The kinds of the store's entries after the step (families, denials, epochs; their order carries nothing). */
  private tokenStoreKeys(): readonly string[] {
    const L = this.machine.layout;
    const s = this.after;
    // Made only when there is a key: an empty store (most states) allocates nothing.
    let keys: string[] | null = null;
    for (let id = 1; id <= s[LEDGER]; id++) {
      const record = s[L.entry(id) + LW.FAMILY_STORE];
      if ((record & FAMILY_PRESENT) !== 0) (keys ??= []).push('family');
      if ((record & FAMILY_DENIED) !== 0) (keys ??= []).push('deny');
    }
    for (let u = 0; u < L.users; u++) if (s[L.client(u) + STORE_EPOCH] !== 0) (keys ??= []).push('epoch');
    return keys ?? NO_KEYS;
  }

  /** model/nextState.ts `counterfactual`: the same step with the store up; was it accepted? */
  storeWouldAccept(): boolean | null {
    const s = this.counterfactualState;
    s.set(this.before);
    s[STORE_UP] = 1;
    this.machine.apply(s, this.code, this.counterfactualObs);
    return this.counterfactualObs.status === 200;
  }

  /** modelFacts `rotatedOut`: a refresh token with a later refresh token of its family in the ledger before the step. */
  rotatedOut(credential: Pick<LedgerEntry, 'id' | 'kind' | 'family'>): boolean {
    if (credential.kind !== 'refresh') return false;
    const L = this.machine.layout;
    const s = this.before;
    for (let id = credential.id + 1; id <= s[LEDGER]; id++) {
      const e = L.entry(id);
      if ((s[e + LW.FLAGS] & REFRESH_KIND) !== 0 && s[e + LW.FAMILY] === credential.family) return true;
    }
    return false;
  }

  /**
   * modelFacts `familyReused`: the family's store record was revoked before the step, and no
   * credential of the family was logged out or revoked (so reuse revoked it).
   */
  familyReused(credential: Pick<LedgerEntry, 'family'>): boolean {
    const family = credential.family;
    const L = this.machine.layout;
    const s = this.before;
    if (family === null || !L.tokens || !issued(s, family)) return false;
    const record = s[L.entry(family) + LW.FAMILY_STORE];
    if ((record & FAMILY_PRESENT) === 0 || (record & FAMILY_REVOKED) === 0) return false;
    for (let id = 1; id <= s[LEDGER]; id++) {
      const e = L.entry(id);
      if (s[e + LW.FAMILY] === family && (s[e + LW.LOGGED_OUT] !== -1 || s[e + LW.REVOKED] !== -1)) return false;
    }
    return true;
  }

  /** Concurrent batches are never enumerated by the search (and the model has no concurrency). */
  cartReads(): null {
    return null;
  }

  private known(id: number): boolean {
    return issued(this.after, id);
  }

  /** The ledger entry of `id` in `s` (the state before or after this edge), built once per edge. */
  private entry(s: Int32Array, id: number): LedgerEntry {
    const before = s === this.before;
    const cache = before ? this.beforeEntries : this.afterEntries;
    const stamps = before ? this.beforeStamps : this.afterStamps;
    if (stamps[id] !== this.stamp) {
      // One object per slot for the whole search, rewritten per edge: predicates keep none.
      cache[id] = flatEntry(this.machine.layout, s, id, this.sessionTtl, cache[id]);
      stamps[id] = this.stamp;
    }
    return cache[id]!;
  }
}

function popcount(x: number): number {
  let n = 0;
  for (let m = x; m !== 0; m &= m - 1) n++;
  return n;
}
