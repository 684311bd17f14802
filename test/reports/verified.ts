/**
 * Real verification runs for report tests. Each cell has its own seed, so a run over the
 * source table's three strategies gives the same cells as a full run, in about half the time.
 */
import type { StrategyId } from '../../model/types.ts';
import { propertyIds } from '../../properties/catalog.ts';
import { collectDurations, type Durations } from '../../properties/durations.ts';
import type { VerifyReport } from '../../properties/results.ts';
import { runVerify } from '../../properties/runner.ts';

/** Depth of the search behind every ✓ in these runs: 4, not verify's default 6 (what the report tests read does not depend on it). */
const REPORT_TEST_DEPTH = 4;

/** The rows of the source's comparison table. */
export const sourceStrategies: readonly StrategyId[] = ['sticky', 'central-store', 'jwt'];

/** Every property on the given strategies, on the model, with 200 runs (every counterexample and every witness is reached within them). */
export function verifySome(strategies: readonly StrategyId[] = sourceStrategies, seed = 1): Promise<VerifyReport> {
  return runVerify({ target: 'model', strategies, properties: propertyIds, runs: 200, seed, exhaustiveDepth: REPORT_TEST_DEPTH });
}

/** As `verifySome`, with the durations the run measured (for the JUnit report's `time` attributes). */
export async function verifySomeTimed(strategies: readonly StrategyId[] = sourceStrategies, seed = 1): Promise<{ report: VerifyReport; durations: Durations }> {
  const timed = collectDurations();
  const report = await runVerify({ target: 'model', strategies, properties: propertyIds, runs: 200, seed, exhaustiveDepth: REPORT_TEST_DEPTH, onTimed: timed.onTimed });
  return { report, durations: timed.durations };
}

/** JUnit `time` attributes are measured, the only bytes that vary between runs of a seed: this blanks their values. */
export function withoutTimes(content: string): string {
  return content.replace(/ time="[^"]*"/g, ' time="…"');
}
