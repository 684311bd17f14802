/**
 * A node worker process (target `cluster`): `node --import tsx impl/infra/worker.ts`. It loads the
 * implementations, serves on an ephemeral 127.0.0.1 port, prints `{"port": N}` on stdout, and
 * waits idle until the controller boots a node in it (`POST /__sessioncheck/boot`). Idle workers
 * are spawned ahead of need, because starting Node with tsx and the libraries takes a second.
 *
 * Control routes (loopback only, test harness — never expose a worker):
 *   POST /__sessioncheck/boot   {strategy, plugin?, fakeTime?, nodeId, seed, incarnation, scope, redisUrl, keys, storeUp}
 *   POST /__sessioncheck/store  {up}      close or reopen the store connection (store outage)
 *   POST /__sessioncheck/peers  {peers: [{nodeId, port}]}
 *   POST /__sessioncheck/reset            close the node: the worker is idle again
 *   GET  /__sessioncheck/health           200 once a node is booted (HAProxy's check)
 * Every app response carries the serving node (`x-sessioncheck-node`), the store round trips it
 * made (`x-sessioncheck-trips`) and the node's local session count (`x-sessioncheck-local`). The
 * model clock arrives with each request (`x-sessioncheck-clock`, seconds).
 *
 * A plug-in is loaded by module path (`plugin`: its module URL and export). With `fakeTime`, the
 * process's `Date` follows the model clock too (impl/plugins/harnessTime.ts), for code that reads
 * wall time; a worker that once ran under fake time is not pooled again (returnWorker kills it).
 */
import { Redis } from 'ioredis';
import type { Scope, StrategyId } from '../../model/index.ts';
import { NODE_HEADER, nodeName } from '../cluster/balancer.ts';
import { mixSeed } from '../cluster/cluster.ts';
import { listen, serveFetch } from '../cluster/http-bridge.ts';
import { ManualClock } from '../clock.ts';
import { seededFaker } from '../session/data.ts';
import { StoreClient, type TripCounter } from '../store/client.ts';
import { countedRedis } from '../store/countedRedis.ts';
import { ImplError } from '../errors.ts';
import { builtinStrategy } from '../strategies/index.ts';
import type { PeerNode, SessionNode, SessionStrategy } from '../strategy.ts';
import { installHarnessTime, type HarnessTime } from '../plugins/harnessTime.ts';
import { loadPlugin, type PluginModule } from '../plugins/pluginModule.ts';
import { keysFromWire, type WireKeys } from './keysWire.ts';
import { CLOCK_HEADER, CONTROL_PREFIX, LOCAL_HEADER, TRIPS_HEADER } from './workerProtocol.ts';

/** What the controller sends to boot a node. */
export interface BootConfig {
  /** A built-in's ID, or a plug-in's name (then `plugin` says where it is). */
  readonly strategy: string;
  /** The plug-in's module (a `file:` URL) and export; absent for built-ins. */
  readonly plugin?: Required<PluginModule>;
  /** `Date` follows the model clock in this process. */
  readonly fakeTime?: boolean;
  readonly nodeId: number;
  readonly seed: number;
  readonly incarnation: number;
  readonly scope: Scope;
  readonly redisUrl: string;
  readonly keys: WireKeys;
  readonly storeUp: boolean;
}

/** The clock follows the driver's: set from each request's header. */
class FollowingClock extends ManualClock {
  set(seconds: number): void {
    const now = this.now();
    if (seconds > now) this.advance(seconds - now);
  }
}

interface Booted {
  readonly node: SessionNode;
  readonly nodeId: number;
  readonly redis: Redis;
  readonly counter: TripCounter;
  readonly clock: FollowingClock;
  readonly peers: { list: PeerNode[] };
}

let booted: Booted | null = null;
let harnessTime: HarnessTime | null = null;
let storeUp = true;

async function strategyOf(config: BootConfig): Promise<SessionStrategy> {
  if (config.plugin) return loadPlugin(config.plugin);
  return builtinStrategy(config.strategy as StrategyId);
}

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function boot(config: BootConfig): Promise<void> {
  if (booted) await reset();
  if (config.fakeTime) harnessTime = installHarnessTime();
  storeUp = config.storeUp;
  const strategy = await strategyOf(config);
  const redis = new Redis(config.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500, retryStrategy: () => null });
  redis.on('error', () => {});
  if (config.storeUp) await redis.connect();
  const counter: TripCounter = { trips: 0 };
  const clock = new FollowingClock();
  const keys = await keysFromWire(config.keys);
  // One mutable record: `peers()` must see the list the controller sends later.
  const peers: { list: PeerNode[] } = { list: [] };
  const node = await strategy.createNode({
    nodeId: config.nodeId,
    store: new StoreClient(redis, counter),
    // A counted view of this worker's connection, cut with it during an outage.
    redis: countedRedis(redis, {
      counter, blocked: () => (storeUp ? null : 'the store is down (the harness cut it off)'), ready: async () => {}, closed: () => {},
      duplicate: () => { throw new ImplError('ERR_BAD_OPTION', 'redis.duplicate() is not available in a cluster worker'); },
    }),
    clock,
    keys,
    scope: config.scope,
    faker: seededFaker(mixSeed(config.seed, config.nodeId, config.incarnation)),
    seed: config.seed,
    peers: () => peers.list,
    log: (message, error) => console.error(`n${config.nodeId}: ${message}`, error),
  });
  booted = { node, nodeId: config.nodeId, redis, counter, clock, peers };
}

async function reset(): Promise<void> {
  const b = booted;
  booted = null;
  if (!b) return;
  await b.node.close();
  b.redis.disconnect();
}

async function setStore(up: boolean): Promise<void> {
  storeUp = up;
  const redis = booted?.redis;
  if (!redis) return;
  if (!up) {
    if (redis.status === 'end') return;
    const ended = new Promise<void>((resolve) => { redis.once('end', () => resolve()); setTimeout(resolve, 2000); });
    redis.disconnect();
    await ended;
  } else if (redis.status === 'end' || redis.status === 'wait') {
    await redis.connect();
  }
}

function peerNode(nodeId: number, port: number): PeerNode {
  return {
    nodeId,
    send: (req) => {
      const headers = new Headers(req.headers);
      if (booted) headers.set(CLOCK_HEADER, String(booted.clock.now()));
      return fetch(new URL(new URL(req.url).pathname, `http://127.0.0.1:${port}`), { method: req.method, headers, body: req.body, duplex: 'half' } as RequestInit);
    },
  };
}

async function control(path: string, request: Request): Promise<Response> {
  if (path === 'health') return booted ? json(200, { node: booted.nodeId }) : json(503, { idle: true });
  if (request.method !== 'POST') return json(405, { error: 'use POST' });
  const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
  if (path === 'boot') await boot(body as unknown as BootConfig);
  else if (path === 'reset') await reset();
  else if (path === 'store') await setStore(body.up === true);
  else if (path === 'peers' && booted) booted.peers.list = (body.peers as { nodeId: number; port: number }[]).map((p) => peerNode(p.nodeId, p.port));
  else return json(404, { error: `no control route ${path}` });
  return json(200, { ok: true });
}

async function handle(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (path.startsWith(CONTROL_PREFIX)) return control(path.slice(CONTROL_PREFIX.length), request);
  const b = booted;
  if (!b) return json(503, { error: 'ERR_NO_LIVE_NODE', message: 'worker is idle' });
  const clock = Number(request.headers.get(CLOCK_HEADER));
  if (Number.isInteger(clock) && clock >= 0) b.clock.set(clock);
  harnessTime?.follow(b.clock.now());
  const before = b.counter.trips;
  const response = await b.node.handle(request);
  const headers = new Headers(response.headers);
  headers.set(NODE_HEADER, nodeName(b.nodeId));
  headers.set(TRIPS_HEADER, String(b.counter.trips - before));
  if (b.node.localSessionCount) headers.set(LOCAL_HEADER, String(b.node.localSessionCount()));
  return new Response(response.body, { status: response.status, headers });
}

// The controller holds our stdin open; when it goes away (even by SIGKILL), so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

const { port } = await listen(serveFetch(handle, (error) => console.error('worker error', error)));
process.stdout.write(JSON.stringify({ port }) + '\n');
