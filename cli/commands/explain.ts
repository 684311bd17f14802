/**
 * `sessioncheck explain [q1..q5] [--runs N] [--seed N]`: answers the source's "check your
 * understanding" questions from evidence computed now (a model verification of the cells each
 * question needs), never from stored verdicts. Exit 1 when the evidence disagrees with an answer.
 */
import { runVerify } from '../../properties/runner.ts';
import { explainQuestion, isQuestionId, neededCells, questions } from '../../reports/understanding.ts';
import { parseFlags, wholeNumber } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';
import { progressBar } from '../progress.ts';
import { DEFAULT_RUNS, DEFAULT_SEED, timeSpent } from '../defaults.ts';

export const explain: Command = async (args, io) => {
  const started = performance.now();
  const { values, positionals } = parseFlags(args, { runs: { type: 'string' }, seed: { type: 'string' } }, true);
  const asked: readonly string[] = positionals;
  const bad = asked.find((p) => !isQuestionId(p));
  if (bad !== undefined) throw new UsageError('ERR_FLAG_VALUE', `unknown question "${bad}"; valid: ${questions.map((q) => q.id).join(', ')}`);
  const selected = asked.length === 0 ? questions : questions.filter((q) => asked.includes(q.id));
  const runs = wholeNumber('runs', values.runs, DEFAULT_RUNS, 1, 1_000_000);
  const seed = wholeNumber('seed', values.seed, DEFAULT_SEED, -2_147_483_648, 2_147_483_647);

  const progress = progressBar(io, true);
  const report = await runVerify({
    target: 'model', ...neededCells(selected), runs, seed,
    onProgress: (done, total, cell) => progress.update(done, total, `${cell.strategy} ${cell.property}`),
  });
  progress.stop();

  io.out(`Evidence: model verification, seed ${seed}, ${runs} runs per property (sessioncheck ${report.version}).\n\n`);
  const texts = selected.map((q) => explainQuestion(q, report.results));
  io.out(texts.join('\n'));
  io.out(`\n${timeSpent(started)}`);
  return texts.some((t) => t.includes('DISAGREES')) ? 1 : 0;
};
