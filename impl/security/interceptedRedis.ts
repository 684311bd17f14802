/**
 * An ioredis connection whose round trips pass through an interceptor. The security checks use
 * it to decide when each command reaches the store (fast-check's scheduler) or to make one fail
 * mid-request (connection error, timeout, reply lost after the write). Nodes see an ordinary
 * connection: the interception sits where the network would.
 */
import type { Redis } from 'ioredis';

/** Sends one command (or one MULTI/EXEC) to the store and resolves with its reply. */
export type Send = () => Promise<unknown>;

/** Decides how one round trip happens; `label` names it (`HMGET sess:…`, `MULTI/EXEC`). */
export type Interceptor = (label: string, send: Send) => Promise<unknown>;

// Commands the strategies issue; scripts defined with defineCommand are recognised by prefix.
const COMMANDS = new Set(['get', 'mget', 'hget', 'hmget', 'hset', 'set', 'del', 'exists', 'sadd', 'smembers', 'expire', 'eval', 'evalsha']);
const SCRIPT_PREFIX = 'sessioncheck';

/**
 * Wraps `redis` so that every round trip goes through `intercept()` (read on each call, so a
 * check can switch interception on and off; `null` sends directly).
 * @example
 * const wrapped = interceptedRedis(redis, () => (label, send) => scheduler.schedule(Promise.resolve(), label).then(send));
 */
export function interceptedRedis(redis: Redis, intercept: () => Interceptor | null): Redis {
  const via = (label: string, send: Send): Promise<unknown> => {
    const current = intercept();
    return current ? current(label, send) : send();
  };
  return new Proxy(redis, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (property === 'multi') {
        return (...args: unknown[]) => {
          const pipeline = fn.apply(target, args) as { exec: () => Promise<unknown> };
          const exec = pipeline.exec.bind(pipeline);
          pipeline.exec = () => via('MULTI/EXEC', exec) as Promise<never>;
          return pipeline;
        };
      }
      if (COMMANDS.has(property) || property.startsWith(SCRIPT_PREFIX)) {
        return (...args: unknown[]) => via(`${property.toUpperCase()} ${String(args[0] ?? '')}`, () => fn.apply(target, args) as Promise<unknown>);
      }
      return fn.bind(target);
    },
  });
}
