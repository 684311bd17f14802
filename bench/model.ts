/** Model-only speed: random walks of enabled actions through `nextState` (seeded, so repeatable). */
import { actions } from '../model/actions.ts';
import { initState, nextState } from '../model/nextState.ts';
import { modelStrategy } from '../model/registry.ts';
import { makeScope } from '../model/scope.ts';
import type { State, StrategyId } from '../model/types.ts';
import { round } from './explorer.ts';
import { mulberry32 } from './prng.ts';

export interface ModelFigures {
  readonly strategy: StrategyId;
  readonly actions: number;
  readonly seconds: number;
  /** `actions()` plus `nextState()` per second. */
  readonly actionsPerSecond: number;
}

/** Walks of `walkLength` random enabled actions from `initState`, `total` actions in all. */
export function benchModel(strategyId: StrategyId, total: number, seed = 1, walkLength = 20): ModelFigures {
  const strategy = modelStrategy(strategyId);
  const scope = makeScope({ users: 2, nodes: 2 });
  const random = mulberry32(seed);
  const init = initState(scope);
  const walk = (n: number) => {
    let state: State = init;
    for (let i = 0; i < n; i++) {
      if (i % walkLength === 0) state = init;
      const enabled = actions(strategy, scope, state);
      state = nextState(strategy, scope, state, enabled[Math.floor(random() * enabled.length)]).state;
    }
  };
  walk(Math.min(total, 20_000)); // warm-up
  const started = performance.now();
  walk(total);
  const seconds = (performance.now() - started) / 1000;
  return { strategy: strategyId, actions: total, seconds: round(seconds, 3), actionsPerSecond: Math.round(total / seconds) };
}
