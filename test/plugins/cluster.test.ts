/**
 * Plug-ins on target `cluster`: node processes behind HAProxy over a real redis-server, each
 * process loading the plug-in by module path (express-session + connect-redis, examples/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStrategy, defaultScope, EPOCH_BASE, openSystem, parseAction } from '../../index.ts';
import { expressSessionStrategy } from '../../examples/express-session.ts';
import { loadPlugin } from '../../impl/plugins/pluginModule.ts';
import { requireBinaries, stopEverything } from '../infra/helpers.ts';

const expressSession = { module: 'examples/express-session.ts', export: 'expressSessionPlugin' };

/** Node processes boot behind HAProxy per system: on a loaded 2-core machine a test can pass a minute. */
const CLUSTER_TIMEOUT_MS = 240_000;

describe('a plug-in loaded by module path in the node processes of target cluster', () => {
  beforeAll(() => requireBinaries('redis-server', 'haproxy'));
  afterAll(stopEverything);

  it('runs the plug-in in every node process, its ioredis commands counted there and cut with the store', async () => {
    const sut = await openSystem(await loadPlugin(expressSession), { target: 'cluster', scope: defaultScope, seed: 1 });
    try {
      const seen: [string, number, number][] = [];
      for (const a of ['login(u0)', 'whoami(u0)', 'crash(n0)', 'whoami(u0)', 'storeDown()', 'whoami(u0)']) {
        const o = await sut.step(parseAction(a));
        seen.push([a, o.status, o.storeTrips]);
      }
      // The same round trips as in process (test/properties/express-session.test.ts): connect-redis
      // on the node process's own counted connection; the session lives in Redis, not in n0.
      expect(seen).toEqual([
        ['login(u0)', 200, 3], ['whoami(u0)', 200, 2], ['crash(n0)', 200, 0], ['whoami(u0)', 200, 2], ['storeDown()', 200, 0], ['whoami(u0)', 503, 1],
      ]);
    } finally {
      await sut.close();
    }
  }, CLUSTER_TIMEOUT_MS);

  it('under fake time, each node process\'s Date follows the clock sent with the request', async () => {
    const sut = await openSystem(await loadPlugin({ module: 'examples/cookie-session.ts', export: 'cookieSessionPlugin' }), { target: 'cluster', scope: defaultScope, seed: 1, fakeTime: true });
    try {
      await sut.act(parseAction('tick(3600)'));
      // cookie-session's Expires is Date.now() + maxAge (1 h), read in the node process.
      expect((await sut.act(parseAction('login(u0)'))).expires).toBe(EPOCH_BASE + 3600 + 3600);
    } finally {
      await sut.close();
    }
  }, CLUSTER_TIMEOUT_MS);

  it('checkStrategy judges it there', async () => {
    const check = await checkStrategy(expressSession, {
      model: 'central-store', target: 'cluster', runs: 2, seed: 1, fakeTime: false, properties: ['hop.none-per-request', 'failover.sessions-survive'],
    });
    expect(check.errors).toEqual([]);
    const hop = check.results.find((r) => r.property === 'hop.none-per-request');
    expect(hop).toMatchObject({ verdict: 'refuted', counterexample: { actions: ['login(u0)', 'whoami(u0)'] } });
  }, CLUSTER_TIMEOUT_MS);

  it('refuses a strategy object, which no node process could load', async () => {
    await expect(checkStrategy(expressSessionStrategy(), { model: 'central-store', target: 'cluster', runs: 1 })).rejects.toMatchObject({ code: 'ERR_BAD_OPTION' });
  });
});
