/**
 * `sessioncheck verify`: a verdict per (strategy, property) with shrunk counterexamples, and the
 * comparison table derived from them. Exit 0 when every verdict equals its expectation, 1 when one
 * differs, 2 on bad usage.
 */
import { MAX_CONCURRENCY } from '../../impl/concurrentRuns.ts';
import { strategyIds } from '../../model/registry.ts';
import type { StrategyId } from '../../model/types.ts';
import { propertyIds } from '../../properties/catalog.ts';
import { targets, type Target, type VerifyReport } from '../../properties/results.ts';
import { runVerify } from '../../properties/runner.ts';
import { shardCells } from '../../properties/shard.ts';
import type { PropertyId } from '../../properties/types.ts';
import { concurrencyFlag, exhaustiveFlag, jobsFlag, oneOf, parseFlags, shardFlag, wholeNumber } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';
import { progressBar } from '../progress.ts';
import { requireTargetBinaries, stopTargetProcesses } from '../systemTargets.ts';
import { renderVerifyText } from '../verifyText.ts';
import { verifyExitCode, writeVerifyFiles } from '../verifyOutput.ts';

export { DEFAULT_RUNS, DEFAULT_SEED } from '../defaults.ts';
import { DEFAULT_RUNS, DEFAULT_SEED, timeSpent } from '../defaults.ts';

const available: readonly Target[] = ['model', 'impl', 'sockets', 'redis', 'cluster'];

export const verify: Command = async (args, io) => {
  const started = performance.now();
  const { values } = parseFlags(args, {
    target: { type: 'string' },
    strategy: { type: 'string', multiple: true },
    property: { type: 'string', multiple: true },
    runs: { type: 'string' },
    concurrency: { type: 'string' },
    jobs: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    shard: { type: 'string' },
    swarm: { type: 'boolean' },
    exhaustive: { type: 'string' },
  });
  const [target] = oneOf('target', [values.target ?? 'model'], targets, 'ERR_UNKNOWN_TARGET');
  if (!available.includes(target)) {
    throw new UsageError('ERR_UNKNOWN_TARGET', `target "${target}" is not available in this build; available: ${available.join(', ')}`);
  }
  await requireTargetBinaries(target);
  const strategies: StrategyId[] = values.strategy ? oneOf('strategy', values.strategy, strategyIds, 'ERR_UNKNOWN_STRATEGY') : [...strategyIds];
  const properties: PropertyId[] = values.property ? oneOf('property', values.property, propertyIds, 'ERR_UNKNOWN_PROPERTY') : [...propertyIds];
  const exhaustive = exhaustiveFlag(values.exhaustive, target);
  // With --exhaustive on a system target the random runs may be left out: the paths of the model's search decide alone.
  const runs = wholeNumber('runs', values.runs, DEFAULT_RUNS, exhaustive === undefined || target === 'model' ? 1 : 0, 1_000_000);
  const seed = wholeNumber('seed', values.seed, DEFAULT_SEED, -2_147_483_648, 2_147_483_647);
  const concurrency = concurrencyFlag(values.concurrency, target, MAX_CONCURRENCY);
  const jobs = jobsFlag(values.jobs, target);
  const shard = shardFlag(values.shard);
  // A shard decides its cells only (properties/shard.ts): on a system target, whole strategies.
  const cells = shard && shardCells(target, strategies, properties, shard);
  const running = cells && target !== 'model' ? strategies.filter((s) => [...cells].some((c) => c.startsWith(`${s} `))) : strategies;

  const progress = progressBar(io, !values.json, cells ? cells.size : strategies.length * properties.length, properties.length);
  let report: VerifyReport;
  try {
    report = await runVerify({
      target, strategies: running, properties, runs, seed, concurrency, jobs, ...(values.swarm ? { swarm: true } : {}), ...(cells && target === 'model' ? { cells } : {}), ...(exhaustive !== undefined ? (target === 'model' ? { exhaustiveDepth: exhaustive } : { exhaustiveSystem: exhaustive }) : {}),
      onProgress: (done, total, cell) => progress.update(done, total, `${cell.strategy} ${cell.property}`, target === 'model' ? undefined : cell.strategy),
      onRun: (done, total, strategy) => progress.run(done, total, strategy),
    });
  } finally {
    progress.stop();
    // Idle redis-server and node processes kept for reuse would keep the CLI alive.
    await stopTargetProcesses(target);
  }

  if (shard) report = { ...report, shard: { ...shard, strategies, properties: propertyIds.filter((p) => properties.includes(p)) } };
  const json = JSON.stringify(report, null, 2) + '\n';
  const text = renderVerifyText(report);
  if (values.out) await writeVerifyFiles(values.out, json, text);
  // The time goes to the terminal only: the JSON and the --out files stay byte-stable.
  io.out(values.json ? json : text + timeSpent(started));
  return verifyExitCode(report, io);
};
