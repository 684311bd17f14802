/**
 * The lockstep engine judges the system's own trace: a divergence from the model refutes
 * conformance at its step, and the run goes on, every other property still judging what the
 * system did.
 */
import { describe, expect, it } from 'vitest';
import { builtinStrategy, openSystem } from '../../impl/index.ts';
import { modelStrategy, parseAction } from '../../model/index.ts';
import { defaultScope } from '../../model/scope.ts';
import { property } from '../../properties/catalog.ts';
import { conformanceViolation, enabledOnSystem, executeLockstep, newLockstep } from '../../properties/lockstep.ts';
import { delegate } from '../support/delegate.ts';

const open = (id: Parameters<typeof builtinStrategy>[0]) => () => openSystem(builtinStrategy(id), { target: 'impl', scope: defaultScope, seed: 1 });

describe('a lockstep run judges the system, not the model', () => {
  it('in-memory nodes held to the sticky model: conformance is refuted where the balancer leaves the pinned node, and the run goes on', async () => {
    const program = ['login(u0)', 'whoami(u0)', 'whoami(u0)', 'crash(n1)', 'whoami(u0)'];
    const run = await executeLockstep(open('in-memory'), modelStrategy('sticky'), defaultScope, [property('conformance.model-impl'), property('login.follows-user')], program);
    // executeLockstep stops at the first violation of a watched property: login.follows-user fails at step 2 too.
    expect(run.executed).toEqual(['login(u0)', 'whoami(u0)']);
    expect(run.violations.get('conformance.model-impl')?.detail).toMatch(/step 2 whoami\(u0\): n1 served the request, but its affinity cookie pins it to live n0/);
    expect(run.violations.get('login.follows-user')?.detail).toMatch(/u0's session #1 is valid and saw no fault, yet n1 answers 401/);
  });

  it('after a divergence the remaining steps run and are judged on the system trace', async () => {
    const program = ['login(u0)', 'whoami(u0)', 'crash(n1)', 'whoami(u0)', 'whoami(u0)'];
    const sut = await open('in-memory')();
    const run = newLockstep(modelStrategy('sticky'), defaultScope, [property('conformance.model-impl'), property('failover.sessions-survive')], false);
    const { stepLockstep } = await import('../../properties/lockstep.ts');
    try {
      for (const text of program) {
        const action = parseAction(text);
        if (enabledOnSystem(run, sut, action)) await stepLockstep(run, sut, action);
      }
    } finally {
      await sut.close();
    }
    expect(run.diverged).toBe(true);
    expect(run.executed).toEqual(program);
    // After crash(n1) only n0 is live and holds the session: the survival witness was reached and held.
    expect(run.witnessed.has('failover.sessions-survive')).toBe(true);
    expect(run.violations.has('failover.sessions-survive')).toBe(false);
  });

  it('a wrong-user 200 after a crash refutes failover.sessions-survive (survival means accepted as the owner)', async () => {
    const system = async () => {
      const sut = await open('central-store')();
      let crashed = false;
      return delegate(sut, {
        act: async (action, forged) => {
          const record = await sut.act(action, forged);
          if (action.type === 'crash') crashed = true;
          if (crashed && action.type === 'whoami' && record.observation.status === 200) return { ...record, observation: { ...record.observation, user: 1 - action.user } };
          return record;
        },
      });
    };
    const run = await executeLockstep(system, modelStrategy('central-store'), defaultScope, [property('failover.sessions-survive')], ['login(u0)', 'crash(n1)', 'whoami(u0)']);
    expect(run.violations.get('failover.sessions-survive')?.detail).toMatch(/saw only a node crash, yet n0 answers 200 \(u1\)/);
  });

  it('store round trips: exact for built-ins, none versus some for plug-ins that declare no costs', () => {
    const model = { status: 200, storeTrips: 1 } as const;
    expect(conformanceViolation(model, { status: 200, storeTrips: 3 }, 'exact')?.detail).toMatch(/storeTrips=3 where the model says storeTrips=1/);
    expect(conformanceViolation(model, { status: 200, storeTrips: 3 }, 'presence')).toBeNull();
    expect(conformanceViolation(model, { status: 200, storeTrips: 0 }, 'presence')?.detail).toMatch(/storeTrips=0 where the model says storeTrips ≥ 1/);
  });
});
