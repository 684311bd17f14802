import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinStrategy, openSystem } from '../../impl/index.ts';
import { defaultScope } from '../../model/scope.ts';
import type { StrategyId } from '../../model/types.ts';
import { FAILOVER, failoverDurableCheck, REPLICA_LAGS } from '../../properties/failoverDurable.ts';
import { requireBinaries, stopEverything } from './helpers.ts';

function options(strategy: StrategyId, runs: number) {
  return {
    strategy, implementation: builtinStrategy(strategy), target: 'redis' as const, scope: defaultScope, seed: 1, runs,
    open: () => openSystem(builtinStrategy(strategy), { target: 'redis', scope: defaultScope, seed: 1 }),
  };
}

describe('store.failover-durable: a primary, a lagging replica, a failover', () => {
  beforeAll(() => requireBinaries('redis-server'));
  afterAll(stopEverything);

  it('central-store loses a session acknowledged before the failover (asynchronous replication)', async () => {
    const result = await failoverDurableCheck()(options('central-store', 30));
    expect(result.verdict).toBe('refuted');
    const actions = result.counterexample!.actions;
    expect(actions).toContain(FAILOVER);
    expect(actions.indexOf(REPLICA_LAGS)).toBeLessThan(actions.indexOf(FAILOVER));
    expect(actions.length).toBeLessThanOrEqual(5);
    expect(result.counterexample!.detail).toMatch(/^after the failover/);
  });

  it('jwt-denylist lets a revoked or logged-out token back in after the failover', async () => {
    const result = await failoverDurableCheck()(options('jwt-denylist', 30));
    expect(result.verdict).toBe('refuted');
    expect(result.counterexample!.detail).toMatch(/accepted again/);
    expect(result.counterexample!.actions.length).toBeLessThanOrEqual(6);
  });

  it('jwt-refresh loses a refresh-token family acknowledged before the failover', async () => {
    const result = await failoverDurableCheck()(options('jwt-refresh', 30));
    expect(result.verdict).toBe('refuted');
    expect(result.counterexample!.actions).toContain(FAILOVER);
  });

  it('with writes acknowledged after WAIT 1, what was acknowledged survives; lagging writes are refused (503) instead', async () => {
    const result = await failoverDurableCheck(300)(options('central-store', 15));
    expect(result).toMatchObject({ verdict: 'holds', runs: 15 });
    expect(result.note).toMatch(/WAIT 1 300; ([1-9]|1[0-5]) of 15 programs had a write refused/);
  });
});
