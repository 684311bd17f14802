/**
 * Measured wall time of a verification run, per strategy and per cell. Never part of the JSON
 * contract or of `report.json`: only the JUnit report shows it (its `time` attributes), and it is
 * the one thing that differs between two runs of the same seed.
 */
import type { StrategyId } from '../model/types.ts';
import type { PropertyId } from './types.ts';

/** One strategy's measured time. */
export interface StrategyDuration {
  /** Seconds for the whole strategy: its cells and the work they share (the exhaustive search, opening systems). */
  readonly seconds: number;
  /**
   * Seconds per cell. On the model each cell is timed on its own; on a system target a strategy's
   * cells are judged together on the same runs, so each decided cell gets an equal share of the
   * strategy's time and an `n/a` cell 0.
   */
  readonly cells: ReadonlyMap<PropertyId, number>;
}

/** Per strategy, as `runVerify`'s `onTimed` reports them. */
export type Durations = ReadonlyMap<StrategyId, StrategyDuration>;

/** Seconds since `started` (a `performance.now()` reading). */
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}

/** A collector for `runVerify`'s `onTimed`: pass `onTimed`, read `durations` when it is done. */
export function collectDurations(): { readonly durations: Durations; readonly onTimed: (strategy: StrategyId, timing: StrategyDuration) => void } {
  const durations = new Map<StrategyId, StrategyDuration>();
  return { durations, onTimed: (strategy, timing) => { durations.set(strategy, timing); } };
}
