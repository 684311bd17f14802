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
 * per kept state) instead of keeping a frontier. The per-edge work (walk, expand, judge) is
 * search.ts's, shared with the threaded search (properties/exploreThreads.ts).
 */
import { modelStrategy } from '../../registry.ts';
import { makeScope } from '../../scope.ts';
import type { ModelStrategy } from '../../strategy.ts';
import type { Scope, StrategyId } from '../../types.ts';
import { FingerprintSet } from '../fingerprintSet.ts';
import { indicesToActions, ParentTable, replayEdges } from '../path.ts';
import { sometimesChecks } from '../sometimes.ts';
import { outcomes, type Found } from '../outcomes.ts';
import type { EdgeCheck, ExploreOptions, ExploreResult, SometimesCheck } from '../types.ts';
import { W } from './layout.ts';
import { flatSupports, issuedPerStep } from './machine.ts';
import { expectedStates, FlatSearch, type EdgeSink } from './search.ts';

export { AFTER_STATE_ONLY } from './search.ts';

const DEFAULT_DEPTH = 5;
const DEFAULT_MAX_STATES = 2_000_000;
const PROGRESS_EVERY = 1 << 14;

/** Why the flat engine cannot run this search (null: it can). */
export function flatUnsupported(strategy: ModelStrategy, options: ExploreOptions): string | null {
  if (!flatSupports(strategy)) return `the flat engine does not represent ${strategy.id}`;
  if (options.shard) return 'the flat engine does not shard (--shard)';
  if (options.abstraction || options.untilFixpoint) return 'the flat engine does not search the abstraction (--abstraction, --complete)';
  if (options.ticks) return 'the flat engine searches the default tick vocabulary only (--ticks)';
  if (options.maxItems !== undefined && options.maxItems !== makeScope({}).maxItems) return 'the flat engine searches the default cart limit only (--max-items)';
  const depth = options.depth ?? DEFAULT_DEPTH;
  const perStep = issuedPerStep(strategy);
  if (depth * perStep > W.MAX_CREDENTIALS) {
    return `the flat engine holds at most ${W.MAX_CREDENTIALS} credentials, so depth ≤ ${Math.floor(W.MAX_CREDENTIALS / perStep)}${perStep > 1 ? ` for ${strategy.id} (a step may issue ${perStep})` : ''}`;
  }
  if ((options.users ?? 2) > 16) return 'the flat engine holds at most 16 users';
  const missing = options.properties.find((p) => p.expected?.[strategy.id] !== 'n/a' && p.judge === undefined);
  if (missing) return `check ${missing.id} has no predicate over step facts (judge) for the flat engine`;
  return null;
}

/** A flat search's settings, from its options, checked. */
export interface FlatSettings {
  readonly strategyId: StrategyId;
  readonly strategy: ModelStrategy;
  readonly users: number;
  readonly nodes: number;
  readonly depth: number;
  readonly maxStates: number;
  readonly symmetry: boolean;
  readonly scope: Scope;
  /** The checks that apply to the strategy (the others are `n/a`), in the options' order. */
  readonly applicable: readonly EdgeCheck[];
  /** The "sometimes" checks that apply to the strategy. */
  readonly sometimes: readonly SometimesCheck[];
}

/** The settings of a flat search; throws a RangeError when {@link flatUnsupported} gives a reason or a number is out of range. */
export function flatSettings(strategyId: StrategyId, options: ExploreOptions): FlatSettings {
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
  return {
    strategyId, strategy, users, nodes, depth, maxStates, symmetry, scope: makeScope({ users, nodes }),
    applicable: options.properties.filter((p) => p.expected?.[strategyId] !== 'n/a'),
    sometimes: (options.sometimes ?? sometimesChecks).filter((c) => c.appliesTo(strategy)),
  };
}

/** How a flat search ended: what `flatResult` turns into an `ExploreResult`. */
export interface FlatEnd {
  readonly found: readonly (Found | null)[];
  readonly witnesses: readonly (Found | null)[];
  readonly parents: ParentTable;
  readonly seen: FingerprintSet;
  readonly states: number;
  readonly verifiedDepth: number;
  readonly complete: boolean;
  readonly fixpoint: boolean;
}

/**
 * The `ExploreResult` of a flat search (one thread or several). A counterexample's detail comes
 * from the readable model, its path replayed there and judged by the check's readable form: it
 * then names credentials by the model's IDs (the flat state names them by ledger position, and
 * the token strategies' model also spends IDs on families and epochs). A path that does not
 * break the check on the readable model is an engine bug, thrown as such.
 */
export function flatResult(settings: FlatSettings, options: ExploreOptions, end: FlatEnd): ExploreResult {
  const { strategy, scope } = settings;
  const readableDetail = (i: number, counterexample: readonly string[]): string => {
    const edges = replayEdges(strategy, scope, counterexample);
    const violation = settings.applicable[i].check(edges[edges.length - 1]);
    if (!violation) throw new Error(`flat engine: the counterexample of ${settings.applicable[i].id} [${counterexample.join(', ')}] does not break it on the readable model`);
    return violation.detail;
  };
  const { results, sometimes } = outcomes({
    properties: options.properties, applicable: settings.applicable, found: end.found, sometimes: options.sometimes ?? sometimesChecks, applicableSometimes: settings.sometimes, witnesses: end.witnesses, verifiedDepth: end.verifiedDepth,
    replay: (f) => indicesToActions(strategy, scope, [...end.parents.indices(f.from), f.actionIndex]),
    detail: readableDetail,
  });
  return {
    strategy: settings.strategyId,
    users: settings.users,
    nodes: settings.nodes,
    depth: settings.depth,
    verifiedDepth: end.verifiedDepth,
    complete: end.complete,
    abstraction: false,
    fixpoint: end.fixpoint,
    scope,
    symmetry: settings.symmetry,
    states: end.states,
    distinctStates: end.seen.size,
    expandedStates: end.parents.size,
    memory: { fingerprintBytes: end.seen.bytes, parentBytes: end.parents.bytes },
    results,
    sometimes,
  };
}

/**
 * Explores every action sequence of up to `depth` steps on flat states. Throws a RangeError
 * when {@link flatUnsupported} gives a reason (callers fall back to the readable engine).
 */
export function exploreFlat(strategyId: StrategyId, options: ExploreOptions): ExploreResult {
  const settings = flatSettings(strategyId, options);
  const { strategy, scope, depth, maxStates, symmetry, applicable, sometimes } = settings;
  const search = new FlatSearch(strategy, scope, depth, symmetry, applicable.map((p) => ({ id: p.id, judge: p.judge!, ...(p.judgeOn ? { judgeOn: p.judgeOn } : {}) })), sometimes, options.stopWhenAllRefuted ?? false);
  const seen = new FingerprintSet();
  const parents = new ParentTable();
  seen.add(search.initHi, search.initLo);
  const progress = (level: number) => options.onProgress?.({ level, depth, states: 1 + search.edges, distinctStates: seen.size, maxStates });

  // New states are added to the visited set as they are met; those of all levels but the last
  // are kept in the parent table, to be re-walked when their level is expanded.
  let level = 0;
  let keep = false;
  const sink: EdgeSink & { stopped: boolean } = {
    stopped: false,
    target(hi, lo, from, actionIndex, edge) {
      const fresh = seen.add(hi, lo);
      if (fresh) {
        if (keep) parents.push(from, actionIndex);
        if (seen.size >= maxStates) this.stopped = true;
      }
      if (((edge + 1) & (PROGRESS_EVERY - 1)) === 0) progress(level);
      return fresh;
    },
  };

  // As the readable explorer: level k is expanded by walking the tree of first discoveries.
  const levelStart = [0, 1];
  let verifiedDepth = 0;
  let fixpoint = false;
  const stopped = () => sink.stopped || search.halted;
  for (; level < depth && !stopped(); level++) {
    if (levelStart[level] === levelStart[level + 1]) {
      fixpoint = true;
      break;
    }
    keep = level + 1 < depth;
    seen.reserve(Math.min(expectedStates(seen.size, levelStart, level), maxStates));
    search.walk(parents, levelStart, level, levelStart[level], levelStart[level + 1], sink);
    levelStart.push(parents.size);
    if (!stopped()) verifiedDepth = level + 1;
    progress(level);
  }
  if (!stopped()) verifiedDepth = depth;

  return flatResult(settings, options, { found: search.found, witnesses: search.witnesses, parents, seen, states: 1 + search.edges, verifiedDepth, complete: !stopped(), fixpoint });
}
