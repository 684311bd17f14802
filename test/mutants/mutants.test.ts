/**
 * The mutation battery: every row of table.ts flagged today is refuted by its own property
 * (not only by conformance), while the unmutated built-in, drawing the very same programs, is
 * not; pending rows are counted, never skipped; every bug is shown to be real by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSystem } from '../../impl/open.ts';
import { builtinStrategy } from '../../impl/strategies/index.ts';
import type { SessionStrategy } from '../../impl/strategy.ts';
import { parseAction } from '../../model/actions.ts';
import { strategyIds } from '../../model/registry.ts';
import { defaultScope } from '../../model/scope.ts';
import type { Observation, StrategyId } from '../../model/types.ts';
import { catalog, property } from '../../properties/catalog.ts';
import { checkStrategy } from '../../properties/checkStrategy.ts';
import { executeLockstep } from '../../properties/lockstep.ts';
import { modelStrategy } from '../../model/registry.ts';
import { implChecks } from '../../properties/implChecks.ts';
import { forkedJwtUnmutated } from './jwt.ts';
import { forkedInMemory, forkedSticky } from './node-memory.ts';
import { symptoms } from './symptoms.ts';
import { exhaustiveMeasured, flagged, MUTANT_RUNS, pending, rows, tableMarkdown, uncovered } from './table.ts';
import { describeFlagged, inCampaign } from './flagged.ts';

/**
 * Rows today's engine does not flag yet. Pinned: when the engine learns to judge a row, move it
 * from `pending` to `flagged` in table.ts and lower this number.
 */
const PENDING_ROWS = 3;

describeFlagged('mutants flagged today', flagged.filter((row) => !inCampaign(row)));

describe('the campaign rows (their random-run check is in npm run test:campaign)', () => {
  it('are few: the rows whose check needs more than CAMPAIGN_RUNS runs', () => {
    expect(flagged.filter(inCampaign).map((r) => r.mutant)).toEqual(['central-store-node-cache', 'jwt-refresh-no-reuse-revoke', 'jwt-denylist-counter-epoch']);
  });

  // Here each is still refuted by its own property, on its symptom's program, judged on the system's trace.
  for (const row of flagged.filter(inCampaign)) {
    it(`${row.mutant}: ${row.property} refutes the program that shows the bug`, async () => {
      const open = () => openSystem(row.strategy, { target: 'impl', scope: defaultScope, seed: 1 });
      const run = await executeLockstep(open, modelStrategy(row.model), defaultScope, [property(row.property)], symptoms[row.mutant]!.actions);
      expect(run.violations.has(row.property), `${row.mutant}: ${symptoms[row.mutant]!.actions.join(', ')}`).toBe(true);
    });
  }
});

describe('pending mutants', () => {
  it('pending mutants are reported, not hidden', () => {
    expect(pending.length).toBe(PENDING_ROWS);
    for (const row of pending) {
      expect(row.flaggedToday, row.mutant).toBe(false);
      expect(row.whyPending, row.mutant).toBeTruthy();
    }
    for (const row of flagged) expect(row.flaggedToday, row.mutant).toBe(true);
  });
});

describe('the table', () => {
  it('has at least 22 mutants, one name each, and one for every built-in', () => {
    const names = rows.map((r) => r.mutant);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(22);
    for (const row of rows) expect(row.strategy.name).toBe(row.mutant);
    for (const id of strategyIds) expect(rows.some((r) => r.derivesFrom === id), id).toBe(true);
  });

  it('covers every property of the catalog, except the ones it says it cannot', () => {
    for (const p of catalog) {
      if (uncovered[p.id]) expect(rows.some((r) => r.property === p.id), p.id).toBe(false);
      else expect(rows.some((r) => r.property === p.id), p.id).toBe(true);
    }
  });

  it('holds every mutant to a model that holds its property (so a refutation is the bug, not the model)', () => {
    for (const row of rows) {
      expect(property(row.property).expected[row.model], `${row.mutant}: ${row.property} on ${row.model}`).toBe('holds');
      expect(row.strategy.lbPolicy, row.mutant).toBe(builtinStrategy(row.model).lbPolicy);
    }
  });

  it('records bounded-exhaustive findings for its own rows only', () => {
    for (const name of exhaustiveMeasured) expect(rows.some((r) => r.mutant === name), name).toBe(true);
    expect(rows.filter((r) => r.exhaustive !== undefined).length).toBe(exhaustiveMeasured.length);
  });

  it('TABLE.md is generated from table.ts (npx tsx test/mutants/writeTable.ts)', () => {
    expect(readFileSync(new URL('./TABLE.md', import.meta.url), 'utf8')).toBe(tableMarkdown());
  });
});

describe('the copies of built-in nodes', () => {
  // Mutants that change a node's own code run a copy of it; unmutated, the copy must be the built-in.
  const copies: [SessionStrategy, StrategyId][] = [[forkedInMemory, 'in-memory'], [forkedSticky, 'sticky'], [forkedJwtUnmutated, 'jwt']];
  for (const [copy, model] of copies) {
    it(`${copy.name} conforms to the ${model} model`, async () => {
      const check = await checkStrategy(copy, { model, properties: ['conformance.model-impl'], runs: MUTANT_RUNS, seed: 1 });
      expect(check.conforms).toBe(true);
    });
  }
});

describe('every bug is real', () => {
  for (const row of rows) {
    const symptom = symptoms[row.mutant];
    if (symptom) {
      it(`${row.mutant}: ${symptom.what}; ${row.model} does not`, async () => {
        const play = async (strategy: SessionStrategy) => {
          const system = await openSystem(strategy, { target: 'impl', scope: defaultScope, seed: 1 });
          try {
            let last: Observation = { status: 200, storeTrips: 0 };
            for (const action of symptom.actions) last = await system.step(parseAction(action));
            return symptom.shows(last, system);
          } finally {
            await system.close();
          }
        };
        expect(await play(row.strategy)).toBe(true);
        expect(await play(builtinStrategy(row.model))).toBe(false);
      });
      continue;
    }
    // Concurrent requests, forgeries and pre-login cookies: only the implementation checks send them.
    it(`${row.mutant}: the implementation check of ${row.property} refutes it`, async () => {
      const check = implChecks[row.property];
      expect(check, `${row.mutant} has neither a symptom nor an implementation check`).toBeDefined();
      const open = () => openSystem(row.strategy, { target: 'impl', scope: defaultScope, seed: 1 });
      const verdict = await check!({ strategy: row.model, implementation: row.strategy, target: 'impl', scope: defaultScope, seed: 1, runs: 20, open });
      expect(verdict.verdict).toBe('refuted');
    });
  }
});
