/**
 * What the {@link Driver} drives: the in-process {@link Cluster}, or a cluster of node processes
 * behind HAProxy (impl/infra). Requests go through the driver's transport; this is the rest.
 */
import type { ManualClock } from '../clock.ts';
import type { KeyMaterial } from '../jwt/keys.ts';
import type { StoreBackend } from '../store/backend.ts';

/** A running system's control surface: faults, clock, keys and the store's round-trip tally. */
export interface DrivenCluster {
  readonly clock: ManualClock;
  readonly keys: KeyMaterial;
  readonly hub: Pick<StoreBackend, 'trips' | 'down' | 'up' | 'wipe' | 'latency'>;
  crash(node: number): Promise<void>;
  restart(node: number): Promise<void>;
  addNode(): Promise<void>;
  drain(node: number): Promise<void>;
  /** Per-client records each live node holds in memory; null when a node does not report it. */
  localSessionCounts(): number[] | null;
  /** Sends a request to live node `node` directly (not through the balancer); null when it is down. */
  probe(node: number, path: string, init: RequestInit): Promise<Response | null>;
  /** Nodes in rotation. */
  liveNodes(): number[];
  /** Keys the store holds, read without counting; null when the store cannot be read. */
  storeKeys(): Promise<string[] | null>;
}
