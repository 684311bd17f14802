import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinStrategy } from '../../impl/index.ts';
import { checkConformance } from '../../properties/checkConformance.ts';
import { RedisProcessStore, RedisServer } from '../../impl/infra/index.ts';
import { strategyIds } from '../../model/registry.ts';
import { requireBinaries, stopEverything } from './helpers.ts';

/** The process state letter from /proc (T = stopped by a signal). */
function processState(pid: number): string {
  return /\) (\w) /.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1] ?? '?';
}

/** The state once a signal has been delivered (delivery is asynchronous). */
async function settledState(pid: number, wanted: (state: string) => boolean): Promise<string> {
  for (let i = 0; i < 50 && !wanted(processState(pid)); i++) await new Promise((r) => setTimeout(r, 5));
  return processState(pid);
}

describe('target redis: real redis-server processes', () => {
  beforeAll(() => requireBinaries('redis-server'));
  afterAll(stopEverything);

  it.each(strategyIds)('%s conforms to the model with a real redis-server as its store', async (id) => {
    const result = await checkConformance(builtinStrategy(id), id, { target: 'redis', runs: 12, seed: 6 });
    expect(result.detail ?? '').toBe('');
    expect(result).toMatchObject({ verdict: 'holds', runs: 12 });
  });

  it('storeDown stops the server process (SIGSTOP) and fails commands on the closed connection, not by a timeout; storeUp resumes it with its data', async () => {
    const store = await RedisProcessStore.open();
    try {
      const client = store.client();
      await client.set('k', 'v');
      const pid = store.server.pid!;
      await store.down();
      expect(await settledState(pid, (s) => s === 'T')).toBe('T');
      const failure = await client.get('k').catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
      // Refused by the client because storeDown closed the connection, not after commandTimeout.
      expect(String((failure as Error).cause)).toMatch(/Connection is closed/);
      await store.up();
      expect(await settledState(pid, (s) => s !== 'T')).not.toBe('T');
      expect(await client.get('k')).toBe('v');
      expect(store.trips).toBe(3); // the failed attempt counts, as in the model
    } finally {
      await store.close();
    }
  });

  it('storeWipe SIGKILLs the server and restarts it empty on the same port', async () => {
    const store = await RedisProcessStore.open();
    try {
      const client = store.client();
      await client.set('k', 'v');
      const [pid, port] = [store.server.pid, store.server.port];
      await store.wipe();
      expect(store.server.pid).not.toBe(pid);
      expect(store.server.port).toBe(port);
      expect(await client.get('k')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('a write sent to a paused Redis is applied when it resumes, although the client timed out (why storeDown closes the connection first)', async () => {
    const server = await RedisServer.start();
    const redis = new Redis({ host: '127.0.0.1', port: server.port, commandTimeout: 100, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    try {
      await redis.ping(); // connected before the pause, so the write goes out on the socket
      server.pause();
      await expect(redis.set('late', 'applied')).rejects.toThrow(/timed out/);
      redis.disconnect();
      server.resume();
      const admin = await server.admin();
      expect(await admin.get('late')).toBe('applied');
      admin.disconnect();
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });

  it('binds 127.0.0.1 only, without persistence', async () => {
    const server = await RedisServer.start();
    const admin = await server.admin();
    try {
      expect(await admin.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
      expect(await admin.config('GET', 'save')).toEqual(['save', '']);
      expect(await admin.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    } finally {
      admin.disconnect();
      await server.stop();
    }
  });
});
