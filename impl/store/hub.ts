/**
 * The shared store of one system under test, and its faults. The nodes of a system share one
 * ioredis connection (they run in one process; a connection per node would only add setup
 * cost), each behind its own counting {@link StoreClient}. Store faults act on that connection
 * for real: `down()` disconnects it, so commands fail at the client ("Stream isn't writeable":
 * no offline queue, no retries), `up()` reconnects, `wipe()` is FLUSHALL. A real Redis is used
 * when a URL is given (a later target stops that process with SIGSTOP instead); otherwise an
 * embedded ioredis-mock.
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

/** The store: the connection, the round-trip counter, and the fault switches. */
export class StoreHub implements TripCounter {
  /** Round trips made by every node so far (read before and after a step). */
  trips = 0;
  private reachable = true;

  private constructor(private readonly options: StoreHubOptions, private readonly redis: Redis) {}

  /**
   * Opens the store (for the mock, a fresh keyspace no other system shares) and empties it.
   * A Redis given by URL is FLUSHALLed here and by `wipe()`: give it a dedicated instance.
   */
  static async open(options: StoreHubOptions = {}): Promise<StoreHub> {
    // ioredis-mock shares data between instances with the same host:port, so each hub gets its own.
    const redis = options.redisUrl
      ? await connectReal(options.redisUrl)
      : new RedisMock({ host: `sessioncheck-mock-${process.pid}-${++mockInstances}`, port: 6379, enableOfflineQueue: false });
    await redis.flushall();
    return new StoreHub(options, redis);
  }

  /** Whether nodes can currently reach the store. */
  get isUp(): boolean {
    return this.reachable;
  }

  /** A counting client for a node (every node's trips go to this hub's counter). */
  client(): StoreClient {
    return new StoreClient(this.redis, this);
  }

  /** The store becomes unreachable: the connection is cut; the data is kept. */
  async down(): Promise<void> {
    if (!this.reachable) return;
    this.reachable = false;
    this.redis.disconnect();
  }

  /** The store is reachable again. */
  async up(): Promise<void> {
    if (this.reachable) return;
    this.reachable = true;
    await this.redis.connect();
  }

  /** The store restarts without persistence: reachable again and empty (FLUSHALL). */
  async wipe(): Promise<void> {
    await this.up();
    await this.redis.flushall();
  }

  /** Disconnects; the embedded store's data is dropped too. */
  async close(): Promise<void> {
    await this.up();
    if (!this.options.redisUrl) await this.redis.flushall();
    this.redis.disconnect();
  }
}

/** A real Redis connection that fails fast instead of queueing or retrying (fail closed). */
async function connectReal(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1000,
    retryStrategy: () => null,
  });
  redis.on('error', () => {}); // failures surface as rejected commands (503), not as process errors
  await redis.connect();
  return redis;
}
