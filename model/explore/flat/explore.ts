/**
 * The explorer on flat states: the readable explorer's breadth-first search (model/explore/explore.ts)
 * with the same action order, the same first counterexamples and the same distinct-state counts,
 * on `Int32Array` states. Per edge: one copy of the state before, the action applied in place,
 * one canonical fingerprint, the shared predicates judged on flat facts. Nothing is allocated per
 * edge unless a predicate asks for a credential's facts.
 *
 * Checks of the state after the step alone (below, {@link AFTER_STATE_ONLY}) are judged once per
 * distinct state, on the edge that discovers it, not on every edge: an edge into a state already
 * seen cannot be the first violation, because the edge that discovered that state came earlier
 * in breadth-first order and saw the same state. That is where the every-node probes go from
 * once per edge to once per state.
 *
 * Memory as the readable explorer: a fingerprint per distinct state, a parent pointer and an
 * action byte per expanded state; levels are re-walked from the initial state (one copy-and-apply
 * per kept state) instead of keeping a frontier.
 */
import { modelStrategy } from '../../registry.ts';
import { makeScope } from '../../scope.ts';
import type { ModelStrategy } from '../../strategy.ts';
import type { Action, Observation, Scope, State, StrategyId } from '../../types.ts';
import { FingerprintSet } from '../fingerprintSet.ts';
import { indicesToActions, ParentTable } from '../path.ts';
import { sometimesChecks } from '../sometimes.ts';
import { outcomes, type Found } from '../outcomes.ts';
import type { Edge, ExploreOptions, ExploreResult } from '../types.ts';
import { FlatCanonicaliser } from './canonical.ts';
import { decodeFlat } from './decode.ts';
import { FlatFacts } from './facts.ts';
import { W } from './layout.ts';
import { flatSupports, FlatMachine, Obs } from './machine.ts';

const DEFAULT_DEPTH = 5;
const DEFAULT_MAX_STATES = 2_000_000;
const PROGRESS_EVERY = 1 << 14;
/** More than any state enables (users × 7 + nodes × 2 + 3 + ticks). */
const MAX_ENABLED = 255;

/**
 * Predicates whose verdict depends on the state after the step alone (not on the action, the
 * observation or the state before): any-node-serves reads the held credentials and every live
 * node's probe of them, no-node-memory each node's session count, store.none the store's keys.
 * The differential test checks that every edge into one distinct state gets one verdict.
 */
export const AFTER_STATE_ONLY: ReadonlySet<string> = new Set(['stateless.any-node-serves', 'stateless.no-node-memory', 'store.none']);

/** Why the flat engine cannot run this search (null: it can). */
export function flatUnsupported(strategy: ModelStrategy, options: ExploreOptions): string | null {
  if (!flatSupports(strategy)) return `the flat engine does not represent ${strategy.id} (it represents in-memory, sticky, central-store and central-store-naive)`;
  if (options.shard) return 'the flat engine does not shard (--shard)';
  if (options.abstraction || options.untilFixpoint) return 'the flat engine does not search the abstraction (--abstraction, --complete)';
  if (options.ticks) return 'the flat engine searches the default tick vocabulary only (--ticks)';
  if (options.maxItems !== undefined && options.maxItems !== makeScope({}).maxItems) return 'the flat engine searches the default cart limit only (--max-items)';
  const depth = options.depth ?? DEFAULT_DEPTH;
  if (depth > W.MAX_CREDENTIALS) return `the flat engine holds at most ${W.MAX_CREDENTIALS} credentials, so depth ≤ ${W.MAX_CREDENTIALS}`;
  if ((options.users ?? 2) > 16) return 'the flat engine holds at most 16 users';
  const missing = options.properties.find((p) => p.expected?.[strategy.id] !== 'n/a' && p.judge === undefined);
  if (missing) return `check ${missing.id} has no predicate over step facts (judge) for the flat engine`;
  return null;
}

/** A readable edge over two flat states, decoded only if a check reads them. */
class LazyEdge implements Edge {
  action!: Action;
  observation!: Observation;
  private flatBefore!: Int32Array;
  private flatAfter!: Int32Array;
  private decodedBefore: State | null = null;
  private decodedAfter: State | null = null;

  constructor(readonly strategy: ModelStrategy, readonly scope: Scope, private readonly machine: FlatMachine) {}

  reset(before: Int32Array, action: Action, observation: Observation, after: Int32Array): this {
    this.flatBefore = before;
    this.flatAfter = after;
    this.action = action;
    this.observation = observation;
    this.decodedBefore = null;
    this.decodedAfter = null;
    return this;
  }

  get before(): State {
    return (this.decodedBefore ??= decodeFlat(this.machine.layout, this.flatBefore, this.scope.ttl.session));
  }

  get after(): State {
    return (this.decodedAfter ??= decodeFlat(this.machine.layout, this.flatAfter, this.scope.ttl.session));
  }
}

/**
 * Explores every action sequence of up to `depth` steps on flat states. Throws a RangeError
 * when {@link flatUnsupported} gives a reason (callers fall back to the readable engine).
 */
export function exploreFlat(strategyId: StrategyId, options: ExploreOptions): ExploreResult {
  const strategy = modelStrategy(strategyId);
  const unsupported = flatUnsupported(strategy, options);
  if (unsupported) throw new RangeError(unsupported);
  const users = options.users ?? 2;
  const nodes = options.nodes ?? 2;
  const depth = options.depth ?? DEFAULT_DEPTH;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const symmetry = options.symmetry ?? true;
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`depth must be a whole number ≥ 0, got ${depth}`);
  if (!Number.isInteger(maxStates) || maxStates < 1) throw new RangeError(`maxStates must be a whole number ≥ 1, got ${maxStates}`);
  const scope = makeScope({ users, nodes });

  const applicable = options.properties.filter((p) => p.expected?.[strategyId] !== 'n/a');
  const judges = applicable.map((p) => p.judge!);
  const afterStateOnly = applicable.map((p) => AFTER_STATE_ONLY.has(p.id));
  const found: (Found | null)[] = applicable.map(() => null);
  let open = judges.length;
  const sometimes = (options.sometimes ?? sometimesChecks).filter((c) => c.appliesTo(strategy));
  const witnesses: (Found | null)[] = sometimes.map(() => null);
  let unseen = sometimes.length;

  // Each step issues at most one credential.
  const machine = new FlatMachine(strategy, scope, Math.max(1, depth));
  const size = machine.layout.size;
  const canon = new FlatCanonicaliser(machine.layout, scope, symmetry);
  const facts = new FlatFacts(machine);
  const seen = new FingerprintSet();
  const parents = new ParentTable();
  const path = Array.from({ length: depth + 1 }, () => new Int32Array(size));
  const codes = Array.from({ length: depth + 1 }, () => new Uint16Array(MAX_ENABLED));
  const after = new Int32Array(size);
  const obs = new Obs();
  const walkObs = new Obs();
  path[0].set(machine.init());
  canon.fingerprint(path[0]);
  const initHi = canon.hi;
  const initLo = canon.lo;
  seen.add(initHi, initLo);

  let states = 1;
  let verifiedDepth = 0;
  let stopped = false;
  const progress = (level: number) => options.onProgress?.({ level, depth, states, distinctStates: seen.size, maxStates });

  const expand = (from: number, before: Int32Array, level: number, keep: boolean) => {
    const enabled = codes[level];
    const count = machine.actions(before, enabled);
    for (let a = 0; a < count && !stopped; a++) {
      const code = enabled[a];
      after.set(before);
      machine.apply(after, code, obs);
      states++;
      canon.fingerprint(after);
      const hi = canon.hi;
      const lo = canon.lo;
      const fresh = seen.add(hi, lo);
      if (open > 0 || unseen > 0) {
        facts.reset(before, code, after, obs);
        const stateJudged = fresh || (hi === initHi && lo === initLo);
        for (let p = 0; p < judges.length; p++) {
          if (found[p] !== null || (afterStateOnly[p] && !stateJudged)) continue;
          const violation = judges[p](facts);
          if (violation) {
            found[p] = { from, actionIndex: a, length: level + 1, detail: violation.detail };
            open--;
          }
        }
        if (unseen > 0) {
          // A new edge object each time: facts read off an edge are cached by its identity (modelFacts).
          const edge = new LazyEdge(strategy, scope, machine).reset(before, facts.action, facts.observation, after);
          for (let k = 0; k < sometimes.length; k++) {
            if (witnesses[k] === null && sometimes[k].test(edge)) {
              witnesses[k] = { from, actionIndex: a, length: level + 1, detail: null };
              unseen--;
            }
          }
        }
      }
      if (fresh) {
        if (keep) parents.push(from, a);
        if (seen.size >= maxStates) stopped = true;
      }
      if ((states & (PROGRESS_EVERY - 1)) === 0) progress(level);
      if (options.stopWhenAllRefuted && open === 0 && judges.length > 0) stopped = true;
    }
  };

  // As the readable explorer: level k is expanded by walking the tree of first discoveries
  // depth-first from the initial state, one flat buffer per depth.
  const levelStart = [0, 1];
  let fixpoint = false;
  for (let level = 0; level < depth && !stopped; level++) {
    if (levelStart[level] === levelStart[level + 1]) {
      fixpoint = true;
      break;
    }
    const keep = level + 1 < depth;
    const cursor = levelStart.slice();
    const visit = (index: number, j: number): void => {
      const state = path[j];
      if (j === level) {
        expand(index, state, level, keep);
        return;
      }
      const enabled = codes[j];
      machine.actions(state, enabled);
      const end = levelStart[j + 2];
      const next = path[j + 1];
      while (!stopped && cursor[j + 1] < end && parents.parent[cursor[j + 1]] === index) {
        const child = cursor[j + 1]++;
        next.set(state);
        machine.apply(next, enabled[parents.action[child]], walkObs);
        visit(child, j + 1);
      }
    };
    visit(0, 0);
    levelStart.push(parents.size);
    if (!stopped) verifiedDepth = level + 1;
    progress(level);
  }
  if (!stopped) verifiedDepth = depth;

  const { results, sometimes: sometimesOut } = outcomes({
    properties: options.properties, applicable, found, sometimes: options.sometimes ?? sometimesChecks, applicableSometimes: sometimes, witnesses, verifiedDepth,
    replay: (f) => indicesToActions(strategy, scope, [...parents.indices(f.from), f.actionIndex]),
  });
  return {
    strategy: strategyId,
    users,
    nodes,
    depth,
    verifiedDepth,
    complete: !stopped,
    abstraction: false,
    fixpoint,
    scope,
    symmetry,
    states,
    distinctStates: seen.size,
    expandedStates: parents.size,
    memory: { fingerprintBytes: seen.bytes, parentBytes: parents.bytes },
    results,
    sometimes: sometimesOut,
  };
}
