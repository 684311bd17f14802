/**
 * A worker process of {@link runInWorkers}: checks the strategies its parent sends, one at a
 * time, and answers over the IPC channel. It exits when the channel closes (the parent stopped or
 * died), so no worker outlives a verification.
 */
import { verifyStrategyOnSystem } from './runner.ts';
import { HarnessFailure } from './systemRunner.ts';
import type { StrategyTask, WorkerMessage } from './strategyWorkers.ts';

const send = (message: WorkerMessage) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

process.on('disconnect', () => process.exit(0));
process.on('message', async (task: StrategyTask) => {
  try {
    const results = await verifyStrategyOnSystem(task, (done, runs) => { void send({ kind: 'run', done, runs }); });
    await send({ kind: 'done', results });
  } catch (error) {
    if (error instanceof HarnessFailure) await send({ kind: 'harness', code: error.code, message: error.message });
    else if (error instanceof Error) await send({ kind: 'error', name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) });
    else await send({ kind: 'error', name: 'Error', message: String(error) });
  }
});
