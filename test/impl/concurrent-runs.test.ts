import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { playRuns } from '../../impl/concurrentRuns.ts';

const arb = fc.array(fc.nat({ max: 1000 }), { maxLength: 6 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Completion order scrambled by the value itself (deterministic, never by a clock reading). */
const delay = (v: readonly number[]) => sleep((v[0] ?? 0) % 7);

/** The values a plain sequential `fc.check` gives runs 0..runs-1. */
function sequentialValues(seed: number, runs: number): number[][] {
  const values: number[][] = [];
  fc.check(fc.property(arb, (v) => { values.push(v); return true; }), { seed, numRuns: runs });
  return values;
}

/** The value `fc.check` replays for `path: String(index)` (where shrinking starts from). */
function replayed(seed: number, index: number): number[] {
  let value: number[] = [];
  fc.check(fc.property(arb, (v) => { value = v; return false; }), { seed, path: String(index), numRuns: 1, endOnFailure: true });
  return value;
}

describe('playRuns: generated runs played concurrently, in fast-check\'s order', () => {
  it.each([1, 3, 8])('with %i in flight, run i is the value fc.check gives run i and the one path "i" replays', async (concurrency) => {
    for (const seed of [1, 42, -7]) {
      const seen: number[][] = [];
      const launched: number[] = [];
      let inFlight = 0;
      let most = 0;
      await playRuns(arb, { seed, runs: 40, concurrency }, async (v, i) => {
        launched.push(i);
        most = Math.max(most, ++inFlight);
        await delay(v);
        seen[i] = v;
        inFlight--;
      });
      expect(seen).toEqual(sequentialValues(seed, 40));
      expect(launched).toEqual([...Array(40).keys()]);
      expect(most).toBeLessThanOrEqual(concurrency);
      for (const i of [0, 13, 39]) expect(seen[i]).toEqual(replayed(seed, i));
    }
  });

  it('rethrows the error of the smallest failing run, whichever failed first, and launches nothing after it', async () => {
    for (const concurrency of [1, 4]) {
      const launched: number[] = [];
      const outcome = playRuns(arb, { seed: 5, runs: 30, concurrency }, async (_v, i) => {
        launched.push(i);
        // Run 5 fails late, run 6 at once: run 5's error is the one reported.
        if (i === 5) { await sleep(20); throw new Error('run 5'); }
        if (i === 6) throw new Error('run 6');
        await sleep(1);
      });
      await expect(outcome).rejects.toThrow(/^run 5$/);
      expect(launched.every((i) => i <= 5 + concurrency)).toBe(true);
      expect(launched.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });

  it('stops launching once `wanted` says no', async () => {
    const launched: number[] = [];
    await playRuns(arb, { seed: 1, runs: 50, concurrency: 3, wanted: (i) => i < 10 }, async (_v, i) => { launched.push(i); });
    expect(launched).toEqual([...Array(10).keys()]);
  });

  it('refuses a concurrency that is not a whole number from 1 to 64', async () => {
    for (const concurrency of [0, -1, 1.5, 65, Number.NaN]) {
      await expect(playRuns(arb, { seed: 1, runs: 1, concurrency }, async () => {})).rejects.toThrow(RangeError);
    }
  });
});
