/**
 * A search split by its first steps (`ExploreOptions.shard`) and merged (`mergeShards`) is the
 * unsharded search: the same state counts, verdicts, shortest counterexamples and details.
 */
import { describe, expect, it } from 'vitest';
import { explore, mergeShards, type ExploreShard, type PropertyOutcome } from '../../model/explore/index.ts';
import { strategyIds } from '../../model/registry.ts';
import { modelProperties } from './helpers.ts';

const merged = (strategy: (typeof strategyIds)[number], depth: number, count: number) => mergeShards(
  Array.from({ length: count }, (_, i) => explore(strategy, { depth, properties: modelProperties, shard: { index: i + 1, count } }))
    .map((r) => ({ depth, shard: r.shard!, results: r.results })),
);

describe('a search in shards, merged, is the unsharded search', () => {
  it.each(strategyIds)('%s at depths 0 to 3, in 1, 2 and 5 shards', (strategy) => {
    for (let depth = 0; depth <= 3; depth++) {
      const whole = explore(strategy, { depth, properties: modelProperties });
      for (const count of [1, 2, 5]) {
        const m = merged(strategy, depth, count);
        expect([m.states, m.distinctStates], `depth ${depth}, ${count} shards`).toEqual([whole.states, whole.distinctStates]);
        expect(m.results).toEqual(whole.results);
      }
    }
  });

  it('each shard explores only its own first steps, and together they are every distinct first step once', () => {
    const shards = [1, 2, 3].map((index) => explore('sticky', { depth: 2, properties: modelProperties, shard: { index, count: 3 } }).shard!);
    const all = shards.flatMap((s) => s.firstActions);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('login(u0)');
    expect(all).not.toContain('login(u1)'); // the same state as login(u0), up to symmetry
    expect(shards.every((s) => s.firstActions.length > 0)).toBe(true);
  });

  it('between two counterexamples of one length, the one whose first step comes first in the search wins', () => {
    const shard = (index: number, firstActions: string[]): ExploreShard => ({ index, count: 2, firstActions, visited: '' });
    const refuted = (counterexample: string[]): PropertyOutcome[] => [{ property: 'p', verdict: 'refuted', counterexample, detail: null, depth: counterexample.length }];
    // Search order: a (shard 1), b (shard 2), c (shard 1).
    const m = mergeShards([
      { depth: 3, shard: shard(1, ['a', 'c']), results: refuted(['c', 'x']) },
      { depth: 3, shard: shard(2, ['b']), results: refuted(['b', 'y']) },
    ]);
    expect(m.results[0].counterexample).toEqual(['b', 'y']);
    expect(m.from).toEqual([1]);
    const shorter = mergeShards([
      { depth: 3, shard: shard(1, ['a', 'c']), results: refuted(['c', 'x']) },
      { depth: 3, shard: shard(2, ['b']), results: refuted(['b', 'y', 'z']) },
    ]);
    expect(shorter.results[0].counterexample).toEqual(['c', 'x']);
  });
});
