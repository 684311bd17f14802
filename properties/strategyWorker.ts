/**
 * A worker process of {@link runInWorkers}: checks the strategies its parent sends, one at a
 * time, and answers over the IPC channel. It exits when the channel closes (the parent stopped or
 * died), so no worker outlives a verification.
 */
import { catalog } from './catalog.ts';
import { verifyStrategyOnModel, verifyStrategyOnSystem } from './runner.ts';
import { HarnessFailure } from './systemRunner.ts';
import type { StrategyTask, WorkerMessage } from './strategyWorkers.ts';
import type { PropertyId } from './types.ts';

const send = (message: WorkerMessage) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

process.on('disconnect', () => process.exit(0));
process.on('message', async (task: StrategyTask) => {
  try {
    if (task.target === 'model') {
      const selected = catalog.filter((p) => task.properties.includes(p.id));
      const cells: [PropertyId, number][] = [];
      const results = await verifyStrategyOnModel(task.strategy, selected, task.scope, { ...task, cells: task.cells ? new Set(task.cells) : undefined }, (property, seconds) => {
        cells.push([property, seconds]);
        void send({ kind: 'run', done: cells.length, runs: selected.length });
      });
      await send({ kind: 'done', results, cells });
      return;
    }
    const results = await verifyStrategyOnSystem(task, (done, runs) => { void send({ kind: 'run', done, runs }); });
    await send({ kind: 'done', results });
  } catch (error) {
    if (error instanceof HarnessFailure) await send({ kind: 'harness', code: error.code, message: error.message });
    else if (error instanceof Error) await send({ kind: 'error', name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) });
    else await send({ kind: 'error', name: 'Error', message: String(error) });
  }
});
