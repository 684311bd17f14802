/**
 * The embedded store's fast paths (impl/store/embedded.ts) against Redis itself: every store
 * script of the strategies, on generated keyspaces and arguments, gives the same reply (or a
 * script error where Redis gives one) and leaves the same keyspace on the embedded store as on a
 * real redis-server (its own Lua, through ioredis `defineCommand`); and the reused MULTI pipeline
 * runs each transaction once, fails while disconnected, and counts one trip.
 */
import fc from 'fast-check';
import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisServer } from '../../impl/infra/index.ts';
import { requireBinaries, stopEverything } from './helpers.ts';
import { ADD_ITEM, REVOKE_USER as REVOKE_USER_SESSIONS } from '../../impl/strategies/central-store.ts';
import { REVOKE_FAMILY, REVOKE_USER as REVOKE_USER_FAMILIES, ROTATE } from '../../impl/strategies/jwt-refresh.ts';
import { EmbeddedStore } from '../../impl/store/embedded.ts';
import { StoreClient } from '../../impl/store/client.ts';
import { StoreHub } from '../../impl/store/hub.ts';

let instances = 0;
const freshMock = () => new RedisMock({ host: `embedded-test-${++instances}`, port: 6379, enableOfflineQueue: false }) as unknown as Redis;

const ids = ['a', 'b', 'c'];
const num = fc.integer({ min: 0, max: 5 }).map(String);
const sessionHash = fc.record({ user: fc.constantFrom('u0', 'u1'), exp: num, items: fc.integer({ min: 0, max: 3 }).map(String) }, { requiredKeys: ['user', 'exp', 'items'] });
const familyHash = fc.record({ user: fc.constantFrom('u0', 'u1'), exp: num, current: fc.constantFrom('j1', 'j2'), revoked: fc.constantFrom('0', '1') }, { requiredKeys: ['user', 'exp', 'current'] });
const keyspace = fc.record({
  sessions: fc.dictionary(fc.constantFrom(...ids), sessionHash),
  families: fc.dictionary(fc.constantFrom(...ids), familyHash),
  userSessions: fc.uniqueArray(fc.constantFrom(...ids, 'zz')),
  userFamilies: fc.uniqueArray(fc.constantFrom(...ids, 'zz')),
});
type Keyspace = typeof keyspace extends fc.Arbitrary<infer T> ? T : never;

async function load(redis: Redis, space: Keyspace): Promise<void> {
  await redis.flushall();
  for (const [id, hash] of Object.entries(space.sessions)) await redis.hset(`sess:${id}`, hash as Record<string, string>);
  for (const [id, hash] of Object.entries(space.families)) await redis.hset(`fam:${id}`, hash as Record<string, string>);
  if (space.userSessions.length > 0) await redis.sadd('user-sess:u0', ...space.userSessions);
  if (space.userFamilies.length > 0) await redis.sadd('user-fams:u0', ...space.userFamilies);
}

async function dump(redis: Redis): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of (await redis.keys('*')).sort()) {
    const type = await redis.type(key);
    out[key] = type === 'hash' ? await redis.hgetall(key) : type === 'set' ? (await redis.smembers(key)).sort() : await redis.get(key);
  }
  return out;
}

// Redis and fengari word Lua runtime errors differently; that one failed is what must agree.
const settle = (p: Promise<unknown>) => p.then((value) => ({ value }), (error: Error) => ({ error: /ERR|script|attempt to/.test(error.message) ? 'script error' : error.message }));

const scripts = [
  { name: 'central-store addItem', lua: ADD_ITEM, keys: fc.tuple(fc.constantFrom(...ids, 'zz').map((id) => `sess:${id}`)), args: fc.tuple(num, fc.integer({ min: 1, max: 3 }), fc.string({ maxLength: 8 })) },
  { name: 'central-store revoke', lua: REVOKE_USER_SESSIONS, keys: fc.tuple(fc.constantFrom('user-sess:u0', 'user-sess:u1')), args: fc.constant([] as string[]) },
  { name: 'jwt-refresh rotate', lua: ROTATE, keys: fc.tuple(fc.constantFrom(...ids, 'zz').map((id) => `fam:${id}`)), args: fc.tuple(num, fc.constantFrom('j1', 'j2'), fc.constantFrom('j3', 'j4')) },
  { name: 'jwt-refresh revoke family', lua: REVOKE_FAMILY, keys: fc.tuple(fc.constantFrom(...ids, 'zz').map((id) => `fam:${id}`)), args: fc.constant([] as string[]) },
  { name: 'jwt-refresh revoke user', lua: REVOKE_USER_FAMILIES, keys: fc.tuple(fc.constantFrom('user-fams:u0', 'user-fams:u1')), args: fc.constant([] as string[]) },
] as const;

describe('embedded store scripts: compiled once, same replies and keyspace as a real redis-server', () => {
  let server: RedisServer;
  let reference: Redis;
  beforeAll(async () => {
    requireBinaries('redis-server');
    server = await RedisServer.start();
    reference = new Redis(server.url, { lazyConnect: true });
    await reference.connect();
  });
  afterAll(async () => {
    reference?.disconnect();
    await server?.stop();
    await stopEverything();
  });

  for (const script of scripts) {
    it(script.name, async () => {
      reference.defineCommand(`underTest${script.name.replace(/\W/g, '')}`, { numberOfKeys: 1, lua: script.lua });
      const call = (reference as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[`underTest${script.name.replace(/\W/g, '')}`].bind(reference);
      const fastRedis = freshMock();
      const fast = new EmbeddedStore(fastRedis);
      fast.define('underTest', script.lua);
      let scriptRuns = 0;
      await fc.assert(
        fc.asyncProperty(keyspace, script.keys, script.args as fc.Arbitrary<readonly (string | number)[]>, async (space, keys, args) => {
          await load(reference, space);
          await load(fastRedis, space);
          const expected = await settle(call(...keys, ...args));
          const actual = await settle(fast.call('underTest', keys, args));
          expect(actual).toEqual(expected);
          expect(await dump(fastRedis)).toEqual(await dump(reference));
          scriptRuns++;
        }),
        { numRuns: 60, seed: 17 },
      );
      expect(scriptRuns).toBeGreaterThanOrEqual(60);
    });
  }

  // Scripts a plug-in might write: value conversions, status replies, errors and globals, each
  // run on the real redis-server and on the embedded store (twice: nothing may carry over).
  it.each([
    ['a float argument', "redis.call('SET', KEYS[1], 10 / 2) return redis.call('GET', KEYS[1])"],
    ['2^53 as an argument', "redis.call('SET', KEYS[1], 2^53) return redis.call('GET', KEYS[1])"],
    ['HGETALL returned', "redis.call('HSET', KEYS[1], 'a', '1') return redis.call('HGETALL', KEYS[1])"],
    ['a status reply seen by the script', "return type(redis.call('SET', KEYS[1], 'v'))"],
    ['a status reply returned', "return redis.call('SET', KEYS[1], 'v')"],
    ['a nil reply seen by the script', "return tostring(redis.call('GET', 'missing:' .. KEYS[1]))"],
    ['error_reply and status_reply', "if ARGV[1] == 'e' then return redis.error_reply('boom') end return redis.status_reply('FINE')"],
    ['error with an err table', "error({ err = 'boom' })"],
    ['a global write', 'seen = (seen or 0) + 1 return seen'],
    ['a nonexistent global read', 'return notthere'],
    ['pcall of an unknown command', "local r = redis.pcall('NOSUCHCOMMAND') return type(r)"],
  ])('%s: the same reply or error as Redis, every time', async (_name, script) => {
    const name = `edge${Math.random().toString(36).slice(2)}`;
    reference.defineCommand(name, { numberOfKeys: 1, lua: script });
    const fast = new EmbeddedStore(freshMock());
    fast.define(name, script);
    const outcome = (p: Promise<unknown>) => p.then((value) => ({ value }), (error: Error) => ({ error: /boom/.test(error.message) ? 'boom' : 'script error' }));
    for (const argv of [['e'], ['e']]) {
      const expected = await outcome((reference as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name](name, ...argv));
      expect(await outcome(fast.call(name, [name], argv))).toEqual(expected);
    }
  });

  it('a script that fails while running is a script failure on Redis too, not a store outage', async () => {
    const hub = await StoreHub.open({ redisUrl: server.url });
    const client = hub.client();
    client.defineScript('buggy', { numberOfKeys: 1, lua: 'return nil + 1' });
    await expect(client.script('buggy', ['k'], [])).rejects.toThrow(/^a store script failed: ERR user_script/);
    await hub.close();
  });

  it('a script fails on a disconnected connection and works again after reconnecting', async () => {
    const redis = freshMock();
    const fast = new EmbeddedStore(redis);
    fast.define('revoke', REVOKE_FAMILY);
    await redis.hset('fam:a', { user: 'u0', revoked: '0' });
    redis.disconnect();
    await expect(fast.call('revoke', ['fam:a'], [])).rejects.toThrow(/writeable/);
    await redis.connect();
    expect(await redis.hget('fam:a', 'revoked')).toBe('0');
    expect(await fast.call('revoke', ['fam:a'], [])).toBe(1);
    expect(await redis.hget('fam:a', 'revoked')).toBe('1');
  });

  it('an unknown script name and a Lua runtime error are errors, not replies', async () => {
    const fast = new EmbeddedStore(freshMock());
    await expect(fast.call('missing', [], [])).rejects.toThrow(/not defined/);
    fast.define('bad', "return redis.call('NOSUCHCOMMAND', KEYS[1])");
    await expect(fast.call('bad', ['k'], [])).rejects.toThrow(/Unknown Redis command/);
    fast.define('pbad', "local r = redis.pcall('NOSUCHCOMMAND', KEYS[1]); return type(r) == 'table' and r.err or 'no'");
    expect(await fast.call('pbad', ['k'], [])).toMatch(/Unknown Redis command/);
  });

  it('the reused MULTI pipeline runs each transaction once, atomically, and counts one trip', async () => {
    const redis = freshMock();
    const counter = { trips: 0 };
    const client = new StoreClient(redis, counter, new EmbeddedStore(redis));
    for (let i = 0; i < 3; i++) {
      const replies = await client.multi((m) => m.hset(`h${i}`, { a: i }).sadd('s', `m${i}`).expire(`h${i}`, 100));
      expect(replies).toEqual([1, 1, 1]);
    }
    expect(counter.trips).toBe(3);
    expect((await redis.smembers('s')).sort()).toEqual(['m0', 'm1', 'm2']);
    expect(await redis.hget('h2', 'a')).toBe('2');
    redis.disconnect();
    await expect(client.multi((m) => m.hset('x', { a: 1 }))).rejects.toThrow();
    expect(counter.trips).toBe(4);
    await redis.connect();
    expect(await redis.exists('x')).toBe(0);
    expect(await client.multi((m) => m.hset('y', { a: 1 }))).toEqual([1]);
  });
});
