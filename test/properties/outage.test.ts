/**
 * store.outage-tolerant as DESIGN states it (any request, by the store-up counterfactual) and the
 * narrower store.outage-tolerant-ordinary (whoami and addItem only), on the model and on the
 * running implementation judged from its own trace.
 */
import { describe, expect, it } from 'vitest';
import { builtinStrategy, openSystem } from '../../impl/index.ts';
import { replayEdges } from '../../model/explore/index.ts';
import { modelStrategy, type StrategyId } from '../../model/index.ts';
import { defaultScope, makeScope } from '../../model/scope.ts';
import { property } from '../../properties/catalog.ts';
import { executeLockstep } from '../../properties/lockstep.ts';
import type { PropertyId } from '../../properties/types.ts';

const onModel = (strategy: StrategyId, id: PropertyId, actions: string[]) =>
  replayEdges(modelStrategy(strategy), makeScope({ users: 2, nodes: 2 }), actions).map((edge) => property(id).check!(edge));

const onImpl = (strategy: StrategyId, id: PropertyId, actions: string[]) =>
  executeLockstep(() => openSystem(builtinStrategy(strategy), { target: 'impl', scope: defaultScope, seed: 1 }), modelStrategy(strategy), defaultScope, [property(id)], actions);

const refreshInOutage = ['login(u0)', 'storeDown()', 'refresh(u0)'];

describe('a store outage under the literal statement', () => {
  it('jwt-refresh refuses a refresh in an outage that the store-up counterfactual accepts (issue 13\'s counterexample), on the model', () => {
    const fired = onModel('jwt-refresh', 'store.outage-tolerant', refreshInOutage);
    expect(fired.slice(0, 2)).toEqual([null, null]);
    expect(fired[2]).toEqual({ detail: 'with the store down refresh answers 503; with it up it would be 200' });
    expect(onModel('jwt-refresh', 'store.outage-tolerant-ordinary', refreshInOutage)).toEqual([null, null, null]);
  });

  it('and on the implementation, judged from its trace, where the refresh reaches the node that issued the token', async () => {
    // Refresh tokens are never probed, so the trace knows only that the issuing node accepted the
    // token with the store up; round-robin sends the refresh back there after one whoami.
    const program = ['login(u0)', 'whoami(u0)', 'storeDown()', 'refresh(u0)'];
    const literal = await onImpl('jwt-refresh', 'store.outage-tolerant', [...program, 'whoami(u0)']);
    expect(literal.executed).toEqual(program);
    expect(literal.violations.get('store.outage-tolerant')?.detail).toBe('with the store down refresh answers 503; with it up it would be 200');
    const ordinary = await onImpl('jwt-refresh', 'store.outage-tolerant-ordinary', [...program, 'whoami(u0)', 'addItem(u0)']);
    expect(ordinary.executed).toEqual([...program, 'whoami(u0)', 'addItem(u0)']);
    expect(ordinary.run.witnessed.has('store.outage-tolerant-ordinary')).toBe(true);
    expect(ordinary.violations.size).toBe(0);
  });

  it('a login in an outage is refused by the strategies whose login writes to the store, and by no other', async () => {
    const login = ['storeDown()', 'login(u0)'];
    for (const strategy of ['central-store', 'jwt-refresh', 'jwt-denylist'] as const) {
      expect(onModel(strategy, 'store.outage-tolerant', login)[1]).toEqual({ detail: 'with the store down login answers 503; with it up it would be 200' });
      expect((await onImpl(strategy, 'store.outage-tolerant', login)).violations.has('store.outage-tolerant')).toBe(true);
    }
    for (const strategy of ['in-memory', 'sticky', 'jwt'] as const) {
      expect(onModel(strategy, 'store.outage-tolerant', login)).toEqual([null, null]);
      const run = await onImpl(strategy, 'store.outage-tolerant', login);
      expect(run.run.witnessed.has('store.outage-tolerant')).toBe(true);
      expect(run.violations.size).toBe(0);
    }
  });
});
