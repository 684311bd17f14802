/**
 * The exhaustive bounded checker: breadth-first search over `actions()` from `initState`, every
 * check run on every edge, states deduplicated by canonical fingerprint. Because the search goes
 * level by level, the first violation found of a property is a shortest one.
 *
 * Memory: every distinct state costs a fingerprint slot; only states that will be expanded (all
 * levels but the last) also keep a parent pointer, and only the current and next level are held
 * as objects. Pure: no clock, no randomness, no I/O; the caller times it through `onProgress`.
 */
import { actions } from '../actions.ts';
import { initState, nextState } from '../nextState.ts';
import { modelStrategy } from '../registry.ts';
import { makeScope } from '../scope.ts';
import type { State, StrategyId } from '../types.ts';
import { Canonicaliser } from './canonical.ts';
import { FingerprintSet } from './fingerprintSet.ts';
import { indicesToActions, ParentTable } from './path.ts';
import { sometimesChecks } from './sometimes.ts';
import type { Edge, ExploreOptions, ExploreResult, PropertyOutcome, SometimesOutcome } from './types.ts';

export const DEFAULT_DEPTH = 6;
export const DEFAULT_MAX_STATES = 2_000_000;
const PROGRESS_EVERY = 1 << 14;

interface Found {
  /** Parent-table index of the state the violating edge leaves. */
  readonly from: number;
  readonly actionIndex: number;
  readonly length: number;
  readonly detail: string | null;
}

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
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`depth must be a whole number ≥ 0, got ${depth}`);
  if (!Number.isInteger(maxStates) || maxStates < 1) throw new RangeError(`maxStates must be a whole number ≥ 1, got ${maxStates}`);
  const scope = makeScope({ users, nodes });

  const applicable = options.properties.filter((p) => p.expected?.[strategyId] !== 'n/a');
  const checks = applicable.map((p) => p.check);
  const found: (Found | null)[] = applicable.map(() => null);
  let open = checks.length;
  const sometimes = (options.sometimes ?? sometimesChecks).filter((c) => c.appliesTo(strategy));
  const witnesses: (Found | null)[] = sometimes.map(() => null);
  let unseen = sometimes.length;

  const canon = new Canonicaliser(scope, symmetry);
  const seen = new FingerprintSet();
  const parents = new ParentTable();
  const init = initState(scope);
  canon.fingerprint(init);
  seen.add(canon.hi, canon.lo);

  let states = 1;
  let frontier: State[] = [init];
  let frontierStart = 0;
  let verifiedDepth = 0;
  let peakFrontier = 1;
  let stopped = false;
  const progress = (level: number) => options.onProgress?.({ level, depth, states, distinctStates: seen.size, maxStates });

  for (let level = 0; level < depth && frontier.length > 0 && !stopped; level++) {
    const keep = level + 1 < depth;
    const next: State[] = [];
    const nextStart = parents.size;
    for (let f = 0; f < frontier.length && !stopped; f++) {
      const before = frontier[f];
      frontier[f] = undefined as unknown as State; // let expanded states go
      const from = frontierStart + f;
      const enabled = actions(strategy, scope, before);
      if (enabled.length > 255) throw new RangeError('more than 255 enabled actions: the parent table stores action indices in a byte');
      for (let a = 0; a < enabled.length; a++) {
        const action = enabled[a];
        const t = nextState(strategy, scope, before, action);
        states++;
        if (open > 0 || unseen > 0) {
          const edge: Edge = { strategy, scope, before, action, observation: t.observation, after: t.state };
          for (let p = 0; p < checks.length; p++) {
            if (found[p] !== null) continue;
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
        canon.fingerprint(t.state);
        if (seen.add(canon.hi, canon.lo)) {
          if (keep) {
            parents.push(from, a);
            next.push(t.state);
          }
          if (seen.size >= maxStates) stopped = true;
        }
        if ((states & (PROGRESS_EVERY - 1)) === 0) progress(level);
        if (options.stopWhenAllRefuted && open === 0 && checks.length > 0) stopped = true;
        if (stopped) break;
      }
    }
    if (!stopped) verifiedDepth = level + 1;
    progress(level);
    frontier = next;
    frontierStart = nextStart;
    if (next.length > peakFrontier) peakFrontier = next.length;
  }
  // Sequences shorter than `depth` that dead-end (no enabled action) are fully explored too.
  if (!stopped && frontier.length === 0) verifiedDepth = depth;

  const path = (f: Found) => indicesToActions(strategy, scope, [...parents.indices(f.from), f.actionIndex]);
  const results: PropertyOutcome[] = options.properties.map((p) => {
    const i = applicable.indexOf(p);
    if (i < 0) return { property: p.id, verdict: 'n/a', counterexample: null, detail: null, depth: 0 };
    const f = found[i];
    return f
      ? { property: p.id, verdict: 'refuted', counterexample: path(f), detail: f.detail, depth: f.length }
      : { property: p.id, verdict: 'holds', counterexample: null, detail: null, depth: verifiedDepth };
  });
  const all = options.sometimes ?? sometimesChecks;
  const sometimesOut: SometimesOutcome[] = all.map((c) => {
    const i = sometimes.indexOf(c);
    if (i < 0) return { id: c.id, statement: c.statement, reached: 'n/a', witness: null };
    const w = witnesses[i];
    return { id: c.id, statement: c.statement, reached: w !== null, witness: w ? path(w) : null };
  });

  return {
    strategy: strategyId,
    users,
    nodes,
    depth,
    verifiedDepth,
    complete: !stopped,
    symmetry,
    states,
    distinctStates: seen.size,
    expandedStates: parents.size,
    memory: { fingerprintBytes: seen.bytes, parentBytes: parents.bytes, peakFrontier },
    results,
    sometimes: sometimesOut,
  };
}

