/**
 * One flat search's per-edge work, shared by the one-thread explorer (explore.ts) and the
 * threaded one (properties/exploreThreads.ts): re-walk the tree of first discoveries down to a
 * range of one level, expand each state in it (copy, apply, fingerprint), hand every edge's
 * target to an {@link EdgeSink}, and judge the predicates and "sometimes" checks on it.
 *
 * The sink decides what "new" means: the one-thread explorer adds the fingerprint to its visited
 * set; a worker thread takes every target as new and hands it to the main thread, which adds
 * candidates in breadth-first order. Either way an edge whose target is new to the sink has its
 * after-state-only predicates judged, so a worker judges a superset of the edges the one-thread
 * search judges, and the first violation in breadth-first order is the same (an edge judged only
 * by the worker leads to a state that an earlier edge discovered, and that earlier edge, judged
 * by both, sees the same state after). Two things this leans on: "the same state" is the same
 * up to symmetry, so an after-state-only verdict must be the same on every image of a state (the
 * differential test checks it on every edge it walks); and fingerprints are taken as exact (on a
 * 64-bit collision, about n²/2⁶⁵ for n states, the worker would judge a state the one-thread
 * search never judges, as any collision already merges two states).
 */
import type { ModelStrategy } from '../../strategy.ts';
import type { Action, Observation, Scope, State } from '../../types.ts';
import type { Found } from '../outcomes.ts';
import type { SometimesCheck } from '../types.ts';
import { FlatCanonicaliser } from './canonical.ts';
import { decodeFlat } from './decode.ts';
import { FlatFacts } from './facts.ts';
import { FlatMachine, issuedPerStep, Obs } from './machine.ts';
import type { Edge } from '../types.ts';

/** More than any state enables (users × 9 + nodes × 2 + 3 + ticks). */
export const MAX_ENABLED = 255;

/** A predicate over flat step facts (a catalog property's `judged.judge`). */
export type FlatJudge = (facts: FlatFacts) => { readonly detail: string } | null;

/**
 * Predicates whose verdict depends on the state after the step alone (not on the action, the
 * observation or the state before): any-node-serves reads the held credentials and every live
 * node's probe of them, no-node-memory each node's session count, store.none the store's keys.
 * The differential test checks that every edge into one distinct state gets one verdict.
 */
export const AFTER_STATE_ONLY: ReadonlySet<string> = new Set(['stateless.any-node-serves', 'stateless.no-node-memory', 'store.none']);

/**
 * Whether an engine may judge this check once per discovered state instead of on every edge: it
 * reads the state after alone, and it is judged on every edge (no `judgeOn`), so the edge that
 * discovers a state judges it.
 */
export function judgedOncePerState(check: { readonly id: string; readonly judgeOn?: readonly string[] }): boolean {
  return AFTER_STATE_ONLY.has(check.id) && check.judgeOn === undefined;
}

/**
 * Compiled necessary conditions: for a property ID, a test on flat facts that is false only where
 * the property's predicate finds no violation, computed without allocating (the predicate builds
 * ledger entries and probe answers). Where it is false the predicate is not called; where it is
 * true the predicate decides, and writes the detail. So it is a performance representation of the
 * catalog's predicate, never a second definition of it: the differential test
 * (test/explore/flatDifferential.ts) checks on every edge it walks that a false test goes with no
 * violation. Keyed by ID as {@link AFTER_STATE_ONLY}: a check given under a catalog ID is taken to
 * be that property's predicate.
 */
export const MAY_VIOLATE: Readonly<Record<string, (facts: FlatFacts) => boolean>> = {
  // any-node-serves is violated exactly where two live nodes answer a held credential differently.
  'stateless.any-node-serves': (facts) => !facts.probesAgree(),
  // new-node-serves needs the new node to answer a held credential unlike an old (live) node.
  'scale.new-node-serves': (facts) => !facts.probesAgree(),
  // no-node-memory is violated exactly where some node holds a session in its memory.
  'stateless.no-node-memory': (facts) => facts.nodeMemoryUsed(),
  // store.none is violated exactly where the store holds an entry.
  'store.none': (facts) => facts.storeUsed(),
};

/**
 * How many distinct states the search will hold after expanding `level` (its states are
 * `levelStart[level] ≤ index < levelStart[level + 1]`), as the growth of the last level predicts,
 * with a quarter more: what to `reserve` in the visited set before the level, so that it grows
 * once then instead of doubling several times during it (the last level: about 8× the one before).
 * An estimate only: a wrong one costs a growth or some memory, never a result.
 */
export function expectedStates(seenSize: number, levelStart: readonly number[], level: number): number {
  const size = levelStart[level + 1] - levelStart[level];
  const growth = level === 0 ? 1 : size / Math.max(1, levelStart[level] - levelStart[level - 1]);
  return seenSize + Math.ceil(size * Math.max(1, growth) * 1.25);
}

/** A first violation or witness, with the number of the edge that found it (`FlatSearch.edges` then). */
export interface FoundEdge extends Found {
  readonly edge: number;
}

/** Where a search's edges go. */
export interface EdgeSink {
  /** Set to stop the walk (checked before each edge). */
  readonly stopped: boolean;
  /** The edge `from --(enabled action index)--> state (hi, lo)`, the search's `edge`-th: is its state new? */
  target(hi: number, lo: number, from: number, actionIndex: number, edge: number): boolean;
}

/** The parent table as the walk reads it (model/explore/path.ts `ParentTable`, or a worker's view of it). */
export interface Parents {
  readonly parent: Int32Array;
  readonly action: Uint8Array;
}

/**
 * A readable edge over two flat states, decoded only if a check reads them. The state before is
 * decoded once per expanded state (`decodeBefore`), not once per edge: every edge out of it
 * shares it.
 */
class LazyEdge implements Edge {
  action!: Action;
  observation!: Observation;
  private flatAfter!: Int32Array;
  private decodedAfter: State | null = null;

  constructor(readonly strategy: ModelStrategy, readonly scope: Scope, private readonly machine: FlatMachine, private readonly decodeBefore: () => State) {}

  reset(action: Action, observation: Observation, after: Int32Array): this {
    this.flatAfter = after;
    this.action = action;
    this.observation = observation;
    this.decodedAfter = null;
    return this;
  }

  get before(): State {
    return this.decodeBefore();
  }

  get after(): State {
    return (this.decodedAfter ??= decodeFlat(this.machine.layout, this.flatAfter, this.scope.ttl.session));
  }
}

export class FlatSearch {
  readonly machine: FlatMachine;
  readonly canon: FlatCanonicaliser;
  /** The first violation of each judge (null: none yet); a found judge is not judged again. */
  readonly found: (FoundEdge | null)[];
  /** The first edge that reached each "sometimes" situation. */
  readonly witnesses: (FoundEdge | null)[];
  /** Judges still without a violation, situations still unreached. */
  open: number;
  unseen: number;
  /** Edges generated so far. */
  edges = 0;
  /** Set when `stopWhenAllRefuted` and every judge has a violation: the walk stops after that edge. */
  halted = false;
  /** The fingerprint of the initial state (edges back into it are judged as new ones). */
  readonly initHi: number;
  readonly initLo: number;
  private readonly facts: FlatFacts;
  private readonly path: Int32Array[];
  private readonly codes: Uint16Array[];
  private readonly after: Int32Array;
  private readonly obs = new Obs();
  private readonly walkObs = new Obs();

  private readonly judges: readonly FlatJudge[];
  private readonly afterStateOnly: readonly boolean[];
  private readonly mayViolate: readonly (((facts: FlatFacts) => boolean) | null)[];
  /** The state being expanded, and its readable decoding once a "sometimes" check asked for it. */
  private expanding!: Int32Array;
  private expandingDecoded: State | null = null;
  private readonly decodeExpanding = (): State => (this.expandingDecoded ??= decodeFlat(this.machine.layout, this.expanding, this.scope.ttl.session));

  /** Per action code: the judges (indices) that can fire on it (`judgeOn`), in order. */
  private readonly judgesOn: Int32Array[] = [];

  /**
   * `checks`: the predicates to judge, by property ID (which says whether they read the state
   * after alone, and their compiled condition), each with the action types it can fire on.
   */
  constructor(
    readonly strategy: ModelStrategy,
    readonly scope: Scope,
    depth: number,
    symmetry: boolean,
    private readonly checks: readonly { readonly id: string; readonly judge: FlatJudge; readonly judgeOn?: readonly string[] }[],
    private readonly sometimes: readonly SometimesCheck[],
    private readonly stopWhenAllRefuted = false,
  ) {
    this.judges = checks.map((c) => c.judge);
    this.afterStateOnly = checks.map(judgedOncePerState);
    this.mayViolate = checks.map((c) => MAY_VIOLATE[c.id] ?? null);
    this.machine = new FlatMachine(strategy, scope, Math.max(1, depth * issuedPerStep(strategy)));
    const size = this.machine.layout.size;
    this.canon = new FlatCanonicaliser(this.machine.layout, scope, symmetry);
    this.facts = new FlatFacts(this.machine);
    this.path = Array.from({ length: depth + 1 }, () => new Int32Array(size));
    this.codes = Array.from({ length: depth + 1 }, () => new Uint16Array(MAX_ENABLED));
    this.after = new Int32Array(size);
    this.found = checks.map(() => null);
    this.witnesses = sometimes.map(() => null);
    this.open = checks.length;
    this.unseen = sometimes.length;
    this.path[0].set(this.machine.init());
    this.canon.fingerprint(this.path[0]);
    this.initHi = this.canon.hi;
    this.initLo = this.canon.lo;
  }

  /**
   * Expands the states `first ≤ index < end` of level `level` (parent-table indices, all of that
   * level): walks the tree of first discoveries depth-first from the initial state, one flat
   * buffer per depth, down to them, and expands each in index order.
   */
  walk(parents: Parents, levelStart: readonly number[], level: number, first: number, end: number, sink: EdgeSink): void {
    if (level === 0) {
      if (first === 0 && end > 0) this.expand(0, this.path[0], level, sink);
      return;
    }
    // cursor[j]: the next index of level j to visit; it starts at the ancestor of `first`.
    const cursor = new Array<number>(level + 1);
    for (let j = level, i = first; j >= 1; j--, i = parents.parent[i]) cursor[j] = i;
    const visit = (index: number, j: number): void => {
      const state = this.path[j];
      if (j === level) {
        this.expand(index, state, level, sink);
        return;
      }
      const enabled = this.codes[j];
      this.machine.actions(state, enabled);
      const stop = j + 1 === level ? end : levelStart[j + 2];
      const next = this.path[j + 1];
      while (!sink.stopped && !this.halted && cursor[level] < end && cursor[j + 1] < stop && parents.parent[cursor[j + 1]] === index) {
        const child = cursor[j + 1]++;
        next.set(state);
        this.machine.apply(next, enabled[parents.action[child]], this.walkObs);
        visit(child, j + 1);
      }
    };
    visit(0, 0);
  }

  /** The judges that can fire on action `code`, computed once per code. */
  private judgesFor(code: number): Int32Array {
    const type = this.machine.action(code).type;
    const on = this.checks.flatMap((c, p) => (c.judgeOn === undefined || c.judgeOn.includes(type) ? [p] : []));
    return (this.judgesOn[code] = Int32Array.from(on));
  }

  /** Every edge out of `before` (parent-table index `from`, at `level`). */
  private expand(from: number, before: Int32Array, level: number, sink: EdgeSink): void {
    const { judges, afterStateOnly, mayViolate, found, witnesses, sometimes, facts, after, obs, machine, canon, judgesOn } = this;
    const enabled = this.codes[level];
    const count = machine.actions(before, enabled);
    this.expanding = before;
    this.expandingDecoded = null;
    for (let a = 0; a < count && !sink.stopped && !this.halted; a++) {
      const code = enabled[a];
      after.set(before);
      machine.apply(after, code, obs);
      const edge = ++this.edges;
      canon.fingerprint(after);
      const hi = canon.hi;
      const lo = canon.lo;
      const fresh = sink.target(hi, lo, from, a, edge);
      if (this.open > 0 || this.unseen > 0) {
        facts.reset(before, code, after, obs);
        const stateJudged = fresh || (hi === this.initHi && lo === this.initLo);
        const on = judgesOn[code] ?? this.judgesFor(code);
        for (let i = 0; i < on.length; i++) {
          const p = on[i];
          if (found[p] !== null || (afterStateOnly[p] && !stateJudged)) continue;
          const may = mayViolate[p];
          if (may !== null && !may(facts)) continue;
          const violation = judges[p](facts);
          if (violation) {
            found[p] = { from, actionIndex: a, length: level + 1, detail: violation.detail, edge };
            this.open--;
          }
        }
        if (this.unseen > 0) {
          // A new edge object each time: facts read off an edge are cached by its identity (modelFacts).
          const lazy = new LazyEdge(this.strategy, this.scope, machine, this.decodeExpanding).reset(facts.action, facts.observation, after);
          for (let k = 0; k < sometimes.length; k++) {
            if (witnesses[k] === null && sometimes[k].test(lazy)) {
              witnesses[k] = { from, actionIndex: a, length: level + 1, detail: null, edge };
              this.unseen--;
            }
          }
        }
      }
      if (this.stopWhenAllRefuted && this.open === 0 && judges.length > 0) this.halted = true;
    }
  }
}
