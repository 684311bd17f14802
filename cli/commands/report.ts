/**
 * `sessioncheck report [--out DIR] [--format md,html,json,junit] [--target model|impl|sockets|redis|cluster] [--strategy ID]... [--seed N] [--runs N] [--concurrency N] [--jobs N]`:
 * runs the verification and writes the report set (Markdown with sequence diagrams, one
 * self-contained HTML file, JSON, JUnit XML). Same seed, same bytes, except the JUnit report's
 * measured `time` attributes. Exit 0 when every verdict
 * equals its expectation, 1 when one differs (the report is written either way), 2 on bad usage,
 * 3 on a harness failure (files still written) or an internal error.
 */
import { MAX_CONCURRENCY } from '../../impl/concurrentRuns.ts';
import { strategyIds } from '../../model/registry.ts';
import type { StrategyId } from '../../model/types.ts';
import { propertyIds } from '../../properties/catalog.ts';
import { targets, type Target } from '../../properties/results.ts';
import { collectDurations } from '../../properties/durations.ts';
import { runVerify } from '../../properties/runner.ts';
import { isReportFormat, renderReport, reportFormats, writeReport, type ReportFormat } from '../../reports/render.ts';
import { concurrencyFlag, exhaustiveFlag, jobsFlag, oneOf, parseFlags, wholeNumber } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';
import { progressBar } from '../progress.ts';
import { requireTargetBinaries, stopTargetProcesses } from '../systemTargets.ts';
import { DEFAULT_RUNS, DEFAULT_SEED, timeSpent } from '../defaults.ts';

/** Where reports go unless `--out` says otherwise (git-ignored; `reports/published/` is the committed set). */
export const DEFAULT_REPORT_DIR = 'out/report';

export function parseFormats(value: string | undefined): ReportFormat[] {
  if (value === undefined) return [...reportFormats];
  const formats = value.split(',').map((f) => f.trim()).filter((f) => f !== '');
  const bad = formats.find((f) => !isReportFormat(f));
  if (bad !== undefined || formats.length === 0) {
    throw new UsageError('ERR_FLAG_VALUE', `unknown format "${bad ?? value}"; valid: ${reportFormats.join(', ')} (comma-separated)`);
  }
  return reportFormats.filter((f) => formats.includes(f));
}

export const report: Command = async (args, io) => {
  const started = performance.now();
  const { values } = parseFlags(args, {
    out: { type: 'string' },
    format: { type: 'string' },
    target: { type: 'string' },
    strategy: { type: 'string', multiple: true },
    seed: { type: 'string' },
    runs: { type: 'string' },
    concurrency: { type: 'string' },
    jobs: { type: 'string' },
    exhaustive: { type: 'string' },
  });
  const formats = parseFormats(values.format);
  const [target] = oneOf<Target>('target', [values.target ?? 'model'], targets, 'ERR_UNKNOWN_TARGET');
  await requireTargetBinaries(target);
  const strategies: StrategyId[] = values.strategy ? oneOf('strategy', values.strategy, strategyIds, 'ERR_UNKNOWN_STRATEGY') : [...strategyIds];
  // As verify's: the depth of the model's search behind every ✓, or the search played on a system.
  const exhaustive = exhaustiveFlag(values.exhaustive, target);
  const runs = wholeNumber('runs', values.runs, DEFAULT_RUNS, 1, 1_000_000);
  const seed = wholeNumber('seed', values.seed, DEFAULT_SEED, -2_147_483_648, 2_147_483_647);
  const concurrency = concurrencyFlag(values.concurrency, target, MAX_CONCURRENCY);
  const jobs = jobsFlag(values.jobs, target);
  const out = values.out ?? DEFAULT_REPORT_DIR;

  const progress = progressBar(io, true, strategies.length * propertyIds.length, propertyIds.length);
  const timed = collectDurations();
  let verified;
  try {
    verified = await runVerify({
      target, strategies, properties: propertyIds, runs, seed, concurrency, jobs, onTimed: timed.onTimed,
      ...(exhaustive !== undefined ? (target === 'model' ? { exhaustiveDepth: exhaustive } : { exhaustiveSystem: exhaustive }) : {}),
      onProgress: (done, total, cell) => progress.update(done, total, `${cell.strategy} ${cell.property}`),
      onRun: (done, total, strategy) => progress.run(done, total, strategy),
    });
  } finally {
    progress.stop();
    await stopTargetProcesses(target);
  }

  const files = renderReport(verified, formats, timed.durations);
  writeReport(out, files);
  const mismatches = verified.results.filter((r) => r.verdict !== 'n/a' && r.verdict !== r.expected).length;
  io.out(`wrote ${files.length} file${files.length === 1 ? '' : 's'} to ${out}/: ${files.map((f) => f.path).join(', ')}\n`);
  io.out(mismatches === 0 ? 'every decided verdict equals its expectation\n' : `${mismatches} verdict(s) differ from their expectation: see ${out}/${formats.includes('md') ? 'index.md' : files[0].path}\n`);
  io.out(timeSpent(started));
  // A harness failure is not a verdict: exit 3 with one line on stderr, as verify (the files are written).
  if (verified.errors && verified.errors.length > 0) {
    const [first] = verified.errors;
    io.err(`sessioncheck: ${verified.errors.length} harness error(s), no verdict for them; first: ${first.strategy} ${first.code}: ${first.message}\n`);
    return 3;
  }
  return verified.ok ? 0 : 1;
};
