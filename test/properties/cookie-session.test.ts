import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pluginPage, publishedPlugins, publishedPluginsDir, runPublished } from '../../examples/publish-plugins.ts';
import { cookieSessionStrategy } from '../../examples/cookie-session.ts';
import { checkStrategy, defaultScope, openSystem, parseAction } from '../../index.ts';

/** A whole check runs hundreds of programs; on a loaded 2-core machine it can pass a minute. */
const CHECK_TIMEOUT_MS = 240_000;

describe('cookie-session, checked as a plug-in', () => {
  it('never touches the store, and a copy of the cookie outlives logout', async () => {
    const sut = await openSystem(cookieSessionStrategy(), { target: 'impl', scope: defaultScope, seed: 1 });
    try {
      const seen = [];
      for (const a of ['login(u0)', 'whoami(u0)', 'addItem(u0)', 'logout(u0)', 'replayStolen(u0)', 'storeDown()', 'login(u1)']) {
        const { status, storeTrips } = (await sut.act(parseAction(a))).observation;
        seen.push([a, status, storeTrips]);
      }
      expect(seen).toEqual([
        ['login(u0)', 200, 0], ['whoami(u0)', 200, 0], ['addItem(u0)', 200, 0], ['logout(u0)', 200, 0],
        ['replayStolen(u0)', 200, 0], ['storeDown()', 200, 0], ['login(u1)', 200, 0],
      ]);
    } finally {
      await sut.close();
    }
  });

  it('is held to the jwt model: its verdicts, its table row, and where it leaves the model', async () => {
    const published = publishedPlugins[1];
    const check = await runPublished(published);
    // The published page is this very check.
    expect(readFileSync(join(publishedPluginsDir, published.file), 'utf8') === pluginPage(published, check), `${published.file} is out of date; refresh with: npx tsx examples/publish-plugins.ts`).toBe(true);
    expect(check.errors).toEqual([]);
    const result = (id: string) => check.results.find((r) => r.property === id)!;
    expect(Object.fromEntries(check.results.map((r) => [r.property, r.verdict]))).toEqual({
      'stateless.any-node-serves': 'holds',
      'stateless.no-node-memory': 'holds',
      'revocation.instant': 'refuted',
      'revocation.durable': 'vacuous',
      'hop.none-per-request': 'holds',
      'failover.sessions-survive': 'holds',
      'login.follows-user': 'holds',
      'scale.new-node-serves': 'holds',
      'deploy.no-logout': 'holds',
      'store.outage-tolerant': 'holds',
      'store.outage-tolerant-ordinary': 'holds',
      'store.none': 'holds',
      'token.constant-size': 'refuted',
      'token.fits-cookie': 'refuted',
      'logout.invalidates': 'refuted',
      'safety.no-impersonation': 'holds',
      'safety.fail-closed': 'vacuous',
      'conformance.model-impl': 'refuted',
      'safety.forged-rejected': 'holds',
      'safety.fixation': 'refuted',
      'concurrency.no-lost-update': 'refuted',
      'revocation.bounded': 'n/a',
      'safety.expiry': 'n/a',
      'refresh.reuse-revokes-family': 'n/a',
      'store.failover-durable': 'n/a',
    });
    expect(check.table).toEqual({ serverStateless: 'Yes', revokeInstantly: 'Hard (window not checked)', extraHop: 'No', failureOfOneNode: 'Sessions survive' });
    // The whole cart rides in the cookie: past 4096 bytes a browser drops it.
    expect(result('token.fits-cookie').counterexample?.detail).toMatch(/over the 4096-byte cookie limit/);
    expect(result('revocation.instant').counterexample?.actions).toEqual(['login(u0)', 'revoke(u0)', 'whoami(u0)']);
    // The cookie is a pure function of the session: no nonce, no issue time. A login issues the
    // byte-identical cookie an earlier login of the same user did, which the fixation check calls
    // "not new", and a logged-out cookie comes back at the next login.
    expect(result('safety.fixation').counterexample?.detail).toMatch(/issued a credential that was not new/);
    expect(result('logout.invalidates').counterexample?.detail).toMatch(/logged out .* accepted again/);
    // A full cart leaves the session unchanged, and cookie-session then sets no cookie where the
    // model re-issues its token.
    expect(result('conformance.model-impl').counterexample?.detail).toMatch(/addItem\(u0\): the implementation issued no credential where the model issues one/);
    // No store, so nothing can fail closed: vacuous, not holds.
    expect(result('safety.fail-closed')).toMatchObject({ verdict: 'vacuous', witnessed: 0 });
    for (const id of ['safety.expiry', 'revocation.bounded']) expect(result(id).note).toMatch(/capabilities\.wallClock/);
  }, CHECK_TIMEOUT_MS);
});
