/** Test helpers: play action strings on one strategy and look at observations and states. */
import { parseAction } from '../../model/actions.ts';
import { initState, nextState } from '../../model/nextState.ts';
import { modelStrategy } from '../../model/registry.ts';
import { defaultScope } from '../../model/scope.ts';
import type { Observation, Scope, State, StrategyId } from '../../model/types.ts';

export interface Played {
  readonly state: State;
  readonly observations: Observation[];
  /** The last observation. */
  readonly last: Observation;
}

export function play(strategy: StrategyId, actions: string[], scope: Scope = defaultScope): Played {
  const model = modelStrategy(strategy);
  let state = initState(scope);
  const observations: Observation[] = [];
  for (const text of actions) {
    const t = nextState(model, scope, state, parseAction(text));
    state = t.state;
    observations.push(t.observation);
  }
  return { state, observations, last: observations[observations.length - 1] };
}
