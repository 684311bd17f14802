/**
 * Target `cluster`: HAProxy in front of node worker processes, a real redis-server as the store.
 * - crash(n): SIGKILL of the node's process; returns once HAProxy's health check marks it DOWN.
 * - restart(n) / addNode(): the node boots in a fresh process; the slot's address is set over
 *   the runtime API, the slot made `ready`, and the step returns once HAProxy sees it UP.
 * - drain(n): `set server … state drain`, then `maint`, the process is stopped, the node boots
 *   in a fresh process, `ready`, UP — the rolling-deploy step.
 * - store faults: as on target `redis` (SIGSTOP/SIGCONT, SIGKILL and restart), with every
 *   worker's store connection closed during the outage (see impl/infra/redisStore.ts for why).
 * - tick: the driver's clock travels with each request (`x-sessioncheck-clock`).
 * Store round trips are counted in the workers and reported per response; node memory counts
 * (`localSessionCounts`) are as last reported by each node. A worker finds a built-in by its ID
 * and loads a plug-in by module path, so a plug-in must come from `loadPlugin` (impl/plugins).
 * With `fakeTime`, each node process's `Date` follows the model clock; such workers are killed
 * after the system, never pooled.
 */
import { strategyIds } from '../../model/registry.ts';
import { Redis } from 'ioredis';
import { NODE_HEADER, nodeIndex } from '../cluster/balancer.ts';
import { ManualClock } from '../clock.ts';
import type { DrivenCluster } from '../driver/driven.ts';
import { Driver, type SystemUnderTest } from '../driver/system.ts';
import { ImplError } from '../errors.ts';
import { generateKeys, type KeyMaterial } from '../jwt/keys.ts';
import type { OpenOptions } from '../open.ts';
import type { SessionStrategy } from '../strategy.ts';
import { pluginModuleOf, type PluginModule } from '../plugins/pluginModule.ts';
import { Haproxy } from './haproxy.ts';
import { keysToWire, type WireKeys } from './keysWire.ts';
import { acquireRedisServer, releaseRedisServer } from './redisPool.ts';
import type { RedisServer } from './redisServer.ts';
import type { BootConfig } from './worker.ts';
import { returnWorker, takeWorker, type WorkerProcess } from './workerPool.ts';
import { CLOCK_HEADER, LOCAL_HEADER, TRIPS_HEADER } from './workerProtocol.ts';

interface Slot {
  worker: WorkerProcess | null;
  incarnation: number;
  local: number;
}

/** The store of a process cluster: the tally the workers report, and the faults. */
class ProcessStore {
  trips = 0;
  reachable = true;
  constructor(readonly server: RedisServer, private readonly workers: () => WorkerProcess[]) {}

  async down(): Promise<void> {
    if (!this.reachable) return;
    this.reachable = false;
    await this.tellWorkers(false);
    this.server.pause();
  }

  async up(): Promise<void> {
    if (this.reachable) return;
    this.server.resume();
    this.reachable = true;
    await this.tellWorkers(true);
  }

  async wipe(): Promise<void> {
    await this.tellWorkers(false);
    this.reachable = false;
    await this.server.killAndRestart();
    this.reachable = true;
    await this.tellWorkers(true);
  }

  private async tellWorkers(up: boolean): Promise<void> {
    await Promise.all(this.workers().map((w) => w.control('store', { up })));
  }
}

class ProcessCluster implements DrivenCluster {
  readonly clock = new ManualClock();
  readonly hub: DrivenCluster['hub'];
  private readonly slots: Slot[] = [];
  private haproxy: Haproxy | null = null;
  private readonly store: ProcessStore;

  constructor(private readonly strategy: LoadableStrategy, private readonly options: OpenOptions, readonly keys: KeyMaterial, private readonly wireKeys: WireKeys, redis: RedisServer) {
    this.store = new ProcessStore(redis, () => this.slots.flatMap((s) => (s.worker ? [s.worker] : [])));
    const store = this.store;
    this.hub = {
      get trips() { return store.trips; },
      set trips(n: number) { store.trips = n; },
      down: () => store.down(),
      up: () => store.up(),
      wipe: () => store.wipe(),
    };
  }

  get proxy(): Haproxy {
    if (!this.haproxy) throw new ImplError('ERR_SYSTEM_CLOSED', 'haproxy is not running');
    return this.haproxy;
  }

  async start(): Promise<void> {
    for (let n = 0; n < this.options.scope.nodes; n++) {
      this.slots.push({ worker: null, incarnation: 0, local: 0 });
      await this.boot(n);
    }
    const ports = Array.from({ length: this.options.scope.maxNodes }, (_, n) => this.slots[n]?.worker?.port ?? null);
    this.haproxy = await Haproxy.start(this.strategyPolicy(), ports);
    for (let n = 0; n < this.slots.length; n++) await this.proxy.waitFor(n, (s) => s.startsWith('UP'), 'UP');
    await this.updatePeers();
  }

  /** Sends a request through HAProxy with the clock; tallies the node's trips and memory. */
  async send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set(CLOCK_HEADER, String(this.clock.now()));
    const response = await fetch(`http://127.0.0.1:${this.proxy.port}${path}`, { ...init, headers });
    this.store.trips += Number(response.headers.get(TRIPS_HEADER) ?? 0);
    const node = nodeIndex(response.headers.get(NODE_HEADER));
    const local = response.headers.get(LOCAL_HEADER);
    if (node !== null && this.slots[node] && local !== null) this.slots[node].local = Number(local);
    return response;
  }

  localSessionCounts(): number[] {
    return this.slots.map((s) => (s.worker ? s.local : 0));
  }

  liveNodes(): number[] {
    return this.slots.flatMap((s, n) => (s.worker ? [n] : []));
  }

  /** A probe straight to the node's process (not through HAProxy); its round trips are not tallied. */
  async probe(n: number, path: string, init: RequestInit): Promise<Response | null> {
    const worker = this.slots[n]?.worker;
    if (!worker) return null;
    const headers = new Headers(init.headers);
    headers.set(CLOCK_HEADER, String(this.clock.now()));
    const response = await fetch(`http://127.0.0.1:${worker.port}${path}`, { ...init, headers });
    const local = response.headers.get(LOCAL_HEADER);
    if (local !== null) this.slots[n].local = Number(local);
    return response;
  }

  /** The store's keys on an admin connection of the harness's own; null while the store is down. */
  async storeKeys(): Promise<string[] | null> {
    if (!this.store.reachable) return null;
    if (this.admin === null) {
      this.admin = new Redis(this.store.server.url, { lazyConnect: false, enableOfflineQueue: true, maxRetriesPerRequest: 1, commandTimeout: 1000 });
      this.admin.on('error', () => {}); // a failed read is `null` (unknown), never a process error
    }
    try {
      return (await this.admin.keys('*')).sort();
    } catch {
      return null;
    }
  }

  private admin: Redis | null = null;

  async crash(n: number): Promise<void> {
    this.requireLive(n, 'crash');
    const worker = this.slots[n].worker!;
    this.slots[n].worker = null;
    await worker.kill();
    await this.proxy.waitFor(n, (s) => s.startsWith('DOWN'), 'DOWN after its process was killed');
    await this.updatePeers();
  }

  async restart(n: number): Promise<void> {
    if (!this.slots[n] || this.slots[n].worker) throw disabled(`restart(n${n}): node is not down`);
    await this.bootBehindProxy(n);
  }

  async addNode(): Promise<void> {
    if (this.slots.length >= this.options.scope.maxNodes) throw disabled(`addNode: already ${this.slots.length} nodes (scope.maxNodes)`);
    this.slots.push({ worker: null, incarnation: 0, local: 0 });
    await this.bootBehindProxy(this.slots.length - 1);
  }

  async drain(n: number): Promise<void> {
    this.requireLive(n, 'drain');
    await this.proxy.setState(n, 'drain');
    await this.proxy.setState(n, 'maint');
    const worker = this.slots[n].worker!;
    this.slots[n].worker = null;
    await worker.kill();
    await this.bootBehindProxy(n);
  }

  async close(): Promise<void> {
    this.admin?.disconnect();
    this.admin = null;
    await this.haproxy?.stop();
    this.haproxy = null;
    for (const slot of this.slots) {
      if (slot.worker) await (this.options.fakeTime ? slot.worker.kill() : returnWorker(slot.worker));
      slot.worker = null;
    }
    this.store.server.resume();
    await releaseRedisServer(this.store.server);
  }

  private strategyPolicy(): 'round-robin' | 'sticky' {
    return this.strategy.lbPolicy;
  }

  private requireLive(n: number, what: string): void {
    if (!this.slots[n]?.worker) throw disabled(`${what}(n${n}): node is not up`);
    if (this.slots.filter((s) => s.worker).length < 2) throw disabled(`${what}(n${n}): it is the last live node`);
  }

  private async boot(n: number): Promise<void> {
    const slot = this.slots[n];
    slot.incarnation += 1;
    slot.local = 0;
    const worker = await takeWorker();
    const config: BootConfig = {
      strategy: this.strategy.name, ...(this.strategy.plugin ? { plugin: this.strategy.plugin } : {}), ...(this.options.fakeTime ? { fakeTime: true } : {}), nodeId: n, seed: this.options.seed, incarnation: slot.incarnation, scope: this.options.scope,
      redisUrl: this.store.server.url, keys: this.wireKeys, storeUp: this.store.reachable,
    };
    await worker.control('boot', config);
    slot.worker = worker;
  }

  private async bootBehindProxy(n: number): Promise<void> {
    await this.boot(n);
    await this.proxy.setAddress(n, this.slots[n].worker!.port);
    await this.proxy.setState(n, 'ready');
    await this.proxy.waitFor(n, (s) => s.startsWith('UP'), 'UP after its restart');
    await this.updatePeers();
  }

  private async updatePeers(): Promise<void> {
    const live = this.slots.flatMap((s, nodeId) => (s.worker ? [{ nodeId, port: s.worker.port }] : []));
    await Promise.all(live.map(({ nodeId }) => this.slots[nodeId].worker!.control('peers', { peers: live.filter((p) => p.nodeId !== nodeId) })));
  }
}

function disabled(message: string): ImplError {
  return new ImplError('ERR_ACTION_DISABLED', message);
}

/** What a node process can load: a built-in by ID, or a plug-in by module. */
interface LoadableStrategy {
  readonly name: string;
  readonly lbPolicy: SessionStrategy['lbPolicy'];
  readonly plugin?: Required<PluginModule>;
}

function loadable(strategy: SessionStrategy): LoadableStrategy {
  const plugin = pluginModuleOf(strategy);
  if (plugin) return { name: strategy.name, lbPolicy: strategy.lbPolicy, plugin };
  const id = strategyIds.find((s) => s === strategy.name);
  if (!id) throw new ImplError('ERR_BAD_OPTION', `target cluster runs its nodes in other processes, which load a built-in by ID or a plug-in by module: "${strategy.name}" is not a built-in (${strategyIds.join(', ')}) and was not loaded with loadPlugin({ module, export }) (checkStrategy({ module, export }, …) does that)`);
  return { name: id, lbPolicy: strategy.lbPolicy };
}

/** Starts a built-in strategy, or a plug-in loaded by module path, on HAProxy + node processes + redis-server. */
export async function openProcessCluster(strategy: SessionStrategy, options: OpenOptions): Promise<SystemUnderTest> {
  const id = loadable(strategy);
  const keys = await generateKeys(options.jwtAlgorithm);
  const redis = await acquireRedisServer();
  const cluster = new ProcessCluster(id, options, keys, await keysToWire(keys), redis);
  try {
    await cluster.start();
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return new Driver(cluster, (path, init) => cluster.send(path, init), options.scope.users, () => cluster.close());
}
