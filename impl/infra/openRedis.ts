/**
 * Target `redis`: the strategy's nodes in this process (as on target `impl`), the shared store a
 * real redis-server started for this system and stopped with it. Also the failover system: the
 * same with a replica, for `store.failover-durable`.
 */
import { Cluster } from '../cluster/cluster.ts';
import { InProcessHost } from '../cluster/host.ts';
import { Driver, type SystemUnderTest } from '../driver/system.ts';
import type { OpenOptions } from '../open.ts';
import type { SessionStrategy } from '../strategy.ts';
import { RedisProcessStore, type RedisStoreOptions } from './redisStore.ts';

/** A system whose store can fail over (replica paused, primary killed, replica promoted). */
export interface FailoverSystem extends SystemUnderTest {
  /** Waits until the replica has every write so far. */
  syncReplica(): Promise<void>;
  /** The replica falls behind: later acknowledged writes are on the primary only. */
  pauseReplica(): Promise<void>;
  /** Kill the primary, promote the replica, point the nodes at it. */
  failover(): Promise<void>;
}

/** Starts `strategy` with in-process nodes over a real redis-server. */
export async function openRedisSystem(strategy: SessionStrategy, options: OpenOptions, store: RedisStoreOptions = { refuseOtherClients: true }): Promise<SystemUnderTest> {
  return (await start(strategy, options, store)).driver;
}

/**
 * Starts `strategy` over a primary and a replica (asynchronous replication, or writes
 * acknowledged after `WAIT 1 waitForReplicaMs`).
 */
export async function openFailoverSystem(strategy: SessionStrategy, options: OpenOptions, waitForReplicaMs?: number): Promise<FailoverSystem> {
  const { driver, store } = await start(strategy, options, { replica: true, waitForReplicaMs });
  return {
    step: (action) => driver.step(action),
    act: (action, forged) => driver.act(action, forged),
    forgeryContext: () => driver.forgeryContext(),
    localSessionCounts: () => driver.localSessionCounts(),
    probe: (node, credential) => driver.probe(node, credential),
    liveNodes: () => driver.liveNodes(),
    storeKeys: () => driver.storeKeys(),
    jars: () => driver.jars(),
    close: () => driver.close(),
    syncReplica: () => store.syncReplica(),
    pauseReplica: () => store.pauseReplica(),
    failover: () => store.failover(),
  };
}

async function start(strategy: SessionStrategy, options: OpenOptions, storeOptions: RedisStoreOptions): Promise<{ driver: Driver; store: RedisProcessStore }> {
  let store: RedisProcessStore | undefined;
  const cluster = await Cluster.start({
    strategy, scope: options.scope, seed: options.seed, jwtAlgorithm: options.jwtAlgorithm, log: options.log,
    host: new InProcessHost(),
    openStore: async () => (store = await RedisProcessStore.open(storeOptions)),
  });
  const transport = (path: string, init: RequestInit) => cluster.dispatch(new Request(`http://sessioncheck.internal${path}`, init));
  // Cluster.close() closes the store, which stops its redis-server processes.
  return { driver: new Driver(cluster, transport, options.scope.users, () => cluster.close()), store: store! };
}
