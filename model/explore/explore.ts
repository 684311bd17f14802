/**
 * The exhaustive bounded checker: breadth-first search over `actions()` from `initState`, every
 * check run on every edge, states deduplicated by canonical fingerprint. Because the search goes
 * level by level, the first violation found of a property is a shortest one.
 *
 * Memory: every distinct state costs a fingerprint slot; states that will be expanded (all levels
 * but the last) also keep a parent pointer and an action byte. No state is held as an object
 * beyond the path being walked (see the level loop). Pure: no clock, no randomness, no I/O; the caller times it through `onProgress`.
 */
import { actions, formatAction } from '../actions.ts';
import { initState, nextState } from '../nextState.ts';
import { modelStrategy } from '../registry.ts';
import { makeScope } from '../scope.ts';
import type { State, StrategyId } from '../types.ts';
import { abstractState, acceptsExpired } from './abstraction.ts';
import { Canonicaliser } from './canonical.ts';
import { FingerprintSet } from './fingerprintSet.ts';
import { judgedOncePerState } from './flat/search.ts';
import { outcomes, type Found } from './outcomes.ts';
import { indicesToActions, ParentTable, replayEdges } from './path.ts';
import { ShardRecorder } from './shardRecorder.ts';
import { sometimesChecks } from './sometimes.ts';
import type { Edge, ExploreOptions, ExploreResult } from './types.ts';

export const DEFAULT_DEPTH = 5;
export const DEFAULT_MAX_STATES = 2_000_000;
const PROGRESS_EVERY = 1 << 14;

/**
 * Explores every action sequence of up to `depth` steps of one strategy.
 *
 * @example
 * const result = explore('sticky', { depth: 3, properties: catalog.filter(isModelDecided) });
 * result.results.find((r) => r.property === 'failover.sessions-survive')?.counterexample;
 * // ['login(u0)', 'crash(n0)', 'whoami(u0)']
 */
export function explore(strategyId: StrategyId, options: ExploreOptions): ExploreResult {
  const strategy = modelStrategy(strategyId);
  const users = options.users ?? 2;
  const nodes = options.nodes ?? 2;
  const depth = options.depth ?? DEFAULT_DEPTH;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const symmetry = options.symmetry ?? true;
  const abstraction = options.abstraction ?? false;
  const untilFixpoint = options.untilFixpoint ?? false;
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`depth must be a whole number ≥ 0, got ${depth}`);
  if (!Number.isInteger(maxStates) || maxStates < 1) throw new RangeError(`maxStates must be a whole number ≥ 1, got ${maxStates}`);
  if (untilFixpoint && !abstraction) throw new RangeError('untilFixpoint needs abstraction: the concrete space is infinite');
  if (abstraction && options.shard) throw new RangeError('a sharded search cannot use the abstraction (merge counts concrete searches only)');
  const scope = makeScope({ users, nodes, ...(options.ticks ? { ticks: options.ticks } : {}), ...(options.maxItems !== undefined ? { maxItems: options.maxItems } : {}) });
  // Applied to every state after the checks of the edge that reached it (abstraction.ts).
  const normalise = abstraction ? (s: State) => abstractState(s, scope) : (s: State) => s;
  const bound = untilFixpoint ? Infinity : depth;

  const applicable = options.properties.filter((p) => p.expected?.[strategyId] !== 'n/a');
  const checks = applicable.map((p) => p.check);
  // `check` and `judge` are one predicate: where `judgeOn` leaves an action type out, neither fires on it.
  const checksOn = new Map<string, number[]>();
  const checksFor = (type: string) => {
    let on = checksOn.get(type);
    if (!on) checksOn.set(type, (on = applicable.flatMap((p, i) => (p.judgeOn === undefined || p.judgeOn.includes(type) ? [i] : []))));
    return on;
  };
  const found: (Found | null)[] = applicable.map(() => null);
  let open = checks.length;
  const sometimes = (options.sometimes ?? sometimesChecks).filter((c) => c.appliesTo(strategy));
  const witnesses: (Found | null)[] = sometimes.map(() => null);
  let unseen = sometimes.length;
  // As the flat engine (flat/explore.ts): a predicate of the state after alone is judged on the
  // edge that discovers a state (and on edges back into the initial state), not on every edge into
  // it, since the discovering edge came first and saw the same state (up to symmetry, which these
  // predicates' verdicts do not see). Not with the abstraction (its states are fingerprinted after
  // the checks) nor in a shard (whose first discoveries are not the whole search's).
  const oncePerState = !abstraction && !options.shard;
  const afterStateOnly = applicable.map((p) => oncePerState && judgedOncePerState(p));

  const canon = new Canonicaliser(scope, symmetry);
  const seen = new FingerprintSet();
  const parents = new ParentTable();
  const init = normalise(initState(scope));
  canon.fingerprint(init);
  const initHi = canon.hi;
  const initLo = canon.lo;
  seen.add(initHi, initLo);
  // A shard explores the sub-trees under its share of the distinct first steps (every shard still
  // checks every edge from the initial state) and records what `mergeShards` needs to count.
  const shard = options.shard;
  const recorder = shard ? new ShardRecorder(canon.hi, canon.lo) : null;
  const firstActions: string[] = [];
  let firstSteps = 0;

  let states = 1;
  let verifiedDepth = 0;
  let stopped = false;
  const progress = (level: number) => options.onProgress?.({ level, depth: bound, states, distinctStates: seen.size, maxStates });

  /** Expands one state: every enabled action, every check on every edge, new states recorded. */
  const expand = (from: number, before: State, level: number, keep: boolean) => {
    const enabled = actions(strategy, scope, before);
    if (enabled.length > 255) throw new RangeError('more than 255 enabled actions: the parent table stores action indices in a byte');
    recorder?.expanded(from, enabled.length);
    for (let a = 0; a < enabled.length && !stopped; a++) {
      const action = enabled[a];
      const t = nextState(strategy, scope, before, action);
      states++;
      let fresh = false;
      if (oncePerState) {
        canon.fingerprint(t.state);
        fresh = seen.add(canon.hi, canon.lo);
      }
      if (open > 0 || unseen > 0) {
        const edge: Edge = { strategy, scope, before, action, observation: t.observation, after: t.state };
        const stateJudged = fresh || (canon.hi === initHi && canon.lo === initLo);
        for (const p of checksFor(action.type)) {
          if (found[p] !== null || (afterStateOnly[p] && !stateJudged)) continue;
          const violation = checks[p](edge);
          if (violation) {
            found[p] = { from, actionIndex: a, length: level + 1, detail: violation.detail };
            open--;
          }
        }
        for (let k = 0; k < sometimes.length; k++) {
          if (witnesses[k] === null && sometimes[k].test(edge)) {
            witnesses[k] = { from, actionIndex: a, length: level + 1, detail: null };
            unseen--;
          }
        }
      }
      if (abstraction && acceptsExpired({ strategy, scope, before, action, observation: t.observation, after: t.state })) {
        const taken = [...indicesToActions(strategy, scope, parents.indices(from), normalise), formatAction(action)];
        throw new Error(`abstraction: ${strategyId} accepts an expired credential at [${taken.join(', ')}], which the abstraction assumes never happens; search without it`);
      }
      if (!oncePerState) {
        canon.fingerprint(normalise(t.state));
        fresh = seen.add(canon.hi, canon.lo);
      }
      if (fresh) {
        // Another shard's first step: known (so it is not explored again here), not expanded.
        const mine = !shard || level > 0 || firstSteps++ % shard.count === shard.index - 1;
        if (shard && level === 0 && mine) firstActions.push(formatAction(action));
        if (keep && mine) parents.push(from, a);
        recorder?.discovered(canon.hi, canon.lo, level + 1, keep && mine ? parents.size - 1 : -1);
        if (seen.size >= maxStates) stopped = true;
      }
      if ((states & (PROGRESS_EVERY - 1)) === 0) progress(level);
      if (options.stopWhenAllRefuted && open === 0 && checks.length > 0) stopped = true;
    }
  };

  // Level j holds parent-table indices [levelStart[j], levelStart[j + 1]). States are not kept as
  // objects: to expand level k, the tree of first discoveries is walked depth-first from the
  // initial state, re-running `nextState` along its edges. That costs about one extra step per
  // kept state, and leaves a parent pointer and an action byte as the only per-state memory
  // besides the fingerprint. The walk meets level-k states in index order, so the search is
  // still breadth-first and its counterexamples are the same.
  const levelStart = [0, 1];
  let fixpoint = false;
  for (let level = 0; level < bound && !stopped; level++) {
    if (levelStart[level] === levelStart[level + 1]) {
      fixpoint = true;
      break;
    }
    const keep = level + 1 < bound;
    const cursor = levelStart.slice();
    const visit = (index: number, state: State, j: number): void => {
      if (j === level) {
        expand(index, state, level, keep);
        return;
      }
      const enabled = actions(strategy, scope, state);
      const end = levelStart[j + 2];
      while (!stopped && cursor[j + 1] < end && parents.parent[cursor[j + 1]] === index) {
        const child = cursor[j + 1]++;
        visit(child, normalise(nextState(strategy, scope, state, enabled[parents.action[child]]).state), j + 1);
      }
    };
    visit(0, init, 0);
    levelStart.push(parents.size);
    if (!stopped) verifiedDepth = level + 1;
    progress(level);
  }
  // When a level adds no new state, every longer sequence only revisits expanded states.
  if (!stopped && !untilFixpoint) verifiedDepth = depth;

  const path = (f: Found) => indicesToActions(strategy, scope, [...parents.indices(f.from), f.actionIndex], normalise);
  // An abstract counterexample is replayed on the concrete model: its detail (with real times)
  // comes from there, and one that does not break the property there is a bug of the abstraction.
  const concreteDetail = (p: number, actionsTaken: readonly string[], f: Found): string | null => {
    if (!abstraction) return f.detail;
    const edges = replayEdges(strategy, scope, actionsTaken);
    const violation = checks[p](edges[edges.length - 1]);
    if (!violation) throw new Error(`abstraction: the counterexample of ${applicable[p].id} [${actionsTaken.join(', ')}] does not break it on the concrete model`);
    return violation.detail;
  };
  const { results, sometimes: sometimesOut } = outcomes({
    properties: options.properties, applicable, found, sometimes: options.sometimes ?? sometimesChecks, applicableSometimes: sometimes, witnesses, verifiedDepth,
    replay: path, detail: concreteDetail,
  });

  return {
    strategy: strategyId,
    users,
    nodes,
    depth: untilFixpoint ? verifiedDepth : depth,
    verifiedDepth,
    complete: !stopped,
    abstraction,
    fixpoint,
    scope,
    symmetry,
    states,
    distinctStates: seen.size,
    expandedStates: parents.size,
    memory: { fingerprintBytes: seen.bytes, parentBytes: parents.bytes },
    results,
    sometimes: sometimesOut,
    ...(shard && recorder ? { shard: { ...shard, firstActions, visited: recorder.encode() } } : {}),
  };
}

