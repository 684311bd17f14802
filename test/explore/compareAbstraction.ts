/**
 * The comparison of the searches with and without the abstraction: verdicts, shortest
 * counterexample lengths, and reached "sometimes" situations with their shortest witness lengths.
 * Used by abstraction.test.ts (depth 5) and by `npx tsx bench/abstraction.ts compare 6` (by hand).
 */
import { explore, type ExploreResult } from '../../model/explore/index.ts';
import type { StrategyId } from '../../model/types.ts';
import { modelProperties } from './helpers.ts';

export interface Comparison {
  readonly concrete: ExploreResult;
  readonly abstract: ExploreResult;
  /** One line per disagreement; empty when the searches agree. */
  readonly differences: readonly string[];
}

/** Runs both searches (2 users, 2 nodes, every model-decided property) to `depth` and compares them. */
export function compareSearches(strategy: StrategyId, depth: number): Comparison {
  const concrete = explore(strategy, { depth, properties: modelProperties });
  const abstract = explore(strategy, { depth, properties: modelProperties, abstraction: true });
  const differences: string[] = [];
  concrete.results.forEach((c, i) => {
    const a = abstract.results[i];
    if (c.property !== a.property || c.verdict !== a.verdict || c.depth !== a.depth) {
      differences.push(`${c.property}: ${c.verdict} at ${c.depth} without, ${a.verdict} at ${a.depth} with the abstraction`);
    }
  });
  concrete.sometimes.forEach((c, i) => {
    const a = abstract.sometimes[i];
    if (c.id !== a.id || c.reached !== a.reached || (c.witness?.length ?? null) !== (a.witness?.length ?? null)) {
      differences.push(`sometimes ${c.id}: ${String(c.reached)} (${c.witness?.length ?? '-'}) without, ${String(a.reached)} (${a.witness?.length ?? '-'}) with the abstraction`);
    }
  });
  return { concrete, abstract, differences };
}
