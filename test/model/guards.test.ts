import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actions, formatAction, isEnabled } from '../../model/actions.ts';
import { initState, nextState } from '../../model/nextState.ts';
import { modelStrategies } from '../../model/registry.ts';
import { defaultScope } from '../../model/scope.ts';
import type { Action, State } from '../../model/types.ts';

/** Every action a state could name, in the order `actions` lists them. */
function candidates(state: State): Action[] {
  const out: Action[] = [];
  const userTypes = ['login', 'whoami', 'addItem', 'logout', 'refresh', 'replayStolen', 'replayRefresh', 'replayOlder', 'revoke'] as const;
  for (let user = 0; user < state.clients.length; user++) for (const type of userTypes) out.push({ type, user });
  for (let node = 0; node < state.nodes.length; node++) out.push({ type: 'crash', node }, { type: 'drain', node }, { type: 'restart', node });
  out.push({ type: 'addNode' }, { type: 'storeDown' }, { type: 'storeUp' }, { type: 'storeWipe' });
  for (const seconds of defaultScope.ticks) out.push({ type: 'tick', seconds });
  return out;
}

// `actions` enumerates directly (it is on the hot path of every search); `isEnabled` holds the
// guards. They must say the same thing in every reachable state.
describe('the enabled actions and the guards agree', () => {
  for (const strategy of modelStrategies) {
    it(`${strategy.id}: actions(state) is exactly the candidates isEnabled accepts, in order`, () => {
      fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 30 }), (choices) => {
        let state = initState(defaultScope);
        for (const choice of choices) {
          const enabled = actions(strategy, defaultScope, state);
          const guarded = candidates(state).filter((a) => isEnabled(strategy, defaultScope, state, a));
          expect(enabled.map(formatAction)).toEqual(guarded.map(formatAction));
          state = nextState(strategy, defaultScope, state, enabled[choice % enabled.length]).state;
        }
      }), { seed: 1, numRuns: 200 });
    });
  }
});
