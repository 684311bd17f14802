/**
 * The `WAIT 1 <timeout>` variant of store writes: a write is acknowledged only once one replica
 * has it. Applied to the store connection itself, so strategies stay unchanged: every write
 * (SET, DEL, HSET, a MULTI's EXEC, a script call) is followed by `WAIT 1 timeout`, and a write no
 * replica confirmed in time fails — the node answers 503, the write is not acknowledged. (It may
 * still be on the primary: WAIT makes acknowledged writes durable, it does not roll back.)
 * The WAIT is a second round trip the trip counter does not see: the failover check compares
 * status and user only.
 */
import type { ChainableCommander, Redis } from 'ioredis';

type AnyFn = (...args: unknown[]) => Promise<unknown>;

/** Thrown when no replica confirmed a write in time. */
export class NotReplicatedError extends Error {
  readonly code = 'ERR_NOT_REPLICATED';
  constructor(timeoutMs: number) {
    super(`no replica acknowledged the write within ${timeoutMs} ms (WAIT 1 ${timeoutMs})`);
    this.name = 'NotReplicatedError';
  }
}

/** Makes every write on `redis` wait for one replica (mutates the connection object). */
export function acknowledgeAfterReplication(redis: Redis, timeoutMs: number): void {
  const confirm = async <T>(result: T): Promise<T> => {
    const replicas = await redis.wait(1, timeoutMs);
    if (replicas < 1) throw new NotReplicatedError(timeoutMs);
    return result;
  };
  const target = redis as unknown as Record<string, AnyFn>;
  for (const name of ['set', 'del', 'hset']) {
    const original = target[name].bind(redis);
    target[name] = async (...args) => confirm(await original(...args));
  }
  const multi = redis.multi.bind(redis) as (...args: unknown[]) => ChainableCommander;
  target.multi = ((...args: unknown[]) => {
    const chain = multi(...args);
    const exec = chain.exec.bind(chain);
    chain.exec = (async () => confirm(await exec())) as typeof chain.exec;
    return chain;
  }) as unknown as AnyFn;
  // Scripts (atomic updates) become methods when defined; wrap each as it is defined.
  const defineCommand = redis.defineCommand.bind(redis);
  redis.defineCommand = (name, definition) => {
    defineCommand(name, definition);
    const original = target[name].bind(redis);
    target[name] = async (...args) => confirm(await original(...args));
  };
}
