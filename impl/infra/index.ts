/** Real infrastructure: redis-server processes, HAProxy, node worker processes. */
export { requireBinary, findBinary, binariesFor, type BinaryName } from './binaries.ts';
export { InfraError, type InfraErrorCode } from './errors.ts';
export { RedisServer } from './redisServer.ts';
export { RedisProcessStore, type RedisStoreOptions } from './redisStore.ts';
export { openRedisSystem, openFailoverSystem, type FailoverSystem } from './openRedis.ts';
export { openProcessCluster } from './processCluster.ts';
export { Haproxy, haproxyConfig, type HaproxyConfigOptions } from './haproxy.ts';
export { stopIdleRedisServers, idleRedisServers } from './redisPool.ts';
export { stopWorkerPool, runningWorkers } from './workerPool.ts';
export { stopIdleProcesses } from './stopIdleProcesses.ts';
