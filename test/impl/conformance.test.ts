import { describe, expect, it } from 'vitest';
import { builtinStrategy, checkConformance } from '../../impl/index.ts';
import { strategyIds } from '../../model/index.ts';

describe('every built-in strategy behaves exactly like its model', () => {
  for (const id of strategyIds) {
    it(`${id}: 200 generated programs, identical status, user, node and round trips at every step (in-process)`, async () => {
      const result = await checkConformance(builtinStrategy(id), id, { target: 'impl', runs: 200, seed: 20_241 });
      expect(result).toEqual({ verdict: 'holds', runs: 200 });
    });
  }
});

describe('the conformance check notices an implementation that differs from the model', () => {
  it('in-memory nodes held to the sticky model are refuted with a short shrunk program', async () => {
    const result = await checkConformance(builtinStrategy('in-memory'), 'sticky', { target: 'impl', runs: 200, seed: 3 });
    expect(result.verdict).toBe('refuted');
    expect(result.actions?.length).toBeLessThanOrEqual(3);
    expect(result.actions?.[0]).toMatch(/^login\(u\d\)$/);
    expect(result.detail).toMatch(/model .*"status":200.*implementation .*"status":401/);
  });

  it('the naive central store is told apart from the atomic one by its round trips', async () => {
    const result = await checkConformance(builtinStrategy('central-store-naive'), 'central-store', { target: 'impl', runs: 200, seed: 5 });
    expect(result.verdict).toBe('refuted');
    expect(result.actions?.map((a) => a.replace(/\d/g, 'N'))).toEqual(['login(uN)', 'addItem(uN)']);
    expect(result.detail).toMatch(/"storeTrips":1.*"storeTrips":2/);
  });
});
