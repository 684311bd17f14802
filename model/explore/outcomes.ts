/**
 * A search's verdicts and witnesses from what it found: the first violating edge of each check
 * and the first edge that reached each "sometimes" situation, as replayable paths.
 */
import type { EdgeCheck, PropertyOutcome, SometimesCheck, SometimesOutcome } from './types.ts';

/** The first edge a search found for a check: the parent-table index it leaves, and its action. */
export interface Found {
  /** Parent-table index of the state the edge leaves. */
  readonly from: number;
  readonly actionIndex: number;
  readonly length: number;
  readonly detail: string | null;
}

export interface Findings {
  /** Every check asked for, and those that apply to the strategy (the others are `n/a`). */
  readonly properties: readonly EdgeCheck[];
  readonly applicable: readonly EdgeCheck[];
  readonly found: readonly (Found | null)[];
  readonly sometimes: readonly SometimesCheck[];
  readonly applicableSometimes: readonly SometimesCheck[];
  readonly witnesses: readonly (Found | null)[];
  readonly verifiedDepth: number;
  /** The action strings of the path that ends with a found edge. */
  readonly replay: (found: Found) => readonly string[];
  /** The detail of check `i`'s counterexample (default: the found edge's own; the abstract search replays it concretely). */
  readonly detail?: (i: number, counterexample: readonly string[], found: Found) => string | null;
}

/** The `results` and `sometimes` of an `ExploreResult`. */
export function outcomes(f: Findings): { results: PropertyOutcome[]; sometimes: SometimesOutcome[] } {
  const results: PropertyOutcome[] = f.properties.map((p) => {
    const i = f.applicable.indexOf(p);
    if (i < 0) return { property: p.id, verdict: 'n/a', counterexample: null, detail: null, depth: 0 };
    const found = f.found[i];
    if (!found) return { property: p.id, verdict: 'holds', counterexample: null, detail: null, depth: f.verifiedDepth };
    const counterexample = f.replay(found);
    return { property: p.id, verdict: 'refuted', counterexample, detail: f.detail ? f.detail(i, counterexample, found) : found.detail, depth: found.length };
  });
  const sometimes: SometimesOutcome[] = f.sometimes.map((c) => {
    const i = f.applicableSometimes.indexOf(c);
    if (i < 0) return { id: c.id, statement: c.statement, reached: 'n/a', witness: null };
    const w = f.witnesses[i];
    return { id: c.id, statement: c.statement, reached: w !== null, witness: w ? f.replay(w) : null };
  });
  return { results, sometimes };
}
