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
import { StoreClient, type TripCounter } from './client.ts';
import { addressOf, embeddedConnections, realConnections } from './connectionFactories.ts';
import { acquireEmbedded, EmbeddedStore, releaseEmbedded } from './embedded.ts';
import { NodeConnections, type NodeRedis } from './nodeConnections.ts';

/** Options of {@link StoreHub.open}. */
export interface StoreHubOptions {
  /** `redis://127.0.0.1:6379/0`-style URL; omitted = an embedded ioredis-mock. */
  readonly redisUrl?: string;
}

/** The store: the connection, the round-trip counter, and the fault switches. */
export class StoreHub implements TripCounter {
  /** Round trips made by every node so far (read before and after a step). */
  trips = 0;
  /** Set by `close()`: clients of this hub fail from then on (see TripCounter). */
  released = false;
  private reachable = true;
  /** The nodes' own connections (`NodeContext.redis`), cut and restored with the store. */
  private readonly nodes: NodeConnections;

  private constructor(private readonly options: StoreHubOptions, private readonly redis: Redis, private readonly embedded?: EmbeddedStore) {
    const url = options.redisUrl;
    this.nodes = new NodeConnections(this, url ? realConnections(() => addressOf(url)) : embeddedConnections(redis));
  }

  /**
   * Opens the store and empties it: for the mock, a pooled connection whose keyspace no other
   * open system shares (see embedded.ts). A Redis given by URL is FLUSHALLed here and by
   * `wipe()`: give it a dedicated instance.
   */
  static async open(options: StoreHubOptions = {}): Promise<StoreHub> {
    if (options.redisUrl) {
      const redis = await connectReal(options.redisUrl);
      await redis.flushall();
      return new StoreHub(options, redis);
    }
    // Empty already: a new mock connection has its own keyspace, a pooled one was emptied on release.
    const redis = await acquireEmbedded();
    return new StoreHub(options, redis, embeddedFor(redis));
  }

  /** Whether nodes can currently reach the store. */
  get isUp(): boolean {
    return this.reachable;
  }

  /** A counting client for a node (every node's trips go to this hub's counter). */
  client(): StoreClient {
    return new StoreClient(this.redis, this, this.embedded);
  }

  /** A node's own counted ioredis connection (trips go to this hub's counter). */
  nodeRedis(): NodeRedis {
    return this.nodes.forNode();
  }

  /** Every key, read on the hub's own connection (no node's counter sees it); null while unreachable. */
  async keys(): Promise<string[] | null> {
    if (!this.reachable || this.released) return null;
    return (await this.redis.keys('*')).sort();
  }

  /** The store becomes unreachable: the connection is cut; the data is kept. */
  async down(): Promise<void> {
    if (!this.reachable || this.released) return;
    this.reachable = false;
    this.redis.disconnect();
    await this.nodes.cut();
  }

  /** The store is reachable again. */
  async up(): Promise<void> {
    if (this.reachable || this.released) return;
    this.reachable = true;
    await this.redis.connect();
    await this.nodes.restore();
  }

  /** The store restarts without persistence: reachable again and empty (FLUSHALL). */
  async wipe(): Promise<void> {
    if (this.released) return;
    await this.up();
    await this.redis.flushall();
  }

  /** Disconnects; the embedded store's data is dropped and its connection goes back to the pool. */
  async close(): Promise<void> {
    if (this.released) return;
    await this.nodes.release();
    if (this.embedded) {
      this.released = true;
      this.embedded.reset();
      await releaseEmbedded(this.redis);
      return;
    }
    await this.up();
    this.released = true;
    this.redis.disconnect();
  }
}

/** One set of fast paths per pooled connection (scripts defined on it stay defined). */
const fastPaths = new WeakMap<Redis, EmbeddedStore>();

function embeddedFor(redis: Redis): EmbeddedStore {
  let embedded = fastPaths.get(redis);
  if (!embedded) {
    embedded = new EmbeddedStore(redis);
    fastPaths.set(redis, embedded);
  }
  return embedded;
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
