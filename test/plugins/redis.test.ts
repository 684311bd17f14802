/**
 * Plug-ins on target `redis` (a real redis-server per system): by module, under fake time, with the
 * properties a real redis-server's clock keeps out of reach said plainly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStrategy } from '../../index.ts';
import { requireBinaries, stopEverything } from '../infra/helpers.ts';

const expressSession = { module: 'examples/express-session.ts', export: 'expressSessionPlugin' };

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
  });
});
