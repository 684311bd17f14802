import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../../impl/index.ts';
import { checkConformance } from '../../properties/checkConformance.ts';
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
    const result = await checkConformance(builtinStrategy('in-memory'), 'sticky', { target: 'impl', runs: 200, seed: 4 });
    expect(result.verdict).toBe('refuted');
    expect(result.actions?.length).toBeLessThanOrEqual(3);
    expect(result.actions?.[0]).toMatch(/^login\(u\d\)$/);
    // The first difference is where the sticky model's balancer could not have sent the request.
    expect(result.detail).toMatch(/^step 2 \w+\(u\d\): n1 served the request, but its affinity cookie pins it to live n0$/);
  });

  it('the naive central store is told apart from the atomic one by its round trips (here in a concurrent batch: in total)', async () => {
    const result = await checkConformance(builtinStrategy('central-store-naive'), 'central-store', { target: 'impl', runs: 200, seed: 5 });
    expect(result.verdict).toBe('refuted');
    expect(result.actions?.map((a) => a.replace(/\d/g, 'N'))).toEqual(['login(uN)', 'concurrent(addItem(uN),addItem(uN))']);
    expect(result.detail).toMatch(/step 2 concurrent\(addItem\(u\d\),addItem\(u\d\)\): no order of the 2 concurrent requests explains their answers; in the order they arrived, the batch's requests together: the implementation answered storeTrips=4 where the model says storeTrips=2$/);
  });
});

describe('the result does not depend on how many programs run at once', () => {
  // Pinned values are those of the sequential run (1 in flight = fc.check's own order over the
  // seed; test/impl/concurrent-runs.test.ts shows the two generate the same programs): the first
  // failing run's number and its shrunk program. Seeds chosen so the first failure is late.
  it.each([
    ['in-memory', 'sticky', 12, 10, ['login(u0)', 'login(u0)']],
    ['central-store-naive', 'central-store', 12, 17, ['login(u1)', 'concurrent(addItem(u1),addItem(u1))']],
  ] as const)('%s held to %s (seed %i): refuted at run %i with the same shrunk program, 1 or 8 in flight', async (impl, model, seed, runs, actions) => {
    const one = await checkConformance(builtinStrategy(impl), model, { target: 'impl', runs: 200, seed, concurrency: 1 });
    const eight = await checkConformance(builtinStrategy(impl), model, { target: 'impl', runs: 200, seed, concurrency: 8 });
    expect(one).toMatchObject({ verdict: 'refuted', runs, actions });
    expect(eight).toEqual(one);
  });

  it('a holding check plays every run either way, and counts the same steps', async () => {
    const counts = [];
    for (const concurrency of [1, 8]) {
      let steps = 0;
      let disagreed = 0;
      const result = await checkConformance(builtinStrategy('jwt-refresh'), 'jwt-refresh', {
        target: 'impl', runs: 60, seed: 9, concurrency, onStep: (agreed) => { steps++; if (!agreed) disagreed++; },
      });
      expect(result).toEqual({ verdict: 'holds', runs: 60 });
      counts.push([steps, disagreed]);
    }
    expect(counts[0][0]).toBeGreaterThan(60);
    expect(counts[1]).toEqual(counts[0]);
    expect(counts[0][1]).toBe(0);
  });
});

describe('only a divergence refutes conformance', () => {
  it('a system that fails to start ends the check with that error instead of a verdict', async () => {
    const base = builtinStrategy('jwt');
    let started = 0;
    const flaky = { ...base, name: 'jwt-flaky', createNode: (ctx: Parameters<typeof base.createNode>[0]) => {
      if (++started === 3) throw new Error('EADDRINUSE (simulated)');
      return base.createNode(ctx);
    } };
    await expect(checkConformance(flaky, 'jwt', { target: 'impl', runs: 50, seed: 1 })).rejects.toThrow('EADDRINUSE (simulated)');
  });
});
