/**
 * A variable store latency for concurrent batches, scheduled rather than timed: before each store
 * round trip the command waits 0–{@link MAX_TURNS} turns of the event loop (`setImmediate`), the
 * number drawn from a generator seeded by the batch. The requests of a batch then reach the store
 * in changing interleavings (a read of one between the read and the write of another: the lost
 * update), the same ones for the same seed, and without wall-clock sleeps: a turn costs
 * microseconds, so batches stay cheap.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** The longest wait before one round trip, in event-loop turns. */
export const MAX_TURNS = 3;

/** Waits before a store round trip (see {@link TripCounter.latency}). */
export type Latency = () => Promise<void>;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The latency of one batch: each call draws its own wait, in the order the round trips are sent.
 * @example
 * hub.latency = scheduledLatency(batchSeed('concurrent(addItem(u0),addItem(u0))', 7));
 */
export function scheduledLatency(seed: number): Latency {
  const rng = xoroshiro128plus(seed);
  return async () => {
    for (let turns = uniformInt(rng, 0, MAX_TURNS); turns > 0; turns--) await turn();
  };
}

/** A 32-bit seed from a batch's string form and its step in the run (FNV-1a). */
export function batchSeed(text: string, step: number): number {
  let h = 0x811c9dc5 ^ step;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
