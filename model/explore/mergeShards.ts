/**
 * Merges the shards of one search (`ExploreOptions.shard`) into the result of the unsharded
 * search: the same verdicts, the same shortest counterexamples and the same state counts.
 *
 * Why the counterexamples agree: the unsharded search reports, per property, the violating path
 * that is shortest and, among the shortest, first in breadth-first order, which orders paths by
 * their action indices, first step first. Every shard checks every edge from the initial state,
 * and each explores its first steps' sub-trees breadth-first, so the shortest violation over the
 * shards, ties broken by the first step's place in the search's order, is the unsharded one.
 * Why the counts agree: see `shardRecorder.ts`.
 */
import { NOT_EXPANDED, RECORD_BYTES } from './shardRecorder.ts';
import type { ExploreShard, PropertyOutcome } from './types.ts';

export interface ShardPart {
  readonly depth: number;
  readonly shard: ExploreShard;
  readonly results: readonly PropertyOutcome[];
}

export interface MergedSearch {
  readonly states: number;
  readonly distinctStates: number;
  readonly results: readonly PropertyOutcome[];
  /** Index into the parts of the part each result was taken from. */
  readonly from: readonly number[];
}

/** Merges the parts of one search, one part per shard (any order). */
export function mergeShards(parts: readonly ShardPart[]): MergedSearch {
  const depthBound = parts[0].depth;
  // Fingerprint → smallest depth, and the out-degree a shard recorded at that depth.
  const depthOf = new Map<bigint, number>();
  const degreeOf = new Map<bigint, number>();
  for (const part of parts) {
    const bytes = Buffer.from(part.shard.visited, 'base64');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 0; at + RECORD_BYTES <= bytes.byteLength; at += RECORD_BYTES) {
      const key = (BigInt(view.getUint32(at, true)) << 32n) | BigInt(view.getUint32(at + 4, true));
      const depth = view.getUint16(at + 8, true);
      const degree = view.getUint16(at + 10, true);
      const known = depthOf.get(key);
      if (known === undefined || depth < known) {
        depthOf.set(key, depth);
        degreeOf.delete(key);
      }
      if (degree !== NOT_EXPANDED && depth <= (depthOf.get(key) ?? depth)) degreeOf.set(key, degree);
    }
  }
  let states = 1;
  for (const [key, depth] of depthOf) {
    if (depth >= depthBound) continue;
    const degree = degreeOf.get(key);
    if (degree === undefined) throw new Error('a state shallower than the depth bound was expanded by no shard: the shards are not of one search');
    states += degree;
  }

  // The search's order of first steps: the j-th of shard i is the (j × count + i − 1)-th.
  const rank = new Map<string, number>();
  for (const part of parts) part.shard.firstActions.forEach((a, j) => rank.set(a, j * part.shard.count + part.shard.index - 1));
  const order = (o: PropertyOutcome) => (o.counterexample && o.counterexample.length > 1 ? rank.get(o.counterexample[0]) ?? Infinity : -1);
  const from: number[] = [];
  const results = parts[0].results.map((first, p) => {
    let best = 0;
    for (let i = 1; i < parts.length; i++) {
      const a = parts[i].results[p];
      const b = parts[best].results[p];
      if (a.verdict !== 'refuted') continue;
      if (b.verdict !== 'refuted' || a.depth < b.depth || (a.depth === b.depth && order(a) < order(b))) best = i;
    }
    from.push(best);
    return best === 0 ? first : parts[best].results[p];
  });
  return { states, distinctStates: depthOf.size, results, from };
}
