/**
 * A lockstep run stops where the implementation first answers differently from the model: after
 * that the model's state no longer describes the system, so nothing after it is judged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initState, modelStrategy, nextState, parseAction, type Action, type Observation } from '../../model/index.ts';
import { defaultScope } from '../../model/scope.ts';
import { executeLockstep, LockstepCommand, newLockstep } from '../../properties/lockstep.ts';
import { property } from '../../properties/catalog.ts';
import type { Property } from '../../properties/types.ts';

const strategy = modelStrategy('sticky');

/** A system that answers as the model does, except `step` (1-based) and after, where it answers 503. */
function systemDivergingAt(step: number) {
  let state = initState(defaultScope);
  let n = 0;
  return async () => ({
    async step(action: Action): Promise<Observation> {
      n += 1;
      const expected = nextState(strategy, defaultScope, state, action);
      state = expected.state;
      return n >= step ? { status: 503, storeTrips: 0 } : expected.observation;
    },
    localSessionCounts: () => [],
    close: async () => {},
  });
}

/** A watcher that flags every 503 it sees (what a property would make of answers after a divergence). */
const no503: Property = { ...property('conformance.model-impl'), id: 'safety.fixation', check: (s) => (s.observation.status === 503 ? { detail: 'saw 503' } : null) };

describe('lockstep runs stop at the first divergence', () => {
  const program = ['login(u0)', 'whoami(u0)', 'whoami(u0)', 'whoami(u0)'];

  it('the diverging step is played and judged, nothing after it', async () => {
    const run = await executeLockstep(systemDivergingAt(2), strategy, defaultScope, [property('conformance.model-impl'), no503], program);
    expect(run.executed).toEqual(['login(u0)', 'whoami(u0)']);
    expect(run.violations.get('conformance.model-impl')?.detail).toMatch(/status=503/);
    expect(run.violations.get('safety.fixation')?.detail).toBe('saw 503');
  });

  it('without a divergence the whole program runs', async () => {
    const run = await executeLockstep(systemDivergingAt(99), strategy, defaultScope, [property('conformance.model-impl'), no503], program);
    expect(run.executed).toEqual(program);
    expect(run.violations.size).toBe(0);
  });

  it('a run stops at a divergence even when conformance is not among the watched properties', async () => {
    const run = await executeLockstep(systemDivergingAt(3), strategy, defaultScope, [{ ...no503, check: () => null }], program);
    expect(run.executed).toEqual(['login(u0)', 'whoami(u0)', 'whoami(u0)']);
    expect(parseAction(run.executed[2])).toEqual({ type: 'whoami', user: 0 });
  });

  it('in the batch run (every property watched, no stop on violations) the commands after a divergence are skipped', async () => {
    const run = newLockstep(strategy, defaultScope, [no503], false);
    const system = await systemDivergingAt(2)();
    await fc.asyncModelRun(() => ({ model: run, real: system }), program.map((a) => new LockstepCommand(parseAction(a))));
    expect(run.diverged).toBe(true);
    expect(run.executed).toEqual(['login(u0)', 'whoami(u0)']);
  });
});
