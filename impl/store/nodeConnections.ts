/**
 * The nodes' own ioredis connections to a system's store (`NodeContext.redis`), owned by the
 * store backend so its faults act on them for real: `cut()` (the harness's `storeDown`)
 * disconnects every one, and commands are refused until `restore()` reconnects them; a wipe is
 * the backend's FLUSHALL, which they see because they share its keyspace (one ioredis-mock
 * keyspace, or the same redis-server). Every connection counts its round trips on the backend's
 * tally ({@link countedRedis}); `duplicate()` opens another one, counted the same way.
 */
import type { Redis } from 'ioredis';
import { countedRedis } from './countedRedis.ts';
import type { TripCounter } from './client.ts';

/** One node's connection(s), closed together when the node halts. */
export interface NodeRedis {
  /** The counted client the node sees (`ctx.redis`). */
  readonly redis: Redis;
  /** Closes this node's connections (the one given and its duplicates). */
  close(): Promise<void>;
}

/** How a backend opens and ends raw connections. */
export interface ConnectionFactory {
  /** A new raw connection to the store (lazy: it connects on first use or on `restore()`). */
  open(): Redis;
  /** Connects `raw` if it is not connected (no-op for ioredis-mock). */
  connect(raw: Redis): Promise<void>;
  /** Ends `raw` and waits until it has ended. */
  end(raw: Redis): Promise<void>;
}

/** Every node connection of one store backend. */
export class NodeConnections {
  /** Connections that have connected at least once and not been closed by their node. */
  private readonly live = new Set<Redis>();
  private cutOff = false;
  private released = false;

  constructor(private readonly counter: TripCounter, private readonly factory: ConnectionFactory) {}

  /** A node's counted client; nothing connects until its first command. */
  forNode(): NodeRedis {
    const mine = new Set<Redis>();
    const open = (): Redis => {
      const raw = this.factory.open();
      mine.add(raw);
      return countedRedis(raw, {
        counter: this.counter,
        blocked: () => (this.released ? 'the store was released (its system is closed)' : this.cutOff ? 'the store is unreachable (the harness took it down)' : null),
        ready: async (r) => {
          await this.factory.connect(r);
          this.live.add(r);
        },
        duplicate: open,
        closed: (r) => {
          this.live.delete(r);
          mine.delete(r);
        },
      });
    };
    const redis = open();
    return {
      redis,
      close: async () => {
        const all = [...mine];
        mine.clear();
        for (const raw of all) this.live.delete(raw);
        await Promise.all(all.map((raw) => this.factory.end(raw)));
      },
    };
  }

  /** The store becomes unreachable: every node connection is ended, commands are refused. */
  async cut(): Promise<void> {
    this.cutOff = true;
    await Promise.all([...this.live].map((raw) => this.factory.end(raw)));
  }

  /** The store is reachable again: connections that were in use reconnect. */
  async restore(): Promise<void> {
    if (!this.cutOff) return;
    await Promise.all([...this.live].map((raw) => this.factory.connect(raw)));
    this.cutOff = false;
  }

  /** The system is closed: every connection ends and stays refused. */
  async release(): Promise<void> {
    this.released = true;
    const all = [...this.live];
    this.live.clear();
    await Promise.all(all.map((raw) => this.factory.end(raw)));
  }
}
