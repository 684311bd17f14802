/**
 * The check of a flagged row of table.ts: `checkStrategy(mutant, { model, properties: [property,
 * 'conformance.model-impl'], runs, seed: 1 })` refutes `property` itself, and the unmutated built-in
 * under the mutant's name (the same generated programs) does not. Rows that need more than
 * {@link CAMPAIGN_RUNS} runs run in `npm run test:campaign` (mutants.campaign.test.ts), the others
 * in `npm test` (mutants.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../../impl/strategies/index.ts';
import type { SessionStrategy } from '../../impl/strategy.ts';
import { checkStrategy } from '../../properties/checkStrategy.ts';
import { MUTANT_RUNS, type MutantRow } from './table.ts';

/** Rows needing more runs than this are campaign rows (their checks took 5–20 s each on 2 cores). */
export const CAMPAIGN_RUNS = 250;

export const inCampaign = (row: MutantRow): boolean => (row.runs ?? MUTANT_RUNS) > CAMPAIGN_RUNS;

async function verdictOf(strategy: SessionStrategy, row: MutantRow) {
  const check = await checkStrategy(strategy, { model: row.model, properties: [row.property, 'conformance.model-impl'], runs: row.runs ?? MUTANT_RUNS, seed: 1 });
  return check.results.find((r) => r.property === row.property);
}

/** One test per row: the mutant refuted by its own property, the control not. */
export function describeFlagged(title: string, rows: readonly MutantRow[]): void {
  describe(title, () => {
    for (const row of rows) {
      it(`${row.mutant}: ${row.property} is refuted against model ${row.model}; the unmutated built-in under its name is not`, async () => {
        // The control: same name, so the same generated programs; only the bug is missing.
        const control = await verdictOf({ ...builtinStrategy(row.model), name: row.mutant }, row);
        expect(control).toBeDefined();
        expect(control?.verdict).not.toBe('refuted');
        const result = await verdictOf(row.strategy, row);
        expect(result?.verdict, `${row.mutant}: ${row.bug}`).toBe('refuted');
        expect(result?.counterexample?.actions.length).toBeGreaterThan(0);
      });
    }
  });
}
