/**
 * What a cluster needs from its shared store: counting clients for its nodes, the round-trip
 * tally, and the store faults of the model. {@link StoreHub} is the embedded/URL one; the real
 * infrastructure targets (impl/infra) supply backends that act on redis-server processes.
 */
import type { StoreClient, TripCounter } from './client.ts';
import type { NodeRedis } from './nodeConnections.ts';

/** The shared store of one system under test. */
export interface StoreBackend extends TripCounter {
  /** Whether nodes can currently reach the store. */
  readonly isUp: boolean;
  /** A counting client for a node (its trips go to this backend's tally). */
  client(): StoreClient;
  /**
   * A node's own ioredis connection (its trips go to this backend's tally), ended by `down()`,
   * revived by `up()`, emptied by `wipe()` like every other connection to the store.
   */
  nodeRedis(): NodeRedis;
  /** The store becomes unreachable; its data is kept. */
  down(): Promise<void>;
  /** The store is reachable again. */
  up(): Promise<void>;
  /** The store restarts without persistence: reachable and empty. */
  wipe(): Promise<void>;
  /** Every key the store holds, read on no node's connection (uncounted); null when unreachable. */
  keys?(): Promise<string[] | null>;
  /** Releases the store. */
  close(): Promise<void>;
}
