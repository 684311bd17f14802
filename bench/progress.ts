/**
 * Progress for `npm run bench` on stderr: step by step (a strategy of a section), with what runs
 * now, the elapsed time and an ETA at the rate so far. Drawn under the CLI's rule
 * (`progressStream` in cli/progress.ts): only when stdout and stderr are terminals, never under
 * `--json` or with `NO_COLOR` set. When the bar is not drawn, each section's one-line description
 * is logged to stderr instead, so a log file still says what ran; stdout is never touched.
 */
import cliProgress from 'cli-progress';
import type { Io } from '../cli/io.ts';
import { eta, progressStream } from '../cli/progress.ts';

export interface BenchProgress {
  /** A section starts: its description (logged when no bar is drawn). */
  section(description: string): void;
  /** `label` runs now (a strategy of the section). */
  begin(label: string): void;
  /** The step that began last is done. */
  done(): void;
  stop(): void;
}

/** `quiet` (--json) keeps the bar off; `steps` is how many `done()` calls the whole bench makes. */
export function benchProgress(io: Io, quiet: boolean, steps: number): BenchProgress {
  const stream = progressStream(io, quiet);
  if (!stream) {
    return { section: (description) => io.err(`${description}\n`), begin() {}, done() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar({
    stream,
    format: '{bar} {steps}/{stepsTotal} steps | {label} | elapsed {duration_formatted} | ETA {left}',
    hideCursor: true,
    clearOnComplete: true,
    barsize: 24,
  }, cliProgress.Presets.shades_classic);
  const startedAt = performance.now();
  let finished = 0;
  let label = '';
  let started = false;
  const draw = () => {
    const payload = { steps: finished, stepsTotal: steps, label, left: eta(finished, steps, (performance.now() - startedAt) / 1000) };
    if (started) bar.update(finished, payload);
    else bar.start(steps, finished, payload);
    started = true;
    // The benches block the event loop for seconds at a time, so the bar's timer cannot be relied
    // on: every step is drawn now (a step is seconds long, so this never floods the terminal).
    bar.render();
  };
  return {
    section() {},
    begin(next) {
      label = next;
      draw();
    },
    done() {
      finished = Math.min(steps, finished + 1);
      draw();
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
