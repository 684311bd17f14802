/**
 * How node connections ({@link NodeConnections}) are opened and ended on each kind of store: a
 * duplicate of the embedded ioredis-mock connection (same keyspace), or a new ioredis connection
 * to a real Redis that fails fast instead of queueing or retrying (fail closed).
 */
import { Redis } from 'ioredis';
import type { ConnectionFactory } from './nodeConnections.ts';

/** Node connections sharing the keyspace of an embedded (ioredis-mock) connection. */
export function embeddedConnections(hubConnection: Redis): ConnectionFactory {
  const connected = (raw: Redis) => (raw as unknown as { connected?: boolean }).connected !== false;
  return {
    open: () => hubConnection.duplicate(),
    connect: async (raw) => {
      if (!connected(raw)) await raw.connect();
    },
    end: async (raw) => {
      if (connected(raw)) raw.disconnect();
    },
  };
}

/** Where a real Redis is: read at every (re)connect, so a failover can re-point it. */
export type RedisAddress = () => { readonly host: string; readonly port: number; readonly db?: number; readonly username?: string; readonly password?: string };

/** The address in a `redis://[user:password@]host:port[/db]` URL. */
export function addressOf(url: string): ReturnType<RedisAddress> {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname, port: Number(u.port || 6379), ...(db === undefined ? {} : { db }),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}), ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/** Node connections to a real Redis. */
export function realConnections(address: RedisAddress, commandTimeoutMs = 1000): ConnectionFactory {
  const pending = new WeakMap<Redis, Promise<void>>();
  return {
    open: () => {
      const raw = new Redis({
        ...address(), lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: commandTimeoutMs, retryStrategy: () => null,
      });
      raw.on('error', () => {}); // failures surface as rejected commands (503), not as process errors
      return raw;
    },
    connect: (raw) => {
      if (raw.status === 'ready') return Promise.resolve();
      let connecting = pending.get(raw);
      if (!connecting) {
        Object.assign(raw.options, address()); // the connector reads this object on connect
        connecting = raw.connect().finally(() => pending.delete(raw));
        pending.set(raw, connecting);
      }
      return connecting;
    },
    end: (raw) => endConnection(raw),
  };
}

/** Closes a connection and waits until ioredis says it ended (so `connect()` may follow). */
export async function endConnection(redis: Redis): Promise<void> {
  if (redis.status === 'end' || redis.status === 'wait') return;
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<void>((resolve) => {
    redis.once('end', () => resolve());
    timer = setTimeout(resolve, 2000); // never hang a run on a lost event
  });
  redis.disconnect();
  await ended;
  clearTimeout(timer);
}
