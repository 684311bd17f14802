/**
 * Progress on stderr for the long commands: per (strategy, property) cell, and within a strategy
 * run by run on the system targets (whose cells are judged together on the same runs), with the
 * elapsed time and an ETA. Drawn only when stdout and stderr are terminals; quiet under --json
 * and when NO_COLOR is set (a plain log then stays plain).
 */
import cliProgress from 'cli-progress';
import type { Io, ProgressStream } from './io.ts';

export interface Progress {
  /** A cell is done: `done` of `total` cells (with `strategy` when that strategy's cells are all done). */
  update(done: number, total: number, label: string, strategy?: string): void;
  /** System targets: `done` of `runs` generated runs of `strategy` are judged. */
  run(done: number, runs: number, strategy: string): void;
  stop(): void;
}

const silent: Progress = { update() {}, run() {}, stop() {} };
/** Bar units per cell, so that runs within a strategy move the bar and its ETA. */
const UNITS = 1000;
/** The share of a strategy's cells its generated runs stand for (shrinking and the implementation checks follow). */
const RUN_SHARE = 0.9;

/** The time left at the rate so far: "–" until something is done and a second has passed, then whole seconds or minutes. */
export function eta(done: number, total: number, elapsedSeconds: number): string {
  if (done <= 0 || elapsedSeconds < 1) return '–';
  const left = Math.max(0, Math.round((elapsedSeconds * (total - done)) / done));
  return left < 60 ? `${left}s` : `${Math.floor(left / 60)}m${String(left % 60).padStart(2, '0')}s`;
}

/** The stream to draw on, or null when progress must stay quiet. */
export function progressStream(io: Io, quiet: boolean): ProgressStream | null {
  const stream = io.progress;
  if (quiet || !stream || !io.isTTY || !stream.isTTY) return null;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return null;
  return stream;
}

/**
 * `enabled` false (--json) keeps it quiet. `cells` is how many cells the command decides (0: known
 * at the first update); `cellsPerStrategy` how many of them one strategy's runs decide (the
 * selected properties), for the run-by-run progress of the system targets.
 */
export function progressBar(io: Io, enabled: boolean, cells = 0, cellsPerStrategy = 1): Progress {
  const stream = progressStream(io, !enabled);
  if (!stream) return silent;
  const bar = new cliProgress.SingleBar({
    stream,
    format: '{bar} {cells}/{cellsTotal} cells | {label} | elapsed {duration_formatted} | ETA {left}',
    hideCursor: true,
    clearOnComplete: true,
    barsize: 24,
    etaBuffer: 50,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  let done = 0;
  let cellsTotal = cells;
  // Strategies checked at once (worker processes) each move the bar by their share of runs.
  const inFlight = new Map<string, number>();
  // The first event starts the bar drawn with its own label (later ones redraw at most 10 times a second).
  const startedAt = performance.now();
  const draw = (units: number, label: string) => {
    const payload = { cells: done, cellsTotal, label, left: eta(units, cellsTotal * UNITS, (performance.now() - startedAt) / 1000) };
    if (started) bar.update(units, payload);
    else bar.start(cellsTotal * UNITS, units, payload);
    started = true;
  };
  const runUnits = () => [...inFlight.values()].reduce((sum, share) => sum + share, 0) * RUN_SHARE * cellsPerStrategy;
  return {
    update(cellsDone, total, label, strategy) {
      cellsTotal = total;
      done = cellsDone;
      // One strategy's cells are done; without a strategy, no runs are in flight (the model target).
      if (strategy !== undefined) inFlight.delete(strategy);
      else inFlight.clear();
      draw(Math.round((done + runUnits()) * UNITS), label);
    },
    run(runsDone, runs, strategy) {
      if (cellsTotal === 0) return;
      inFlight.set(strategy, runsDone / runs);
      const label = [...inFlight.keys()].length > 1 ? `${[...inFlight.keys()].join(', ')}: runs` : `${strategy}: run ${runsDone}/${runs}`;
      draw(Math.round((done + runUnits()) * UNITS), label);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
