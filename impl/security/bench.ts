/**
 * A bench of nodes of one strategy, driven directly: requests go to a chosen node's `handle`
 * (the real HTTP app, no balancer), the store connection can be intercepted, and the keys, the
 * clock and the raw store stay in reach for inspection. The security checks use it for speed
 * (100,000 forged credentials per run of `verify`) and for control over the store's round trips.
 */
import type { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import type { Scope } from '../../model/index.ts';
import { ManualClock } from '../clock.ts';
import { generateKeys, type JwtAlgorithm, type KeyMaterial } from '../jwt/keys.ts';
import { seededFaker } from '../session/data.ts';
import { StoreClient } from '../store/client.ts';
import { countedRedis } from '../store/countedRedis.ts';
import type { SessionNode, SessionStrategy } from '../strategy.ts';
import { interceptedRedis, type Interceptor } from './interceptedRedis.ts';

let benches = 0;

/** Options of {@link NodeBench.start}. */
export interface BenchOptions {
  readonly scope: Scope;
  readonly seed: number;
  /** Number of nodes (default `scope.nodes`). */
  readonly nodes?: number;
  readonly jwtAlgorithm?: JwtAlgorithm;
}

/** Nodes of one strategy sharing one store, keys and clock. */
export class NodeBench {
  readonly clock = new ManualClock();
  /** Unexpected errors nodes reported through `ctx.log` (a sound app reports none). */
  readonly errors: { message: string; error?: unknown }[] = [];
  /** Round trips to the store so far. */
  readonly counter = { trips: 0 };
  /** The interceptor applied to every node's round trips (null: direct). */
  interceptor: Interceptor | null = null;
  private readonly nodes: SessionNode[] = [];

  private constructor(readonly keys: KeyMaterial, readonly redis: Redis) {}

  /** Starts the nodes on a fresh embedded store. */
  static async start(strategy: SessionStrategy, options: BenchOptions): Promise<NodeBench> {
    const redis = new RedisMock({ host: `sessioncheck-bench-${process.pid}-${++benches}`, port: 6379, enableOfflineQueue: false }) as unknown as Redis;
    await redis.flushall();
    const bench = new NodeBench(await generateKeys(options.jwtAlgorithm), redis);
    const count = options.nodes ?? options.scope.nodes;
    const intercepted = interceptedRedis(redis, () => bench.interceptor);
    // A plug-in's own ioredis client: counted on the same tally, its commands intercepted the same way.
    const nodeRedis = (): Redis => countedRedis(intercepted, { counter: bench.counter, blocked: () => null, ready: async () => {}, closed: () => {}, duplicate: nodeRedis });
    for (let n = 0; n < count; n++) {
      bench.nodes.push(await strategy.createNode({
        nodeId: n,
        store: new StoreClient(intercepted, bench.counter),
        redis: nodeRedis(),
        clock: bench.clock,
        keys: bench.keys,
        scope: options.scope,
        faker: seededFaker(options.seed * 31 + n),
        seed: options.seed,
        peers: () => bench.nodes.flatMap((node, i) => (i === n ? [] : [{ nodeId: i, send: (r: Request) => node.handle(r) }])),
        log: (message, error) => void bench.errors.push({ message: `n${n}: ${message}`, error }),
      }));
    }
    return bench;
  }

  /** Number of nodes. */
  get size(): number {
    return this.nodes.length;
  }

  /** Sends a request to node `n`'s HTTP app. */
  send(n: number, request: Request): Promise<Response> {
    const node = this.nodes[n];
    if (!node) throw new RangeError(`no node n${n} on this bench (it has ${this.nodes.length})`);
    return node.handle(request);
  }

  /** Closes the nodes and drops the store's data. */
  async close(): Promise<void> {
    for (const node of this.nodes) await node.close();
    if (this.redis.status !== 'ready') await this.redis.connect().catch(() => {});
    await this.redis.flushall().catch(() => {});
    this.redis.disconnect();
  }
}
