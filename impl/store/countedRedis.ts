/**
 * An ioredis client handed to a plug-in as it is (ioredis-mock on the embedded store, ioredis on a
 * real Redis), seen through a Proxy that counts its round trips on the system's tally and fails
 * closed: every command is one round trip, a pipeline or MULTI is one at `exec()`, and a command
 * the store cannot serve (the harness cut the store off, the connection failed, the system was
 * closed) rejects with {@link StoreUnavailableError} (503) carrying ioredis's own error as `cause`.
 *
 * Nothing is re-implemented: the command runs in ioredis (or ioredis-mock) on a connection of its
 * own, so third-party code (connect-redis, rate limiters, …) sees the client it expects, and its
 * reply errors (`WRONGTYPE`, a script's `ERR …`) reach it unchanged — those are bugs, not outages.
 */
import { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors.ts';
import type { TripCounter } from './client.ts';

/** What the counting view needs from whoever owns the connection. */
export interface CountedRedisHooks {
  /** Where round trips are tallied (the system's counter; `released` fails every command). */
  readonly counter: TripCounter;
  /** Why the store cannot be reached now (the harness's outage), or null when it can. */
  blocked(): string | null;
  /** Readies the raw connection before a command (a lazy connection connects on first use). */
  ready(raw: Redis): Promise<void>;
  /** Another connection to the same store, counted on the same tally (`redis.duplicate()`). */
  duplicate(): Redis;
  /** The plug-in closed the connection (`quit()` / `disconnect()`): the owner stops reviving it. */
  closed(raw: Redis): void;
}

/** Every command name ioredis knows (lower case), read from ioredis itself. */
const builtinCommands = new Set<string>(Redis.prototype.getBuiltinCommands.call(null as never));

/** Calls that open a batch: nothing is sent until the batch's `exec()`, which is one round trip. */
const BATCHES = new Set(['multi', 'pipeline']);

/** Calls that end the connection: handled here (uncounted), so the owner knows not to revive it. */
const ENDINGS = new Set(['quit', 'disconnect']);

/** Reply errors that mean "your command is wrong", not "the store is away": passed on unchanged. */
const COMMAND_ERROR = /^(ERR|WRONGTYPE|NOSCRIPT|EXECABORT|NOAUTH|WRONGPASS|NOPERM|BUSYKEY|OOM)\b/;

/**
 * Wraps `raw` (an ioredis or ioredis-mock connection) so that every command counts one trip.
 * @example
 * const redis = countedRedis(raw, hooks);
 * await redis.get('sess:abc');                      // 1 trip
 * await redis.multi().set('a', '1').get('a').exec(); // 1 trip
 */
export function countedRedis(raw: Redis, hooks: CountedRedisHooks): Redis {
  const customCommands = new Set<string>();
  const proxy: Redis = new Proxy(raw, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      // A library that builds its own connection from `client.options` gets no password: refused.
      if (property === 'options' && typeof value === 'object' && value !== null && 'password' in value) return { ...value, password: undefined };
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      if (property === 'duplicate') return () => hooks.duplicate();
      if (property === 'defineCommand') {
        return (name: string, definition: unknown) => {
          customCommands.add(name);
          return (value as (...a: unknown[]) => unknown).call(target, name, definition);
        };
      }
      if (ENDINGS.has(property)) {
        return (...args: unknown[]) => {
          hooks.closed(target);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (BATCHES.has(property)) return (...args: unknown[]) => countedBatch((value as (...a: unknown[]) => object).apply(target, args), target, hooks);
      if (isCommand(property, customCommands)) return (...args: unknown[]) => trip(target, hooks, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args), args);
      // Helpers (scanStream, …) run with the proxy as `this`, so the commands they send are counted.
      return value;
    },
  });
  return proxy;
}

function isCommand(name: string, custom: ReadonlySet<string>): boolean {
  if (name === 'call' || name === 'callBuffer' || name === 'sendCommand') return true;
  const base = name.endsWith('Buffer') ? name.slice(0, -'Buffer'.length) : name;
  return custom.has(base) || (builtinCommands.has(base.toLowerCase()) && !BATCHES.has(base) && !ENDINGS.has(base) && base !== 'exec');
}

/** A MULTI or pipeline: queued commands are free, `exec()` is the round trip. */
function countedBatch(batch: object, raw: Redis, hooks: CountedRedisHooks): object {
  const view: object = new Proxy(batch, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'exec') return (...args: unknown[]) => trip(raw, hooks, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args), args);
      // Queueing methods return the batch itself; keep the caller on the counting view.
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result === target ? view : result;
      };
    },
  });
  return view;
}

type Callback = (error: unknown, result?: unknown) => void;

/**
 * One round trip: counted first (a request that could not reach the store still made the trip,
 * as in the model), refused while the store is cut off or released, failures of the connection
 * turned into {@link StoreUnavailableError}. A trailing callback (ioredis's other calling style)
 * gets the same outcome.
 */
function trip(raw: Redis, hooks: CountedRedisHooks, send: () => Promise<unknown>, args: unknown[]): Promise<unknown> {
  const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as Callback) : null;
  const outcome = (async () => {
    hooks.counter.trips += 1;
    if (hooks.counter.released) throw new StoreUnavailableError(new Error('the store was released (its system is closed)'));
    const blocked = hooks.blocked();
    if (blocked !== null) throw new StoreUnavailableError(new Error(blocked));
    const latency = hooks.counter.latency;
    if (latency) await latency();
    try {
      await hooks.ready(raw);
      return await send();
    } catch (error) {
      if (error instanceof Error && COMMAND_ERROR.test(error.message)) throw error;
      throw new StoreUnavailableError(error);
    }
  })();
  if (callback === null) return outcome;
  outcome.then((result) => callback(null, result), (error: unknown) => callback(error));
  return outcome.catch(() => undefined);
}
