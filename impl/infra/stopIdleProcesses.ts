/** Stops the idle pooled processes (redis-server, node workers) a run kept for reuse. */
import { stopIdleRedisServers } from './redisPool.ts';
import { stopWorkerPool } from './workerPool.ts';

/** Call once a run is over (tests: afterAll; the CLI: after verify). */
export async function stopIdleProcesses(): Promise<void> {
  await stopWorkerPool();
  await stopIdleRedisServers();
}
