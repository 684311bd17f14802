/** Time for the breadth-first search to reach the first (so shortest) counterexample of each refuted cell. */
import { explore } from '../model/explore/index.ts';
import { strategyIds } from '../model/registry.ts';
import type { StrategyId } from '../model/types.ts';
import { catalog } from '../properties/catalog.ts';
import { round } from './explorer.ts';

export interface CounterexampleFigures {
  readonly strategy: StrategyId;
  readonly property: string;
  /** null: none within `depth` / `maxStates`. */
  readonly length: number | null;
  readonly counterexample: readonly string[] | null;
  readonly milliseconds: number;
  readonly distinctStates: number;
}

export function benchCounterexamples(depth: number, maxStates: number): CounterexampleFigures[] {
  const out: CounterexampleFigures[] = [];
  for (const strategy of strategyIds) {
    for (const p of catalog) {
      if (p.decidedBy !== 'model' || !p.check || p.expected[strategy] !== 'refuted') continue;
      const started = performance.now();
      const result = explore(strategy, {
        depth, maxStates, stopWhenAllRefuted: true, sometimes: [],
        properties: [{ id: p.id, check: p.check }],
      });
      const milliseconds = performance.now() - started;
      const [r] = result.results;
      out.push({
        strategy,
        property: p.id,
        length: r.verdict === 'refuted' ? r.depth : null,
        counterexample: r.counterexample,
        milliseconds: round(milliseconds, 2),
        distinctStates: result.distinctStates,
      });
    }
  }
  return out;
}
