/**
 * `replayIssued(uN,K)`: the attacker presents any credential ever issued to a user (DESIGN, "The
 * attacker": it holds every credential any client ever held or gave up), in generated programs and
 * replays on every target; the exhaustive search keeps its bounded memory (`stolen`, `older`).
 */
import { describe, expect, it } from 'vitest';
import { builtinStrategy, openSystem } from '../../impl/index.ts';
import { actions, ActionSyntaxError, formatAction, isEnabled, parseAction } from '../../model/actions.ts';
import { initState, nextState } from '../../model/nextState.ts';
import { modelStrategy } from '../../model/registry.ts';
import { defaultScope } from '../../model/scope.ts';
import type { State } from '../../model/types.ts';
import { property } from '../../properties/catalog.ts';
import { executeLockstep } from '../../properties/lockstep.ts';
import { jwtDenylistLogoutJtiOnly } from '../mutants/jwt-denylist.ts';

const story = ['login(u0)', 'addItem(u0)', 'addItem(u0)', 'logout(u0)'];

function play(strategy: Parameters<typeof modelStrategy>[0], steps: readonly string[]): { state: State; last: number } {
  const model = modelStrategy(strategy);
  let state = initState(defaultScope);
  let last = 0;
  for (const step of steps) {
    const t = nextState(model, defaultScope, state, parseAction(step));
    state = t.state;
    last = t.observation.status;
  }
  return { state, last };
}

describe('replayIssued(uN,K)', () => {
  it('reads and prints as replayIssued(u0,3), and a malformed one is a syntax error', () => {
    expect(parseAction('replayIssued(u1,3)')).toEqual({ type: 'replayIssued', user: 1, index: 3 });
    expect(formatAction({ type: 'replayIssued', user: 0, index: 12 })).toBe('replayIssued(u0,12)');
    for (const bad of ['replayIssued(u0)', 'replayIssued(n0,1)', 'replayIssued(u0,-1)', 'replayIssued(u0,x)']) expect(() => parseAction(bad)).toThrow(ActionSyntaxError);
  });

  it('is enabled for each credential ever issued to the user (refresh tokens not counted), and never enumerated by the search', () => {
    const jwt = modelStrategy('jwt');
    const { state } = play('jwt', story);
    // login and two re-signs: three tokens, all given up by the logout.
    expect([0, 1, 2, 3].map((index) => isEnabled(jwt, defaultScope, state, { type: 'replayIssued', user: 0, index }))).toEqual([true, true, true, false]);
    expect(isEnabled(jwt, defaultScope, state, { type: 'replayIssued', user: 1, index: 0 })).toBe(false);
    const refresh = play('jwt-refresh', ['login(u0)', 'refresh(u0)']).state;
    expect([0, 1, 2].map((index) => isEnabled(modelStrategy('jwt-refresh'), defaultScope, refresh, { type: 'replayIssued', user: 0, index }))).toEqual([true, true, false]);
    expect(actions(jwt, defaultScope, state).some((a) => a.type === 'replayIssued')).toBe(false);
  });

  it('on the model, presents the first token: jwt accepts it after the logout, jwt-denylist refuses it', () => {
    expect(play('jwt', [...story, 'replayIssued(u0,0)']).last).toBe(200);
    expect(play('jwt-denylist', [...story, 'replayIssued(u0,0)']).last).toBe(401);
  });

  it('on a system, presents what that system issued: a per-jti denylist accepts the first token after the logout, and logout.invalidates says so on its own trace', async () => {
    const steps = [...story, 'replayIssued(u0,0)'];
    const lockstep = async (implementation: typeof jwtDenylistLogoutJtiOnly) => executeLockstep(
      () => openSystem(implementation, { target: 'impl', scope: defaultScope, seed: 1 }), modelStrategy('jwt-denylist'), defaultScope, [property('logout.invalidates')], steps);
    const mutant = await lockstep(jwtDenylistLogoutJtiOnly);
    expect(mutant.violations.get('logout.invalidates')?.detail).toMatch(/logged out at t=0s and is accepted again/);
    const builtin = await lockstep(builtinStrategy('jwt-denylist'));
    expect(builtin.violations.size).toBe(0);
    expect(builtin.executed).toEqual(steps);
  });
});
