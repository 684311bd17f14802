import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../impl/cluster/cluster.ts';
import { InProcessHost } from '../../impl/cluster/host.ts';
import { RedisProcessStore } from '../../impl/infra/index.ts';
import { defaultScope } from '../../model/scope.ts';
import type { NodeContext, SessionStrategy } from '../../impl/strategy.ts';
import type { StoreBackend } from '../../impl/store/backend.ts';
import { StoreHub } from '../../impl/store/hub.ts';
import { requireBinaries, stopEverything } from '../infra/helpers.ts';

/** A plug-in that only hands its nodes' contexts out, so the test can use `ctx.redis` directly. */
function exposing(contexts: NodeContext[]): SessionStrategy {
  return {
    name: 'exposing', lbPolicy: 'round-robin',
    createNode(ctx) {
      contexts.push(ctx);
      return { handle: async () => new Response(null, { status: 404 }), close: async () => {} };
    },
  };
}

async function start(openStore: () => Promise<StoreBackend>): Promise<{ cluster: Cluster; redis: (n: number) => Redis; trips: <T>(f: () => Promise<T>) => Promise<[number, T | unknown]> }> {
  const contexts: NodeContext[] = [];
  const cluster = await Cluster.start({ strategy: exposing(contexts), scope: defaultScope, seed: 1, host: new InProcessHost(), openStore });
  const trips = async <T>(f: () => Promise<T>): Promise<[number, T | unknown]> => {
    const before = cluster.hub.trips;
    const outcome = await f().catch((error: unknown) => error);
    return [cluster.hub.trips - before, outcome];
  };
  return { cluster, redis: (n) => contexts.filter((c) => c.nodeId === n).at(-1)!.redis, trips };
}

// ioredis-mock has no generic `call` (a limit of the mock, not of the counting).
const stores: [string, () => Promise<StoreBackend>, boolean][] = [
  ['the embedded store (ioredis-mock)', () => StoreHub.open(), false],
  ['a real redis-server', () => RedisProcessStore.open({ refuseOtherClients: true }), true],
];

describe.each(stores)('ctx.redis on %s', (_name, openStore, hasCall) => {
  beforeAll(() => requireBinaries('redis-server'));
  afterAll(stopEverything);

  it('is ioredis, counts one round trip per command and one per MULTI or pipeline, on the system\'s tally', async () => {
    const { cluster, redis, trips } = await start(openStore);
    try {
      expect(await trips(() => redis(0).set('sess:a', '1', 'EX', 60))).toEqual([1, 'OK']);
      expect(await trips(() => redis(1).get('sess:a'))).toEqual([1, '1']);
      expect(await trips(() => redis(1).expire('sess:a', 120))).toEqual([1, 1]);
      expect(await trips(() => redis(0).multi().incr('n').incr('n').get('n').exec())).toEqual([1, [[null, 1], [null, 2], [null, '2']]]);
      expect(await trips(() => redis(0).pipeline().del('n').exists('n').exec())).toEqual([1, [[null, 1], [null, 0]]]);
      if (hasCall) expect(await trips(() => redis(0).call('GET', 'sess:a'))).toEqual([1, '1']);
      // connect-redis's all(): SCAN then MGET, two trips.
      expect(await trips(async () => {
        const [, keys] = await redis(1).scan('0', 'MATCH', 'sess:*', 'COUNT', 100);
        return redis(1).mget(keys);
      })).toEqual([2, ['1']]);
      // A callback-style call is one trip too.
      expect(await trips(() => new Promise((resolve, reject) => void redis(0).get('sess:a', (e, v) => (e ? reject(e) : resolve(v)))))).toEqual([1, '1']);
      // The node's commands are on the same store the built-ins' StoreClient and the probes read.
      expect(await cluster.storeKeys()).toEqual(['sess:a']);
      // A duplicate is another connection, counted the same way.
      const other = redis(0).duplicate();
      expect(await trips(() => other.get('sess:a'))).toEqual([1, '1']);
    } finally {
      await cluster.close();
    }
  });

  it('fails every command with ERR_STORE_UNAVAILABLE (counted) while the store is down, and works again with the data after storeUp', async () => {
    const { cluster, redis, trips } = await start(openStore);
    try {
      await redis(0).set('k', 'v');
      const dup = redis(1).duplicate();
      await dup.get('k');
      await cluster.hub.down();
      const attempts: (() => Promise<unknown>)[] = [() => redis(0).get('k'), () => redis(1).multi().set('k', 'w').exec(), () => dup.get('k')];
      for (const attempt of attempts) {
        const [count, error] = await trips(attempt);
        expect(count).toBe(1);
        expect(error).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', status: 503 });
      }
      await cluster.hub.up();
      expect(await trips(() => redis(1).get('k'))).toEqual([1, 'v']);
      expect(await trips(() => dup.get('k'))).toEqual([1, 'v']);
    } finally {
      await cluster.close();
    }
  });

  it('sees a wipe, loses its connection when its node crashes (a restarted node gets a new one), and is refused once the system is closed', async () => {
    const { cluster, redis, trips } = await start(openStore);
    await redis(0).set('k', 'v');
    await cluster.hub.wipe();
    expect(await redis(0).get('k')).toBeNull();
    const before = redis(0);
    await before.set('k', 'v');
    await cluster.crash(0);
    await cluster.restart(0);
    expect(redis(0)).not.toBe(before);
    expect(await trips(() => redis(0).get('k'))).toEqual([1, 'v']);
    const kept = redis(1);
    await cluster.close();
    expect(await kept.get('k').catch((e: unknown) => e)).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });

});

// ioredis-mock answers these commands without the reply errors Redis gives, so this runs on Redis.
describe('ctx.redis on a real redis-server', () => {
  beforeAll(() => requireBinaries('redis-server'));
  afterAll(stopEverything);

  it('passes reply errors (a bug in the caller) through unchanged instead of a 503', async () => {
    const { cluster, redis } = await start(() => RedisProcessStore.open());
    try {
      await redis(0).set('s', 'x');
      const error = await redis(0).incr('s').catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/^ERR value is not an integer/);
      expect(error).not.toHaveProperty('code', 'ERR_STORE_UNAVAILABLE');
    } finally {
      await cluster.close();
    }
  });

  it('refuses (NOAUTH) a connection the harness did not open, also one built from ctx.redis.options, and pools the server without its password', async () => {
    let store: RedisProcessStore | undefined;
    const { cluster, redis } = await start(async () => (store = await RedisProcessStore.open({ refuseOtherClients: true })));
    const port = store!.server.port;
    const own = (options: object) => {
      // No ready check (its INFO would be refused first and end the connection): the command shows the refusal.
      const r = new Redis({ lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, ...options, enableReadyCheck: false });
      r.on('error', () => {});
      return r;
    };
    const stray = [own({ host: '127.0.0.1', port }), own({ ...redis(0).options, lazyConnect: true })];
    try {
      await redis(0).set('k', 'v');
      for (const r of stray) {
        await r.connect();
        expect(((await r.get('k').catch((e: unknown) => e)) as Error).message).toMatch(/^NOAUTH/);
      }
      // Faults keep the password: after a wipe (a restarted server) the nodes still get in, others still do not.
      await cluster.hub.wipe();
      expect(await redis(1).get('k')).toBeNull();
      const late = own({ host: '127.0.0.1', port });
      stray.push(late);
      await late.connect();
      expect(((await late.get('k').catch((e: unknown) => e)) as Error).message).toMatch(/^NOAUTH/);
    } finally {
      for (const r of stray) r.disconnect();
      await cluster.close();
    }
    const admin = await store!.server.admin();
    try {
      expect(await admin.ping()).toBe('PONG');
    } finally {
      admin.disconnect();
    }
  });
});
