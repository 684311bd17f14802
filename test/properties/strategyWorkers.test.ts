import { describe, expect, it } from 'vitest';
import { defaultScope } from '../../model/scope.ts';
import { runVerify } from '../../properties/runner.ts';
import { runInWorkers, WorkerError, type StrategyOutcome } from '../../properties/strategyWorkers.ts';
import type { PropertyId } from '../../properties/types.ts';

const properties: PropertyId[] = ['failover.sessions-survive', 'revocation.instant', 'conformance.model-impl', 'safety.fixation'];

describe('strategies checked in worker processes (verify --jobs)', () => {
  it('give the same report, byte for byte, as one strategy after another in this process', async () => {
    const options = { target: 'impl' as const, strategies: ['sticky', 'jwt', 'central-store'] as const, properties, runs: 4, seed: 7 };
    const inProcess = await runVerify({ ...options, strategies: [...options.strategies], jobs: 1 });
    const progress: string[] = [];
    const inWorkers = await runVerify({ ...options, strategies: [...options.strategies], jobs: 2, onRun: (done, runs, strategy) => progress.push(`${strategy} ${done}/${runs}`) });
    expect(JSON.stringify(inWorkers)).toBe(JSON.stringify(inProcess));
    // Decided, not empty: each strategy's four cells, with their verdicts.
    expect(inWorkers.results.map((r) => `${r.strategy} ${r.property} ${r.verdict}`)).toEqual(inProcess.results.map((r) => `${r.strategy} ${r.property} ${r.verdict}`));
    expect(inWorkers.results).toHaveLength(12);
    expect(inWorkers.results.find((r) => r.strategy === 'sticky' && r.property === 'failover.sessions-survive')?.verdict).toBe('refuted');
    // The workers' run-by-run progress reached this process, for every strategy.
    for (const strategy of options.strategies) expect(progress).toContain(`${strategy} 4/4`);
  }, 120_000);

  it('an error thrown in a worker is an internal error here, naming the strategy, with the worker\'s stack', async () => {
    const outcomes: StrategyOutcome[] = [];
    const failing = runInWorkers(
      [{ strategy: 'no-such-strategy' as never, target: 'impl', properties: ['conformance.model-impl'], runs: 1, seed: 1, scope: defaultScope }],
      2, (_, outcome) => outcomes.push(outcome), () => {},
    );
    await expect(failing).rejects.toBeInstanceOf(WorkerError);
    await expect(failing).rejects.toThrow(/while checking no-such-strategy in a worker process/);
    expect(outcomes).toEqual([]);
  }, 60_000);
});
