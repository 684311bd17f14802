/**
 * A running system: nodes of one strategy behind the balancer, the shared store, the clock and
 * the keys, plus the faults of the model as real effects: a crash closes a node and its memory
 * is gone; restart and addNode start empty nodes; drain takes a node out of rotation, restarts it
 * empty and puts it back; store faults cut, restore or FLUSHALL the store; tick moves the clock.
 */
import type { Scope } from '../../model/index.ts';
import { ManualClock } from '../clock.ts';
import { ImplError } from '../errors.ts';
import { generateKeys, type JwtAlgorithm, type KeyMaterial } from '../jwt/keys.ts';
import type { Faker } from '@faker-js/faker';
import { acquireFaker, releaseFaker } from '../session/data.ts';
import type { StoreBackend } from '../store/backend.ts';
import type { NodeRedis } from '../store/nodeConnections.ts';
import { StoreHub } from '../store/hub.ts';
import type { PeerNode, SessionNode, SessionStrategy } from '../strategy.ts';
import { affinityFromCookieHeader, Balancer } from './balancer.ts';
import type { NodeHost } from './host.ts';

/** Options of {@link Cluster.start}. */
export interface ClusterOptions {
  readonly strategy: SessionStrategy;
  readonly scope: Scope;
  readonly seed: number;
  readonly host: NodeHost;
  readonly redisUrl?: string;
  readonly jwtAlgorithm?: JwtAlgorithm;
  /** Opens the shared store (default: a {@link StoreHub} on `redisUrl` or an embedded mock). */
  readonly openStore?: () => Promise<StoreBackend>;
  /** Unexpected errors reported by nodes; they are also kept in `cluster.errors`. */
  readonly log?: (message: string, error?: unknown) => void;
}

interface Slot {
  up: boolean;
  incarnation: number;
  node: SessionNode | null;
  peer: PeerNode | null;
  /** The incarnation's faker (pooled; released when the node halts). */
  faker: Faker | null;
  /** The incarnation's own store connections (`ctx.redis`), if it used them; closed when it halts. */
  redis: NodeRedis | null;
}

/** One system under test, independent of how requests reach it. */
export class Cluster {
  readonly clock = new ManualClock();
  readonly balancer: Balancer;
  /** Unexpected errors nodes reported (a conforming run leaves this empty). */
  readonly errors: { message: string; error?: unknown }[] = [];
  private readonly slots: Slot[] = [];

  private constructor(private readonly options: ClusterOptions, readonly hub: StoreBackend, readonly keys: KeyMaterial) {
    this.balancer = new Balancer(options.strategy.lbPolicy, {
      count: () => this.slots.length,
      isLive: (n) => this.slots[n]?.up === true,
    });
  }

  /** Opens the store and starts `scope.nodes` nodes. */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const hub = options.openStore ? await options.openStore() : await StoreHub.open({ redisUrl: options.redisUrl });
    const cluster = new Cluster(options, hub, await generateKeys(options.jwtAlgorithm));
    for (let i = 0; i < options.scope.nodes; i++) await cluster.addNode();
    return cluster;
  }

  /** Number of nodes ever added (live or not). */
  get size(): number {
    return this.slots.length;
  }

  /** Whether node `n` is in rotation. */
  isLive(n: number): boolean {
    return this.slots[n]?.up === true;
  }

  /** How to reach node `n` directly (not through the balancer). */
  peer(n: number): PeerNode | null {
    return this.slots[n]?.up ? this.slots[n].peer : null;
  }

  /** Per-client records each node holds in memory (0 for down nodes); null when a node does not report it. */
  localSessionCounts(): number[] | null {
    const counts: number[] = [];
    for (const s of this.slots) {
      if (!s.up || !s.node) counts.push(0);
      else if (typeof s.node.localSessionCount !== 'function') return null;
      else counts.push(s.node.localSessionCount());
    }
    return counts;
  }

  /** Nodes in rotation, in index order. */
  liveNodes(): number[] {
    return this.slots.flatMap((s, n) => (s.up ? [n] : []));
  }

  /** A request straight to node `n` (a probe: not through the balancer); null when it is down. */
  async probe(n: number, path: string, init: RequestInit): Promise<Response | null> {
    const peer = this.peer(n);
    return peer === null ? null : peer.send(new Request(`http://sessioncheck.internal${path}`, init));
  }

  /** The store's keys, read without counting; null when it cannot be read. */
  async storeKeys(): Promise<string[] | null> {
    return this.hub.keys ? this.hub.keys() : null;
  }

  /** The in-process balancer: route, let the node answer, add the balancer's headers. */
  async dispatch(request: Request): Promise<Response> {
    const node = this.balancer.pick(affinityFromCookieHeader(request.headers.get('cookie')));
    const peer = node === null ? null : this.peer(node);
    if (node === null || peer === null) return new Response('{"error":"ERR_NO_LIVE_NODE"}', { status: 503 });
    const response = await peer.send(request);
    const added = this.balancer.responseHeaders(node);
    try {
      for (const [name, value] of added) response.headers.append(name, value);
      return response;
    } catch {
      // Immutable headers (e.g. a Response from fetch): copy it, the slower way.
      const headers = new Headers(response.headers);
      for (const [name, value] of added) headers.append(name, value);
      return new Response(response.body, { status: response.status, headers });
    }
  }

  /** Scale out by one empty node. */
  async addNode(): Promise<void> {
    if (this.slots.length >= this.options.scope.maxNodes) throw disabled(`addNode: already ${this.slots.length} nodes (scope.maxNodes)`);
    this.slots.push({ up: false, incarnation: 0, node: null, peer: null, faker: null, redis: null });
    await this.boot(this.slots.length - 1);
  }

  /** The node dies: out of rotation, closed, its memory gone. Refused if no node would be left. */
  async crash(n: number): Promise<void> {
    if (!this.isLive(n)) throw disabled(`crash(n${n}): node is not up`);
    if (this.slots.filter((s) => s.up).length < 2) throw disabled(`crash(n${n}): it is the last live node`);
    await this.halt(n);
  }

  /** A crashed node comes back empty. */
  async restart(n: number): Promise<void> {
    if (!this.slots[n] || this.slots[n].up) throw disabled(`restart(n${n}): node is not down`);
    await this.boot(n);
  }

  /** Rolling-deploy step: stop routing to n, restart it empty, resume routing. */
  async drain(n: number): Promise<void> {
    if (!this.isLive(n)) throw disabled(`drain(n${n}): node is not up`);
    if (this.slots.filter((s) => s.up).length < 2) throw disabled(`drain(n${n}): it is the last live node`);
    await this.halt(n);
    await this.boot(n);
  }

  /** Stops every node and the store. */
  async close(): Promise<void> {
    for (let n = 0; n < this.slots.length; n++) if (this.slots[n].node) await this.halt(n);
    await this.options.host.close();
    await this.hub.close();
  }

  private async boot(n: number): Promise<void> {
    const slot = this.slots[n];
    slot.incarnation += 1;
    const store = this.hub.client();
    const log = (message: string, error?: unknown): void => {
      this.errors.push({ message: `n${n}: ${message}`, error });
      this.options.log?.(`n${n}: ${message}`, error);
    };
    slot.faker = acquireFaker(mixSeed(this.options.seed, n, slot.incarnation));
    const hub = this.hub;
    const node = await this.options.strategy.createNode({
      nodeId: n,
      store,
      // Opened on first use: the built-ins never read it, and an embedded connection costs ~0.5 ms.
      get redis() {
        slot.redis ??= hub.nodeRedis();
        return slot.redis.redis;
      },
      clock: this.clock,
      keys: this.keys,
      scope: this.options.scope,
      faker: slot.faker,
      seed: this.options.seed,
      peers: () => this.slots.flatMap((s, i) => (i !== n && s.up && s.peer ? [s.peer] : [])),
      log,
    });
    slot.node = node;
    slot.peer = await this.options.host.attach(n, node);
    slot.up = true;
  }

  private async halt(n: number): Promise<void> {
    const slot = this.slots[n];
    slot.up = false;
    await this.options.host.detach(n);
    await slot.node?.close();
    await slot.redis?.close();
    slot.redis = null;
    if (slot.faker) releaseFaker(slot.faker);
    slot.node = null;
    slot.peer = null;
    slot.faker = null;
  }
}

function disabled(message: string): ImplError {
  return new ImplError('ERR_ACTION_DISABLED', message);
}

/** A faker seed per (run seed, node, incarnation), so restarted nodes do not repeat data. */
export function mixSeed(seed: number, node: number, incarnation: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (node + 1) ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ incarnation ^ (h >>> 16), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}
