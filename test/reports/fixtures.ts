/** Counterexample evidence built from real model runs, without a verification run. */
import { defaultScope } from '../../model/scope.ts';
import type { StrategyId } from '../../model/types.ts';
import { encodeReplay } from '../../properties/replay.ts';
import type { Result } from '../../properties/results.ts';
import type { PropertyId } from '../../properties/types.ts';
import { property } from '../../properties/catalog.ts';
import { reportModel, type CounterexampleEvidence } from '../../reports/reportModel.ts';

/** A refuted result for a cell's minimal counterexample (docs/catalog.md, "Expected minimal counterexamples"). */
export function refuted(strategy: StrategyId, id: PropertyId, actions: string[]): Result {
  return {
    strategy, property: id, expected: property(id).expected[strategy], verdict: 'refuted', runs: 1,
    counterexample: { actions, replay: encodeReplay({ strategy, property: id, target: 'model', scope: defaultScope, actions }), detail: 'as recorded' },
  };
}

/** The evidence the reports show for one counterexample. */
export function evidenceFor(strategy: StrategyId, id: PropertyId, actions: string[]): CounterexampleEvidence {
  const model = reportModel({ tool: 'sessioncheck', version: '0.1.0', target: 'model', seed: 1, runs: 1, results: [refuted(strategy, id, actions)], table: [], ok: true });
  const cx = model.cells[0].counterexample;
  if (!cx) throw new Error('no counterexample evidence');
  return cx;
}

export const stickyFailover = () => evidenceFor('sticky', 'failover.sessions-survive', ['login(u0)', 'crash(n0)', 'whoami(u0)']);
