/**
 * Generated programs played concurrently, with results that do not depend on completion order.
 * fast-check itself generates the programs (`fc.check` with a property that launches a play and
 * answers at once), so run i is exactly the value `fc.check` gives run i for the seed, the one
 * `fc.check(..., { seed, path: String(i) })` replays and shrinks. Callers combine per-run outcomes
 * by run index (the smallest failing one wins), never by arrival.
 */
import fc from 'fast-check';

/**
 * Programs in flight when a caller does not say, per target (measured; see BENCHMARKS.md). On
 * `redis` a program waits on a real server (round trips, emptying it between programs), and 4 at
 * once played 20–60 % more actions per second than 1. In-process (`impl`) the main thread is
 * already busy nearly all the time with one program, so 1 to 8 are within noise of each other
 * today; 4 costs nothing measurable there and lets waits (WebCrypto, the store) overlap as
 * per-request CPU falls. `cluster` runs HAProxy, node processes and a redis-server per system,
 * with 50 ms health checks a loaded machine could miss, and 3 at once were slower than 1 on two
 * cores: it stays at 1.
 */
export function defaultConcurrency(target: string): number {
  return target === 'cluster' ? 1 : 4;
}

/** The most programs in flight a caller may ask for. */
export const MAX_CONCURRENCY = 64;

/** Options of {@link playRuns}. */
export interface PlayRunsOptions {
  readonly seed: number;
  /** How many programs fast-check generates (`numRuns`). */
  readonly runs: number;
  /** Programs in flight at most (1 plays them one after another). */
  readonly concurrency: number;
  /**
   * Whether run `index` still matters, asked before it is launched; once it answers false no
   * later run is launched (e.g. a failure at a smaller index is already known). Default: all do.
   */
  readonly wanted?: (index: number) => boolean;
}

/** Checks a concurrency value (a whole number from 1 to {@link MAX_CONCURRENCY}). */
function checkConcurrency(concurrency: number): number {
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new RangeError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${concurrency}`);
  }
  return concurrency;
}

/**
 * Plays the values `fc.check(fc.asyncProperty(arb, …), { seed, numRuns: runs })` generates, run
 * `index` being the index-th, with at most `concurrency` plays in flight, launched in index order.
 * Resolves once every launched play has settled. A play that throws stops further launches; the
 * error of the smallest run index that threw is rethrown (every smaller index was launched, so
 * which one that is does not depend on timing).
 */
export async function playRuns<T>(arb: fc.Arbitrary<T>, options: PlayRunsOptions, play: (value: T, index: number) => Promise<void>): Promise<void> {
  const concurrency = checkConcurrency(options.concurrency);
  const inFlight = new Set<Promise<void>>();
  let thrown: { index: number; error: unknown } | undefined;
  let next = 0;
  const launchable = (index: number) => thrown === undefined && (options.wanted?.(index) ?? true);
  await fc.check(
    fc.asyncProperty(arb, async (value) => {
      const index = next++;
      while (inFlight.size >= concurrency && launchable(index)) await Promise.race(inFlight);
      // `false` ends fast-check's loop (endOnFailure: nothing is shrunk): no later run is wanted.
      if (!launchable(index)) return false;
      const running: Promise<void> = Promise.resolve()
        .then(() => play(value, index))
        .catch((error: unknown) => {
          if (thrown === undefined || index < thrown.index) thrown = { index, error };
        })
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
      return true;
    }),
    { seed: options.seed, numRuns: options.runs, endOnFailure: true },
  );
  while (inFlight.size > 0) await Promise.all(inFlight);
  if (thrown !== undefined) throw thrown.error;
}
