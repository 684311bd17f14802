/**
 * The results of `verify`, exactly as the JSON contract (docs/json-contract.md) prints them. Other tools parse
 * this: add optional fields, never rename or remove one.
 */
import type { StrategyId } from '../model/types.ts';
import type { VerifyShard } from './shard.ts';
import type { Expectation, PropertyId, Verdict } from './types.ts';

export type Target = 'model' | 'impl' | 'sockets' | 'redis' | 'cluster';
export const targets: readonly Target[] = ['model', 'impl', 'sockets', 'redis', 'cluster'];

export interface Counterexample {
  /** Action strings, e.g. `["login(u0)", "crash(n0)", "whoami(u0)"]`. */
  readonly actions: readonly string[];
  /** A token `sessioncheck replay` accepts to reproduce this counterexample. */
  readonly replay: string;
  /** What went wrong at the last step, in a sentence. */
  readonly detail: string;
  /** For races (concurrency.no-lost-update): the interleaving fast-check's scheduler reported. */
  readonly schedule?: string;
}

export interface Result {
  readonly strategy: StrategyId;
  readonly property: PropertyId;
  readonly expected: Expectation;
  readonly verdict: Verdict;
  /** Generated sequences run: all of them when the property holds, up to the failing one otherwise. */
  readonly runs: number;
  readonly counterexample?: Counterexample;
  /** revocation.bounded: the longest observed time (s) a revoked credential was still accepted. */
  readonly window?: number;
  /** Holding verdicts on the model: every action sequence up to this length was checked (BFS). */
  readonly exhaustiveDepth?: number;
  /**
   * The exhaustive search that backed a holding verdict: every action sequence up to `depth`.
   * `complete: true` would mean the whole abstract space at that scope (a proof); a depth-bounded
   * search is `false`.
   */
  readonly exhaustive?: { readonly depth: number; readonly complete: boolean };
  /**
   * System targets with `--exhaustive D` (`checkStrategy`'s `exhaustive`): every path of the
   * model's search tree to `depth` (each distinct model state within `depth` steps once; `paths`
   * of them) was also played on the system and judged on its trace.
   */
  readonly exhaustiveSystem?: { readonly depth: number; readonly paths: number };
  /** safety.forged-rejected: how many forged credentials were tried. */
  readonly trials?: number;
  /** Why the verdict is `n/a` (not applicable to the strategy, or needs another target). */
  readonly note?: string;
  /** Runs that reached the property's witness (a step where it could have failed); 0 makes a check `vacuous`. */
  readonly witnessed?: number;
  /** `false` on a violation that did not fail again when replayed (a race, a timing): its trace is the unshrunk run. */
  readonly reproducible?: false;
  /** The catalog's expectation before evidence revised it (docs/catalog.md, "Expectations change only with evidence"). */
  readonly revisedFrom?: Expectation;
}

/** A failure of the harness or infrastructure: never a verdict. */
export interface HarnessError {
  readonly strategy: string;
  readonly property: PropertyId | '*';
  /** Stable code (`ERR_HARNESS`, or the error's own code, e.g. `EADDRINUSE`). */
  readonly code: string;
  readonly message: string;
}

/** One row of the derived comparison table. */
export interface TableRow {
  readonly strategy: StrategyId;
  /** `? (vacuous)` where the deciding property was vacuous (no run put it at risk). */
  readonly serverStateless: 'Yes' | 'No' | '? (vacuous)';
  readonly revokeInstantly: string;
  readonly extraHop: 'Yes' | 'No' | '? (vacuous)';
  readonly failureOfOneNode: 'Sessions survive' | 'Sessions lost' | '? (vacuous)';
}

export interface VerifyReport {
  readonly tool: 'sessioncheck';
  readonly version: string;
  readonly target: Target;
  readonly seed: number;
  readonly runs: number;
  /** `verify --swarm` only: the programs were drawn swarm-style (properties/swarm.ts). */
  readonly swarm?: true;
  readonly results: readonly Result[];
  readonly table: readonly TableRow[];
  /** Every decided verdict equals its expectation, and no harness error happened. */
  readonly ok: boolean;
  /** Harness failures (present only when there were some; `verify` then exits 3). */
  readonly errors?: readonly HarnessError[];
  /** `verify --shard I/N` only: which shard this is and the whole selection (`sessioncheck merge` reads it). */
  readonly shard?: VerifyShard;
}
