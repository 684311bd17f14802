/**
 * The shared store of one system under test, and its faults. Nodes get their own connections
 * (as real app servers would); store faults act on those connections for real: `down()`
 * disconnects every node's connection so commands fail at the client ("Stream isn't writeable",
 * no offline queue), `up()` reconnects, `wipe()` is FLUSHALL. A real Redis is used when a URL is
 * given (where a later target stops the process with SIGSTOP instead); ioredis-mock otherwise.
 */
import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { StoreClient, type TripCounter } from './client.ts';

let mockInstances = 0;

/** Options of {@link StoreHub.open}. */
export interface StoreHubOptions {
  /** `redis://127.0.0.1:6379/0`-style URL; omitted = an embedded ioredis-mock. */
  readonly redisUrl?: string;
}

/** The store: connections, the round-trip counter, and the fault switches. */
export class StoreHub implements TripCounter {
  /** Round trips made by every node so far (read before and after a step). */
  trips = 0;
  private reachable = true;
  private readonly connections = new Set<Redis>();
  private readonly mockHost: string;

  private constructor(private readonly options: StoreHubOptions, private readonly admin: Redis) {
    this.mockHost = admin.options.host ?? '';
  }

  /** Opens the store (and, for the mock, a fresh keyspace no other system shares). */
  static async open(options: StoreHubOptions = {}): Promise<StoreHub> {
    // ioredis-mock shares data between instances with the same host:port, so each hub gets its own.
    const admin = options.redisUrl
      ? await connectReal(options.redisUrl)
      : new RedisMock({ host: `sessioncheck-mock-${process.pid}-${++mockInstances}`, port: 6379, enableOfflineQueue: false });
    const hub = new StoreHub(options, admin);
    await admin.flushall();
    return hub;
  }

  /** Whether node connections can currently reach the store. */
  get isUp(): boolean {
    return this.reachable;
  }

  /** A new connection for a node; it starts disconnected while the store is down. */
  async connect(): Promise<StoreClient> {
    const redis = this.options.redisUrl
      ? await connectReal(this.options.redisUrl, this.reachable)
      : new RedisMock({ host: this.mockHost, port: 6379, enableOfflineQueue: false, lazyConnect: !this.reachable });
    this.connections.add(redis);
    return new StoreClient(redis, this);
  }

  /** Closes a node's connection (crash, drain, close). */
  release(client: StoreClient): void {
    if (this.connections.delete(client.redis)) client.redis.disconnect();
  }

  /** The store becomes unreachable: every node connection is cut; the data is kept. */
  async down(): Promise<void> {
    this.reachable = false;
    for (const redis of this.connections) redis.disconnect();
  }

  /** The store is reachable again: every node connection reconnects. */
  async up(): Promise<void> {
    if (this.reachable) return;
    this.reachable = true;
    await Promise.all([...this.connections].map((redis) => reconnect(redis)));
  }

  /** The store restarts without persistence: reachable again and empty (FLUSHALL). */
  async wipe(): Promise<void> {
    await this.up();
    await this.admin.flushall();
  }

  /** Disconnects everything; the embedded store's data is dropped too. */
  async close(): Promise<void> {
    for (const redis of this.connections) redis.disconnect();
    this.connections.clear();
    if (!this.options.redisUrl) await this.admin.flushall();
    this.admin.disconnect();
  }
}

/** A real Redis connection that fails fast instead of queueing or retrying (fail closed). */
async function connectReal(url: string, connectNow = true): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1000,
    retryStrategy: () => null,
  });
  redis.on('error', () => {}); // failures surface as rejected commands (503), not as process errors
  if (connectNow) await redis.connect();
  return redis;
}

async function reconnect(redis: Redis): Promise<void> {
  // ioredis-mock throws when asked to connect twice; a real client reports its status.
  const mock = (redis as unknown as { connected?: boolean }).connected;
  if (mock === true || redis.status === 'ready' || redis.status === 'connect') return;
  await redis.connect();
}
