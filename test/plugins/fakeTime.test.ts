/**
 * Fake time for plug-ins that read wall time: each system runs in a process of its own whose
 * `Date` follows the harness's clock (impl/plugins/remoteSystem.ts), so their expiry is judged.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkStrategy, defaultScope, loadPlugin, openSystem, parseAction, EPOCH_BASE } from '../../index.ts';
import { cookieSessionStrategy } from '../../examples/cookie-session.ts';
import { stopIdleProcesses } from '../../impl/infra/index.ts';
import { stickyWallClock } from '../mutants/node-memory.ts';

const cookieSession = { module: 'examples/cookie-session.ts', export: 'cookieSessionPlugin' };
const verdict = (check: Awaited<ReturnType<typeof checkStrategy>>, id: string) => check.results.find((r) => r.property === id);

/** Each system starts processes (and redis-servers): on a loaded 2-core machine a test can pass a minute. */
const TIMEOUT_MS = 180_000;

describe('a plug-in under fake time', () => {
  afterAll(stopIdleProcesses);

  it('sees the harness clock in Date: a cookie it issues after tick(3600) expires an hour later', async () => {
    const sut = await openSystem(await loadPlugin(cookieSession), { target: 'impl', scope: defaultScope, seed: 1, fakeTime: true });
    try {
      await sut.act(parseAction('tick(3600)'));
      const login = await sut.act(parseAction('login(u0)'));
      // cookie-session's Expires is Date.now() + maxAge (1 h), in the system process's Date.
      expect(login.expires).toBe(EPOCH_BASE + 3600 + 3600);
      expect(Date.now()).toBeGreaterThan((EPOCH_BASE + 365 * 24 * 3600) * 1000); // this process's Date is real
    } finally {
      await sut.close();
    }
  }, TIMEOUT_MS);

  it('flags cookie-session by safety.expiry: the server never checks the cookie\'s expiry, only the browser does', async () => {
    // By module and declaring capabilities.wallClock: fake time is on by default, and programs tick.
    const check = await checkStrategy(cookieSession, { model: 'jwt', runs: 10, seed: 1, properties: ['safety.expiry'] });
    expect(check.errors).toEqual([]);
    expect(verdict(check, 'safety.expiry')).toMatchObject({ verdict: 'refuted', counterexample: { actions: ['login(u1)', 'login(u1)', 'tick(3600)', 'replayStolen(u1)'] } });
    // As an object it cannot be isolated: its clock-bound properties stay n/a.
    const asObject = await checkStrategy(cookieSessionStrategy(), { model: 'jwt', runs: 1, seed: 1, properties: ['safety.expiry'] });
    expect(verdict(asObject, 'safety.expiry')).toMatchObject({ verdict: 'n/a' });
  }, TIMEOUT_MS);

  it('makes a mutant that reads Date.now() its base again: sticky-wall-clock\'s sessions expire, safety.expiry holds', async () => {
    // Without fake time it is flagged (test/mutants): its sessions never expire in model time.
    const check = await checkStrategy({ module: 'test/mutants/node-memory.ts', export: 'stickyWallClock' }, { model: 'sticky', runs: 10, seed: 1, fakeTime: true, properties: ['safety.expiry'] });
    expect(check.errors).toEqual([]);
    expect(verdict(check, 'safety.expiry')).toMatchObject({ verdict: 'holds' });
    expect(verdict(check, 'safety.expiry')!.witnessed).toBeGreaterThan(0);
  }, TIMEOUT_MS);

  it('refuses fakeTime for a strategy object, which no other process could load', async () => {
    // A copy: the module's own object, once loaded by path, remembers its module.
    await expect(checkStrategy({ ...stickyWallClock }, { model: 'sticky', runs: 1, fakeTime: true })).rejects.toMatchObject({ code: 'ERR_BAD_OPTION' });
  }, TIMEOUT_MS);
});
