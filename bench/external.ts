/**
 * Figures that depend on other parts of the project: the wall time of `sessioncheck verify` on
 * its defaults, and implementation conformance speed. Each is skipped with a note when its part
 * fails, so `npm run bench` always finishes.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { strategyIds } from '../model/registry.ts';
import type { StrategyId } from '../model/types.ts';
import { round } from './explorer.ts';

export type Skippable<T> = ({ readonly skipped: false } & T) | { readonly skipped: true; readonly note: string };

export function benchVerify(root: string, timeoutSeconds = 600, args: readonly string[] = []): Skippable<{ seconds: number; exitCode: number }> {
  const bin = join(root, 'bin/sessioncheck.js');
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, 'verify', ...args], { cwd: root, encoding: 'utf8', timeout: timeoutSeconds * 1000, env: { ...process.env, NO_COLOR: '1' } });
  const seconds = (performance.now() - started) / 1000;
  if (run.error) return { skipped: true, note: `verify did not run: ${run.error.message}` };
  // 0: every verdict as expected; 1: one differs. Both are complete runs worth timing.
  if (run.status !== 0 && run.status !== 1) {
    const why = (run.stderr || run.stdout).trim().split('\n').slice(-1)[0] ?? '';
    return { skipped: true, note: `verify failed (exit ${run.status ?? run.signal}): ${why}` };
  }
  return { skipped: false, seconds: round(seconds, 2), exitCode: run.status };
}

/**
 * Conformance as the tool runs it: `checkConformance(builtinStrategy(id), id, { target: 'impl',
 * runs, seed, concurrency })` per strategy and concurrency. Throughput = actions played on the
 * model and the in-process implementation (counted by `onStep`, shrinking included) / wall time of
 * the call, opening a fresh system per program included. Per strategy, one uncounted warm-up call
 * per concurrency, then `repeats` rounds alternating the order of the concurrencies (so each pair
 * of figures shares the machine's load); the median round is reported, with the range.
 * `onStrategy` is told when each strategy starts and ends (for progress; it decides nothing).
 */
export async function benchConformance(root: string, runs: number, concurrencies: readonly number[], repeats = 3, seed = 1, onStrategy?: (id: StrategyId, done: boolean) => void): Promise<Skippable<{ runs: number; seed: number; repeats: number; loadAverage: number[]; strategies: ConformanceFigures[] }>> {
  let impl: Record<string, unknown>;
  try {
    // The package root exports checkConformance (round 3); older checkouts exported it from impl/.
    impl = await import(join(root, 'index.ts'));
  } catch (error) {
    return { skipped: true, note: `importing index.ts failed: ${(error as Error).message}` };
  }
  const { checkConformance, builtinStrategy } = impl as { checkConformance?: CheckConformance; builtinStrategy?: (id: StrategyId) => unknown };
  if (typeof checkConformance !== 'function' || typeof builtinStrategy !== 'function') return { skipped: true, note: 'index.ts does not export checkConformance and builtinStrategy' };
  const loadAverage = loadavg().map((l) => round(l, 2));
  const out: ConformanceFigures[] = [];
  try {
    for (const id of strategyIds) {
      onStrategy?.(id, false);
      for (const concurrency of concurrencies) await checkConformance(builtinStrategy(id), id, { target: 'impl', runs, seed: seed + 1, concurrency });
      const rounds = new Map<number, Omit<ConformanceFigures, 'range'>[]>(concurrencies.map((c) => [c, []]));
      for (let r = 0; r < repeats; r++) {
        for (const concurrency of r % 2 === 0 ? concurrencies : [...concurrencies].reverse()) {
          let actions = 0;
          let mismatches = 0;
          const started = performance.now();
          const result = await checkConformance(builtinStrategy(id), id, {
            target: 'impl', runs, seed, concurrency,
            onStep: (agreed) => {
              actions++;
              if (!agreed) mismatches++;
            },
          });
          const seconds = (performance.now() - started) / 1000;
          rounds.get(concurrency)!.push({ strategy: id, concurrency, runs, verdict: result.verdict, actions, seconds: round(seconds, 3), actionsPerSecond: Math.round(actions / seconds), mismatches });
        }
      }
      for (const figures of rounds.values()) {
        const rates = figures.map((f) => f.actionsPerSecond).sort((a, b) => a - b);
        const median = figures.find((f) => f.actionsPerSecond === rates[Math.floor(rates.length / 2)])!;
        out.push({ ...median, range: [rates[0], rates[rates.length - 1]] });
      }
      onStrategy?.(id, true);
    }
  } catch (error) {
    return { skipped: true, note: `conformance run failed: ${(error as Error).message}` };
  }
  return { skipped: false, runs, seed, repeats, loadAverage, strategies: out };
}

export interface ConformanceFigures {
  readonly strategy: StrategyId;
  /** Programs in flight at once. */
  readonly concurrency: number;
  /** Generated programs (fast-check `numRuns`). */
  readonly runs: number;
  readonly verdict: 'holds' | 'refuted';
  /** Actions played on both sides. */
  readonly actions: number;
  readonly seconds: number;
  /** The median round's actions per second. */
  readonly actionsPerSecond: number;
  /** Slowest and fastest round (actions per second). */
  readonly range: readonly [number, number];
  /** Steps whose status, user, node or store round trips differed from the model's. */
  readonly mismatches: number;
}

type CheckConformance = (strategy: unknown, model: StrategyId, options: { target: 'impl'; runs: number; seed: number; concurrency: number; onStep?: (agreed: boolean) => void }) => Promise<{ verdict: 'holds' | 'refuted' }>;
