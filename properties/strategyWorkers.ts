/**
 * Strategies checked in worker processes, several at once. In-process targets (`impl`, `sockets`)
 * keep one core busy per strategy — the main thread runs the apps, the probes and the judging — and
 * so does the model (its generated programs and its exhaustive search), so a strategy per core is
 * what uses a multi-core machine. Each strategy's
 * verdicts depend only on its own seeded runs, never on which process ran it or when, so results
 * are the same bytes as one after another (tested).
 *
 * Workers are `node --import tsx properties/strategyWorker.ts` from the sources and plain
 * `node dist/properties/strategyWorker.js` in the built package, with an IPC channel: the parent
 * sends one strategy at a time, the worker answers with progress, its results, or its failure.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Scope, StrategyId } from '../model/types.ts';
import type { Result, Target } from './results.ts';
import type { PropertyId } from './types.ts';

const COMPILED = import.meta.url.endsWith('.js');
const WORKER_SCRIPT = fileURLToPath(new URL(COMPILED ? './strategyWorker.js' : './strategyWorker.ts', import.meta.url));

/** What a worker needs to check one strategy (plain data: it crosses a process boundary). */
export interface StrategyTask {
  readonly strategy: StrategyId;
  readonly target: Target;
  readonly properties: readonly PropertyId[];
  readonly runs: number;
  readonly seed: number;
  readonly scope: Scope;
  readonly exhaustiveDepth?: number;
  readonly exhaustiveSystem?: number;
  readonly concurrency?: number;
  /** Swarm programs (`verify --swarm`, properties/swarm.ts). */
  readonly swarm?: boolean;
  /** Target model: only these cells (`cellKey`s: `verify --shard`). */
  readonly cells?: readonly string[];
}

/** A worker's answer for one strategy. */
export type StrategyOutcome =
  | { readonly kind: 'done'; readonly results: Result[]; readonly cells?: readonly (readonly [PropertyId, number])[] }
  /** A failure of the harness (the same as a `HarnessFailure` in process). */
  | { readonly kind: 'harness'; readonly code: string; readonly message: string };

/** Messages a worker sends. */
export type WorkerMessage =
  /** A generated run done (system targets), or a cell done (target model: `done` cells of `runs`). */
  | { readonly kind: 'run'; readonly done: number; readonly runs: number }
  | StrategyOutcome
  | { readonly kind: 'error'; readonly name: string; readonly message: string; readonly stack?: string };

/** An error a worker threw that is not a harness failure: an internal error, rethrown here with its stack. */
export class WorkerError extends Error {
  constructor(strategy: StrategyId, name: string, message: string, stack?: string) {
    super(`${name} while checking ${strategy} in a worker process: ${message}`);
    this.name = 'WorkerError';
    if (stack) this.stack = `${this.name}: ${this.message}\n--- in the worker ---\n${stack}`;
  }
}

function spawnWorker(): ChildProcess {
  const execArgv = COMPILED ? [] : ['--import', import.meta.resolve('tsx')];
  return fork(WORKER_SCRIPT, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Runs one task on a worker; resolves with its outcome, rejects on an internal error or a dead worker. */
function runOn(child: ChildProcess, task: StrategyTask, onRun: (done: number, runs: number) => void): Promise<StrategyOutcome> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage) => {
      if (message.kind === 'run') return onRun(message.done, message.runs);
      cleanup();
      if (message.kind === 'error') reject(new WorkerError(task.strategy, message.name, message.message, message.stack));
      else resolve(message);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new WorkerError(task.strategy, 'WorkerExit', `the worker process exited (${code ?? signal}) before answering`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(task);
  });
}

/**
 * Checks `tasks` on at most `jobs` worker processes, taken in order by whichever worker is free.
 * `onOutcome` is called as each strategy finishes (in completion order; callers place results by
 * strategy); `onRun` with each generated run's progress; `onStart` when a worker takes a task (so
 * a strategy's measured time leaves out its wait for a free worker). Every worker is stopped before
 * this resolves or rejects; the first internal error rejects once the tasks in flight have settled.
 */
export async function runInWorkers(
  tasks: readonly StrategyTask[],
  jobs: number,
  onOutcome: (task: StrategyTask, outcome: StrategyOutcome) => void,
  onRun: (task: StrategyTask, done: number, runs: number) => void,
  onStart?: (task: StrategyTask) => void,
): Promise<void> {
  let next = 0;
  let failure: unknown;
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, () => spawnWorker());
  try {
    await Promise.all(workers.map(async (child) => {
      while (failure === undefined && next < tasks.length) {
        const task = tasks[next++];
        onStart?.(task);
        try {
          onOutcome(task, await runOn(child, task, (done, runs) => onRun(task, done, runs)));
        } catch (error) {
          failure ??= error;
        }
      }
    }));
  } finally {
    await Promise.all(workers.map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    })));
  }
  if (failure !== undefined) throw failure;
}
