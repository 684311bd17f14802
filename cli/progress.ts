/**
 * A progress bar on stderr for runs longer than about a second: only on a terminal, never with
 * --json, plain (no colour codes) when NO_COLOR is set.
 */
import cliProgress from 'cli-progress';
import type { Io } from './io.ts';

export interface Progress {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

export function progressBar(io: Io, enabled: boolean): Progress {
  if (!enabled || !io.isTTY || !process.stderr.isTTY) return silent;
  const plain = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{bar} {value}/{total} {label}', hideCursor: !plain, clearOnComplete: true, barCompleteChar: plain ? '#' : '█', barIncompleteChar: plain ? '-' : '░' },
  );
  let started = false;
  return {
    update(done, total, label) {
      if (!started) {
        bar.start(total, 0, { label: '' });
        started = true;
      }
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
