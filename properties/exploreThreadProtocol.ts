/** What the threaded flat search's main thread and its workers exchange (exploreThreads.ts). */
import type { FoundEdge } from '../model/explore/flat/search.ts';
import type { StrategyId } from '../model/types.ts';

/** Words of the shared control array. */
export const Control = {
  /** Bumped by the main thread when it has posted a new level task (or the stop) to every worker. */
  GENERATION: 0,
  /** The next chunk of the level to take (workers `Atomics.add` it). */
  NEXT_CHUNK: 1,
  /** Bumped by a worker after each message it posts (the main thread waits on it). */
  POSTED: 2,
  WORDS: 3,
} as const;

/** How a worker builds its search (plain data: it crosses a thread boundary). */
export interface ThreadSetup {
  readonly strategy: StrategyId;
  readonly users: number;
  readonly nodes: number;
  readonly depth: number;
  readonly symmetry: boolean;
  /** The catalog properties to judge, in the search's order (their predicates are found by ID). */
  readonly properties: readonly string[];
  /** Whether the default "sometimes" checks are on. */
  readonly sometimes: boolean;
  readonly control: SharedArrayBuffer;
}

/** One level to expand, cut in chunks. */
export interface LevelTask {
  readonly kind: 'level';
  readonly level: number;
  readonly levelStart: readonly number[];
  /** The parent table as it is now (shared buffers). */
  readonly parent: Int32Array;
  readonly action: Uint8Array;
  /** Chunk k is the level's states `chunks[2k] ≤ index < chunks[2k + 1]`. */
  readonly chunks: Int32Array;
  /** Judges (situations) already found in an earlier level: not judged (tested) again. */
  readonly found: readonly boolean[];
  readonly witnessed: readonly boolean[];
}

/** One chunk expanded: its edges are numbered from 1 in the chunk. */
export interface ChunkResult {
  readonly kind: 'chunk';
  readonly chunk: number;
  readonly edges: number;
  /** (hi, lo, from, action index, edge) per edge: the main thread's visited set decides which states are new. */
  readonly candidates: Uint32Array;
  /** The chunk's first violation of each judge not found before the level (else null). */
  readonly found: readonly (FoundEdge | null)[];
  readonly witnesses: readonly (FoundEdge | null)[];
}

/** `idle`: the worker takes no more chunks of this level (it has posted all it took). */
export type ToMain = ChunkResult | { readonly kind: 'idle' } | { readonly kind: 'error'; readonly name: string; readonly message: string; readonly stack?: string };
