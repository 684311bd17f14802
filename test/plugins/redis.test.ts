/**
 * Plug-ins on target `redis` (a real redis-server per system): by module, under fake time, with the
 * properties a real redis-server's clock keeps out of reach said plainly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStrategy } from '../../index.ts';
import { requireBinaries, stopEverything } from '../infra/helpers.ts';

const expressSession = { module: 'examples/express-session.ts', export: 'expressSessionPlugin' };
const cookieSession = { module: 'examples/cookie-session.ts', export: 'cookieSessionPlugin' };

/** Each system starts processes (and redis-servers): on a loaded 2-core machine a test can pass a minute. */
const TIMEOUT_MS = 180_000;

describe('a plug-in by module on target redis', () => {
  beforeAll(() => requireBinaries('redis-server'));
  afterAll(stopEverything);

  it('runs under fake time over a real redis-server, and leaves the expiry properties undecided there', async () => {
    // express-session declares capabilities.wallClock: by module, fake time is on (each system in a process of its own).
    const check = await checkStrategy(expressSession, {
      model: 'central-store', target: 'redis', runs: 3, seed: 1, properties: ['hop.none-per-request', 'safety.expiry', 'revocation.bounded'],
    });
    expect(check.errors).toEqual([]);
    const byId = Object.fromEntries(check.results.map((r) => [r.property, r]));
    expect(byId['hop.none-per-request']).toMatchObject({ verdict: 'refuted', counterexample: { actions: ['login(u0)', 'whoami(u0)'] } });
    // Redis keeps real TTLs while the plug-in's Date moves with tick: a session left to Redis to expire
    // would look accepted after its expiry (measured: refuted at login(u0), tick(3600), whoami(u0)).
    for (const id of ['safety.expiry', 'revocation.bounded']) {
      expect(byId[id]).toMatchObject({ verdict: 'n/a', runs: 0 });
      expect(byId[id].note).toMatch(/redis-server's TTLs do not/);
    }
  }, TIMEOUT_MS);

  it('checks store.failover-durable on a real primary and replica: express-session loses a session acknowledged while the replica lagged', async () => {
    const check = await checkStrategy(expressSession, { model: 'central-store', target: 'redis', runs: 8, seed: 1, properties: ['store.failover-durable'] });
    expect(check.errors).toEqual([]);
    const result = check.results.find((r) => r.property === 'store.failover-durable')!;
    expect(result).toMatchObject({ verdict: 'refuted', counterexample: { actions: ['replicaLags()', 'login(u0)', 'failover()', 'whoami(u0)'] } });
    expect(result.counterexample!.detail).toMatch(/a session acknowledged before the failover is gone/);
    expect(result.witnessed).toBeGreaterThan(0);
  }, TIMEOUT_MS);

  it('finds nothing at risk in a failover for a plug-in that keeps nothing in Redis (cookie-session): vacuous, never holds', async () => {
    const check = await checkStrategy(cookieSession, { model: 'jwt', target: 'redis', runs: 4, seed: 1, properties: ['store.failover-durable'] });
    expect(check.results.find((r) => r.property === 'store.failover-durable')).toMatchObject({ verdict: 'vacuous', witnessed: 0 });
  }, TIMEOUT_MS);

  it('says which target decides store.failover-durable when asked on another', async () => {
    const check = await checkStrategy(cookieSession, { model: 'jwt', target: 'impl', runs: 1, seed: 1, properties: ['store.failover-durable'] });
    expect(check.results.find((r) => r.property === 'store.failover-durable')).toMatchObject({ verdict: 'n/a' });
    expect(check.results.find((r) => r.property === 'store.failover-durable')!.note).toMatch(/check it with target 'redis'/);
  }, TIMEOUT_MS);
});
