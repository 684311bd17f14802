import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginPage, publishedPlugins, publishedPluginsDir, runPublished } from '../../examples/publish-plugins.ts';
import { expressSessionStrategy } from '../../examples/express-session.ts';
import { checkStrategy, defaultScope, openSystem, parseAction, type StrategyCheck } from '../../index.ts';
import { requireBinaries, stopEverything } from '../infra/helpers.ts';

/** Each step's status and store round trips, and whether it issued a credential. */
async function play(actions: readonly string[]): Promise<[string, number, number, boolean][]> {
  const sut = await openSystem(expressSessionStrategy(), { target: 'impl', scope: defaultScope, seed: 1 });
  try {
    const seen: [string, number, number, boolean][] = [];
    for (const a of actions) {
      const record = await sut.act(parseAction(a));
      seen.push([a, record.observation.status, record.observation.storeTrips, record.issued !== null && record.resent !== true]);
    }
    return seen;
  } finally {
    await sut.close();
  }
}

/** A whole check runs hundreds of programs; on a loaded 2-core machine it can pass a minute. */
const CHECK_TIMEOUT_MS = 240_000;

const verdicts = (check: StrategyCheck) => Object.fromEntries(check.results.map((r) => [r.property, r.verdict]));
const result = (check: StrategyCheck, id: string) => check.results.find((r) => r.property === id)!;

describe('express-session + connect-redis 8 over ioredis, checked as a plug-in', () => {
  it('makes store round trips on every request, counted on its own ioredis client', async () => {
    expect(await play(['login(u0)', 'whoami(u0)', 'addItem(u0)', 'logout(u0)', 'login(u1)', 'revoke(u1)', 'replayStolen(u1)'])).toEqual([
      // regenerate() destroys the new request's session (DEL), save() writes it (SET), and the end
      // of the response saves it again because regenerate() changed the ID (SET).
      ['login(u0)', 200, 3, true],
      // GET, then EXPIRE: with resave false, express-session "touches" every unmodified session.
      ['whoami(u0)', 200, 2, false],
      ['addItem(u0)', 200, 2, false], // GET, SET of the whole session
      // GET, save (SET), regenerate (DEL), then the end-of-response save of the new, empty session
      // (SET), with a cookie for it.
      ['logout(u0)', 200, 4, true],
      ['login(u1)', 200, 3, true],
      ['revoke(u1)', 200, 3, false], // Store.all(): SCAN, MGET; then DEL of u1's session
      ['replayStolen(u1)', 401, 1, false],
    ]);
  });

  it('fails closed while Redis is down, but still sets a session cookie on the refused login', async () => {
    expect(await play(['login(u0)', 'storeDown()', 'whoami(u0)', 'login(u1)', 'storeUp()', 'whoami(u0)'])).toEqual([
      ['login(u0)', 200, 3, true],
      ['storeDown()', 200, 0, false],
      ['whoami(u0)', 503, 1, false],
      // regenerate()'s DEL fails (503), yet express-session has already made a new session, and the
      // end-of-response save (failing too) does not stop its Set-Cookie: a cookie for nothing.
      ['login(u1)', 503, 2, true],
      ['storeUp()', 200, 0, false],
      ['whoami(u0)', 200, 2, false],
    ]);
  });

  it('is held to the central-store model: its verdicts, its table row, and why it does not conform', async () => {
    const published = publishedPlugins[0];
    const check = await runPublished(published);
    // The published page is this very check.
    expect(readFileSync(join(publishedPluginsDir, published.file), 'utf8') === pluginPage(published, check), `${published.file} is out of date; refresh with: npx tsx examples/publish-plugins.ts`).toBe(true);
    expect(check.errors).toEqual([]);
    expect(verdicts(check)).toEqual({
      'stateless.any-node-serves': 'holds',
      'stateless.no-node-memory': 'holds',
      'revocation.instant': 'holds',
      // Its witness (a credential every node refused before a store wipe, presented after it) is
      // rare: no run of these 30 reaches it, nor the model's shortest path replayed. Vacuous, not holds.
      'revocation.durable': 'vacuous',
      'hop.none-per-request': 'refuted',
      'failover.sessions-survive': 'holds',
      'login.follows-user': 'holds',
      // Its witness (a credential an old node accepts after addNode()) is rare: no run of these 30 reaches it.
      'scale.new-node-serves': 'vacuous',
      'deploy.no-logout': 'holds',
      'store.outage-tolerant': 'refuted',
      'store.outage-tolerant-ordinary': 'refuted',
      'store.none': 'refuted',
      'token.constant-size': 'holds',
      'token.fits-cookie': 'holds',
      'logout.invalidates': 'holds',
      'safety.no-impersonation': 'holds',
      'safety.fail-closed': 'holds',
      'conformance.model-impl': 'refuted',
      'safety.forged-rejected': 'holds',
      'safety.fixation': 'holds',
      'concurrency.no-lost-update': 'refuted',
      'revocation.bounded': 'n/a',
      'safety.expiry': 'n/a',
      'refresh.reuse-revokes-family': 'n/a',
      'store.failover-durable': 'n/a',
    });
    // Every verdict that holds was put at risk; the vacuous one says so with no witness.
    for (const r of check.results) if (r.verdict === 'holds' && r.witnessed !== undefined) expect(r.witnessed, r.property).toBeGreaterThan(0);
    expect(result(check, 'revocation.durable')).toMatchObject({ verdict: 'vacuous', witnessed: 0 });
    expect(check.table).toEqual({ serverStateless: 'Yes', revokeInstantly: 'Yes', extraHop: 'Yes', failureOfOneNode: 'Sessions survive' });
    expect(result(check, 'hop.none-per-request').counterexample?.actions).toEqual(['login(u0)', 'whoami(u0)']);
    expect(result(check, 'hop.none-per-request').counterexample?.detail).toMatch(/whoami made 2 store round trip/);
    // A logout after an admin revoke answers 401 where the model acknowledges every logout: where it leaves the model.
    expect(check.conforms).toBe(false);
    expect(result(check, 'conformance.model-impl').counterexample?.actions).toEqual(['login(u0)', 'revoke(u0)', 'logout(u0)']);
    expect(result(check, 'conformance.model-impl').counterexample?.detail).toMatch(/step 3 logout\(u0\): the implementation answered status=401 where the model says status=200/);
    // The whole session is read, changed and written back: of concurrent addItems in a batch one is lost.
    expect(result(check, 'concurrency.no-lost-update').counterexample?.detail).toMatch(/3 acknowledged, so u1's cart must hold 3 items, but n\d's GET \/me then reports 2: an acknowledged update was lost/);
    // Its expiry reads Date.now(): the harness's clock cannot reach it, so these are not judged.
    for (const id of ['safety.expiry', 'revocation.bounded']) expect(result(check, id).note).toMatch(/capabilities\.wallClock.*\{ module, export \}.*fake time/);
  }, CHECK_TIMEOUT_MS);

  it('flags session fixation when login skips the README\'s regenerate()', async () => {
    const check = await checkStrategy(expressSessionStrategy({ regenerateOnLogin: false }), { model: 'central-store', runs: 30, seed: 1, properties: ['safety.fixation'] });
    expect(result(check, 'safety.fixation').verdict).toBe('refuted');
    expect(result(check, 'safety.fixation').counterexample?.detail).toMatch(/pre-login credential .* issued a credential that was not new/);
  }, CHECK_TIMEOUT_MS);

  it('without its wallClock declaration, expiry is vacuous, never holds: its cookie\'s Expires is a wall-clock date the harness\'s clock never reaches', async () => {
    const { capabilities: _undeclared, ...strategy } = expressSessionStrategy();
    const check = await checkStrategy(strategy, { model: 'central-store', runs: 30, seed: 1, properties: ['safety.expiry'] });
    // express-session sends `Expires` (from Date.now()) and no Max-Age; the harness's clock starts
    // at unix time 1_700_000_000 (2023) and runs two days at most, so no credential ever expires
    // in its view: no run reaches the witness.
    expect(result(check, 'safety.expiry')).toMatchObject({ verdict: 'vacuous', witnessed: 0 });
  }, CHECK_TIMEOUT_MS);
});

describe('express-session over a real redis-server (target redis)', () => {
  beforeAll(() => requireBinaries('redis-server'));
  afterAll(stopEverything);

  it('gives the same verdicts where Redis is a process that the harness stops and resumes', async () => {
    const check = await checkStrategy(expressSessionStrategy(), { model: 'central-store', target: 'redis', runs: 30, seed: 1 });
    expect(check.errors).toEqual([]);
    const v = verdicts(check);
    expect(v).toMatchObject({
      'hop.none-per-request': 'refuted', 'store.outage-tolerant': 'refuted', 'safety.fail-closed': 'holds', 'revocation.instant': 'holds',
      'failover.sessions-survive': 'holds', 'logout.invalidates': 'holds', 'conformance.model-impl': 'refuted',
    });
    expect(result(check, 'conformance.model-impl').counterexample?.actions).toEqual(['login(u0)', 'revoke(u0)', 'logout(u0)']);
    expect(check.table).toEqual({ serverStateless: 'Yes', revokeInstantly: 'Yes', extraHop: 'Yes', failureOfOneNode: 'Sessions survive' });
  }, CHECK_TIMEOUT_MS);
});
