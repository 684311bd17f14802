/** Stops the idle pooled processes (redis-server, node workers, system processes) a run kept for reuse. */
import { stopSystemProcesses } from '../plugins/remoteSystem.ts';
import { stopIdleRedisServers } from './redisPool.ts';
import { stopWorkerPool } from './workerPool.ts';

/** Call once a run is over (tests: afterAll; the CLI: after verify). */
export async function stopIdleProcesses(): Promise<void> {
  await stopSystemProcesses();
  await stopWorkerPool();
  await stopIdleRedisServers();
}
