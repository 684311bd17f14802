/**
 * The data of the exhaustive bounded checker: what it is asked, what it reports. No runtime code.
 *
 * `model/` imports nothing of `properties/`, so the checks arrive as parameters. An
 * {@link EdgeCheck} is shaped like a catalog `Property`, so the catalog can be passed as it is.
 */
import type { ModelStrategy } from '../strategy.ts';
import type { Action, Observation, Scope, State, StrategyId } from '../types.ts';
import type { FlatFacts } from './flat/facts.ts';

/** One transition, as a check sees it (the same fields as the catalog's `StepContext`). */
export interface Edge {
  readonly strategy: ModelStrategy;
  readonly scope: Scope;
  readonly before: State;
  readonly action: Action;
  readonly observation: Observation;
  readonly after: State;
}

/** A transition predicate that must hold on every edge ("always"). */
export interface EdgeCheck {
  readonly id: string;
  /** A violation (with a sentence saying what went wrong), or `null`. */
  readonly check: (edge: Edge) => { readonly detail: string } | null;
  /** When `expected[strategy]` is `'n/a'` the check is not run and the verdict is `'n/a'`. */
  readonly expected?: Readonly<Partial<Record<StrategyId, string>>>;
  /**
   * The same check as a predicate over step facts (the catalog's `judged.judge`): what the flat
   * engine runs, on facts read from flat states. A check without it runs on the readable engine.
   */
  readonly judge?: (facts: FlatFacts) => { readonly detail: string } | null;
  /** The action types on which `judge` (and so `check`, the same predicate) can fire (the catalog's `judged.on`); both engines judge it on those steps only. Absent: every step. */
  readonly judgeOn?: readonly string[];
}

/** The explorer's engines: `readable` (model/explore/explore.ts), `flat` (model/explore/flat/). */
export type Engine = 'flat' | 'readable';

/** A transition predicate that must hold on *some* edge: it shows a holding property is not vacuous. */
export interface SometimesCheck {
  readonly id: string;
  readonly statement: string;
  /** Whether the situation can arise at all for this strategy (e.g. refresh needs refresh tokens). */
  readonly appliesTo: (strategy: ModelStrategy) => boolean;
  readonly test: (edge: Edge) => boolean;
}

export interface ExploreOptions {
  /** Users in the scope (default 2). */
  readonly users?: number;
  /** Nodes at the start (default 2; `addNode()` may add one more, as in the default scope). */
  readonly nodes?: number;
  /** Longest action sequence explored (default 5). */
  readonly depth?: number;
  /** Stop after this many distinct states (default 2,000,000); the result then says `complete: false`. */
  readonly maxStates?: number;
  /** The "always" checks (usually the catalog's model-decidable properties). */
  readonly properties: readonly EdgeCheck[];
  /** The "sometimes" checks; default: {@link sometimesChecks}. */
  readonly sometimes?: readonly SometimesCheck[];
  /** Reduce by user permutations and node rotations (default true). See `canonical.ts`. */
  readonly symmetry?: boolean;
  /**
   * Explore only shard `index` (1-based) of `count`: the sub-trees under every `count`-th distinct
   * first step (`explore --shard`); the result then carries `shard` for `mergeShards`.
   */
  readonly shard?: { readonly index: number; readonly count: number };
  /**
   * Search the sound finite abstraction (`abstraction.ts`, docs/abstraction.md) instead of the
   * concrete states (default false): each state is abstracted after the checks of the edge that
   * reached it, before it is fingerprinted and expanded. Verdicts, shortest counterexamples'
   * lengths and reached "sometimes" situations are those of the concrete search for the catalog's
   * checks and the default sometimes checks (a custom check must read only what the abstraction
   * keeps); the counts are the abstract space's. Counterexamples are replayed on the concrete
   * model, and their details come from that replay.
   */
  readonly abstraction?: boolean;
  /**
   * Search until a level adds no new state (`depth` is then ignored; needs `abstraction`, whose
   * space is finite): the result says `fixpoint: true`, and a holding verdict then covers every
   * sequence of every length at this scope, with no bound on the clock. `maxStates` still caps it.
   */
  readonly untilFixpoint?: boolean;
  /** The `tick(n)` step sizes offered (default: the default scope's 60, 300, 3600). */
  readonly ticks?: readonly number[];
  /** The largest cart (default: the default scope's 50). */
  readonly maxItems?: number;
  /** Stop as soon as every check has a counterexample (for timing the first counterexample). */
  readonly stopWhenAllRefuted?: boolean;
  /** Called every few thousand edges and at the end of each level; the caller owns the clock. */
  readonly onProgress?: (progress: Progress) => void;
  /**
   * The engine (default `readable`). `flat` runs the flat engine where it represents the
   * strategy and the options, and otherwise the readable engine, saying why in the result's
   * `engineFallback`.
   */
  readonly engine?: Engine;
}

export interface Progress {
  /** The level being expanded (its successors are at `level + 1`). */
  readonly level: number;
  readonly depth: number;
  readonly states: number;
  readonly distinctStates: number;
  readonly maxStates: number;
}

export type ExploreVerdict = 'holds' | 'refuted' | 'n/a';

export interface PropertyOutcome {
  readonly property: string;
  readonly verdict: ExploreVerdict;
  /** The shortest counterexample (BFS), as action strings that replay from `initState`. */
  readonly counterexample: readonly string[] | null;
  /** What went wrong at the counterexample's last step. */
  readonly detail: string | null;
  /** Refuted: the counterexample's length. Holds: every sequence up to this length was checked. */
  readonly depth: number;
}

export interface SometimesOutcome {
  readonly id: string;
  readonly statement: string;
  /** `'n/a'`: the situation cannot arise for this strategy. */
  readonly reached: boolean | 'n/a';
  /** The shortest witness, as action strings. */
  readonly witness: readonly string[] | null;
}

export interface ExploreResult {
  readonly strategy: StrategyId;
  readonly users: number;
  readonly nodes: number;
  /** The depth asked for. */
  readonly depth: number;
  /** Every sequence up to this length was explored (equals `depth` when `complete`). */
  readonly verifiedDepth: number;
  /** False when `maxStates` (or `stopWhenAllRefuted`) cut the search short. */
  readonly complete: boolean;
  /** Whether the abstract space was searched (`ExploreOptions.abstraction`). */
  readonly abstraction: boolean;
  /**
   * A level added no new state: every sequence of every length only revisits states whose edges
   * were all checked, so a holding verdict holds for every sequence at this scope (with the
   * abstraction: with no bound on the clock). `verifiedDepth` is then the last level expanded.
   */
  readonly fixpoint: boolean;
  /** The scope searched (users, nodes, ticks, TTLs, bounds). */
  readonly scope: Scope;
  readonly symmetry: boolean;
  /** States generated: the initial state plus one per edge explored (duplicates included). */
  readonly states: number;
  /** Distinct states after canonicalisation (IDs renumbered; symmetric states once if `symmetry`). */
  readonly distinctStates: number;
  /** States kept for expansion (all levels but the last): they hold a parent pointer. */
  readonly expandedStates: number;
  /** Bytes of what the search keeps: the fingerprint table and the parent table. */
  readonly memory: { readonly fingerprintBytes: number; readonly parentBytes: number };
  readonly results: readonly PropertyOutcome[];
  readonly sometimes: readonly SometimesOutcome[];
  /** A shard's own part (`ExploreOptions.shard`): its first steps and its visited states, encoded. */
  readonly shard?: ExploreShard;
  /** The engine that ran (set when `ExploreOptions.engine` was given). */
  readonly engine?: Engine;
  /** Why the flat engine was asked for and the readable one ran; null when the one asked for ran. */
  readonly engineFallback?: string | null;
}

/** What one shard of a search hands to `mergeShards`. */
export interface ExploreShard {
  readonly index: number;
  readonly count: number;
  /** The distinct first steps whose sub-trees this shard explored, in the search's order. */
  readonly firstActions: readonly string[];
  /** Every distinct state it met: fingerprint, depth and, for expanded states, out-degree (`ShardRecorder`). */
  readonly visited: string;
}
