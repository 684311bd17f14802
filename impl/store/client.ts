/**
 * The store client a node uses: a thin wrapper over one ioredis connection that counts round
 * trips where they happen (a command, a MULTI/pipeline exec, or a script call is one; a failed
 * attempt counts too, as in the model) and turns every store failure into a 503.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors.ts';
import type { EmbeddedStore } from './embedded.ts';
import type { Latency } from './latency.ts';

/** Where round trips are tallied (the hub shares one counter across all nodes' connections). */
export interface TripCounter {
  trips: number;
  /**
   * True once the store's owner has let it go (its system closed): a client that is still
   * around (a late request of a closed system) then fails like an unreachable store instead of
   * writing into a store that a pool may have handed to another system.
   */
  readonly released?: boolean;
  /**
   * A wait before each round trip is sent (the harness sets one while a concurrent batch runs, so
   * its requests interleave at the store: `latency.ts`); none otherwise.
   */
  latency?: Latency | null;
}

/** A Lua script registered under a name (EVALSHA on a real Redis, a VM on ioredis-mock). */
export interface ScriptDefinition {
  readonly numberOfKeys: number;
  readonly lua: string;
}

type ScriptFn = (...keysThenArgs: (string | number)[]) => Promise<unknown>;

/** One node's connection to the shared store. Every method is exactly one round trip. */
export class StoreClient {
  constructor(
    /** The ioredis connection (ioredis-mock by default). */
    readonly redis: Redis,
    private readonly counter: TripCounter,
    /** The embedded store's fast paths (scripts, MULTI), when `redis` is a pooled ioredis-mock. */
    private readonly embedded?: EmbeddedStore,
  ) {}

  /** Registers a script on this connection; call it with {@link StoreClient.script}. */
  defineScript(name: string, definition: ScriptDefinition): void {
    if (this.counter.released) throw new StoreUnavailableError(new Error('the store was released (its system is closed)'));
    if (this.embedded) return this.embedded.define(name, definition.lua);
    this.redis.defineCommand(name, { numberOfKeys: definition.numberOfKeys, lua: definition.lua });
  }

  /** GET. */
  get(key: string): Promise<string | null> {
    return this.trip(() => this.redis.get(key));
  }

  /** MGET: several keys, one round trip. */
  mget(keys: readonly string[]): Promise<(string | null)[]> {
    return this.trip(() => this.redis.mget(...keys));
  }

  /** HMGET: several fields of one hash, one round trip. */
  hmget(key: string, fields: readonly string[]): Promise<(string | null)[]> {
    return this.trip(() => this.redis.hmget(key, ...fields));
  }

  /** HSET of several fields. */
  async hset(key: string, fields: Record<string, string | number>): Promise<void> {
    await this.trip(() => this.redis.hset(key, fields));
  }

  /**
   * SET, with a real TTL as a safety net when given (logical expiry lives inside the value);
   * without one the key persists (revocation epochs must outlive every token).
   */
  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    await this.trip(() => (ttlSeconds === undefined ? this.redis.set(key, value) : this.redis.set(key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds)))));
  }

  /** DEL. */
  async del(key: string): Promise<void> {
    await this.trip(() => this.redis.del(key));
  }

  /** A MULTI/EXEC transaction built by `build`: atomic, one round trip. */
  multi(build: (m: ChainableCommander) => ChainableCommander): Promise<unknown[]> {
    return this.trip(async () => {
      const results = await build(this.embedded ? this.embedded.multi() : this.redis.multi()).exec();
      if (results === null) throw new Error('transaction aborted');
      return results.map(([err, value]) => {
        if (err) throw err;
        return value;
      });
    });
  }

  /** Calls a script registered with {@link StoreClient.defineScript}: atomic, one round trip. */
  script(name: string, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const embedded = this.embedded;
    if (embedded) {
      // An undefined script is the caller's mistake, not a store outage: no trip, no 503.
      if (!embedded.has(name)) throw new TypeError(`store script "${name}" was not defined on this connection`);
      return this.trip(() => embedded.call(name, keys, args));
    }
    const fn = (this.redis as unknown as Record<string, ScriptFn>)[name];
    if (typeof fn !== 'function') throw new TypeError(`store script "${name}" was not defined on this connection`);
    return this.trip(() => fn.call(this.redis, ...keys, ...args));
  }

  /** Counts the attempt first: a request that could not reach the store still made the trip. */
  private async trip<T>(attempt: () => Promise<T>): Promise<T> {
    this.counter.trips += 1;
    if (this.counter.released) throw new StoreUnavailableError(new Error('the store was released (its system is closed)'));
    const latency = this.counter.latency;
    if (latency) await latency();
    try {
      return await attempt();
    } catch (cause) {
      // A store script that fails while running is a bug in the script, not an outage: it
      // surfaces as an unexpected error (the node logs it) instead of a quiet 503.
      if (isScriptFailure(cause)) throw new Error(`a store script failed: ${(cause as Error).message}`, { cause });
      throw new StoreUnavailableError(cause);
    }
  }
}

/**
 * A script's own runtime error, from the embedded engine or from Redis 7 (`ERR user_script:…`,
 * `ERR Error running script …`). Deliberately narrow: other error replies (LOADING, READONLY,
 * MASTERDOWN, …) mean the store cannot serve now, which is an outage (503).
 */
function isScriptFailure(error: unknown): boolean {
  return error instanceof Error && /^ERR (user_script:|Error running script)/.test(error.message);
}
