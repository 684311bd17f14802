/**
 * Each mutant's bug, shown by hand: a short program and what its last step shows on the mutant
 * and must not show on the built-in it derives from (same program, same seed). This is how the
 * battery knows a bug is real whether or not today's engine flags it. Mutants whose bug only an
 * implementation check can provoke (concurrent requests, forged tokens, a pre-login cookie) are
 * shown by that check instead (see mutants.test.ts).
 */
import type { SystemUnderTest } from '../../impl/driver/system.ts';
import type { Observation } from '../../model/types.ts';

export interface Symptom {
  readonly actions: readonly string[];
  /** What the last step shows on the mutant (and not on the built-in). */
  readonly what: string;
  readonly shows: (last: Observation, system: SystemUnderTest) => boolean;
}

const accepted = (user: number) => (o: Observation) => o.status === 200 && o.user === user;
const refused = (status: 401 | 503) => (o: Observation) => o.status === status;
const FILL_CART = Array.from({ length: 50 }, () => 'addItem(u0)');

/** By mutant name. */
export const symptoms: Readonly<Record<string, Symptom>> = {
  'in-memory-revoke-local-only': { actions: ['login(u0)', 'revoke(u0)', 'replayStolen(u0)'], what: 'the revoked session is accepted by the node that held it', shows: accepted(0) },
  'in-memory-counter-sid': {
    actions: ['login(u0)', 'crash(n0)', 'restart(n0)', 'login(u1)', 'login(u1)', 'whoami(u0)', 'whoami(u0)'],
    what: 'u0\'s old cookie is answered as u1 by the restarted node', shows: accepted(1),
  },
  'sticky-revoke-peers-at-boot': { actions: ['login(u1)', 'login(u0)', 'revoke(u0)', 'whoami(u0)'], what: 'the revoked session is still accepted on the node started after the revoking one', shows: accepted(0) },
  'sticky-logout-cookie-only': { actions: ['login(u0)', 'logout(u0)', 'replayStolen(u0)', 'replayStolen(u0)'], what: 'the logged-out session is accepted by its node', shows: accepted(0) },
  'sticky-wall-clock': { actions: ['login(u0)', 'tick(3600)', 'whoami(u0)'], what: 'a session is accepted after its 30-minute lifetime', shows: accepted(0) },
  'sticky-cart-cookie': { actions: ['login(u0)', ...FILL_CART, 'whoami(u0)'], what: 'with a full cart the client sends over 4096 bytes of cookies', shows: (o) => (o.credentialBytes ?? 0) > 4096 },
  'jwt-denylist-logout-jti-only': { actions: ['login(u0)', 'addItem(u0)', 'logout(u0)', 'replayOlder(u0)'], what: 'the token re-signed away from before the logout is accepted', shows: accepted(0) },
  'central-store-node-cache': { actions: ['login(u0)', 'whoami(u0)', 'revoke(u0)', 'replayStolen(u0)'], what: 'the revoked session is accepted from the cache of the node that read it', shows: accepted(0) },
  'central-store-revoke-wrong-index': { actions: ['login(u0)', 'revoke(u0)', 'whoami(u0)'], what: 'the revoked session is accepted', shows: accepted(0) },
  'central-store-host-prefix': { actions: ['login(u0)', 'whoami(u0)'], what: 'the other node does not find the session', shows: refused(401) },
  'central-store-shutdown-cleanup': { actions: ['login(u0)', 'drain(n0)', 'whoami(u0)'], what: 'the session is gone after its node was drained', shows: refused(401) },
  'central-store-counter-sid': {
    actions: ['login(u0)', 'crash(n0)', 'restart(n0)', 'login(u1)', 'login(u1)', 'whoami(u0)'],
    what: 'u0\'s cookie is answered as u1 after the restarted node re-issued its ID', shows: accepted(1),
  },
  'central-store-stale-on-error': { actions: ['login(u0)', 'whoami(u0)', 'revoke(u0)', 'storeDown()', 'replayStolen(u0)'], what: 'during the outage the revoked session is accepted', shows: accepted(0) },
  'central-store-me-ignores-expiry': { actions: ['login(u0)', 'tick(3600)', 'whoami(u0)'], what: 'a session is accepted after its 30-minute lifetime', shows: accepted(0) },
  'central-store-cart-token': { actions: ['login(u0)', 'addItem(u0)', 'addItem(u0)', 'addItem(u0)', 'whoami(u0)'], what: 'the cookies grew with three cart items', shows: (o) => (o.credentialBytes ?? 0) > 300 },
  'central-store-naive-logout-wrong-key': { actions: ['login(u0)', 'logout(u0)', 'replayStolen(u0)'], what: 'the logged-out session is accepted', shows: accepted(0) },
  'jwt-keys-per-node': { actions: ['login(u0)', 'crash(n0)', 'whoami(u0)'], what: 'the token is refused once the node that signed it crashed', shows: refused(401) },
  'jwt-wall-clock': { actions: ['login(u0)', 'tick(3600)', 'whoami(u0)'], what: 'a token is accepted after its one-hour lifetime', shows: accepted(0) },
  'jwt-no-exp': { actions: ['login(u0)', 'tick(3600)', 'whoami(u0)'], what: 'a token is accepted after its one-hour lifetime', shows: accepted(0) },
  'jwt-node-local-secret': { actions: ['login(u0)', 'whoami(u0)'], what: 'the other node refuses the token', shows: refused(401) },
  'jwt-new-node-rotated-key': { actions: ['login(u0)', 'whoami(u0)', 'addNode()', 'whoami(u0)', 'whoami(u0)', 'whoami(u0)'], what: 'the added node n2 refuses the token', shows: (o) => o.node === 2 && o.status === 401 },
  'jwt-online-users': { actions: ['login(u0)'], what: 'a node holds per-client records', shows: (_o, system) => (system.localSessionCounts() ?? []).some((n) => n > 0) },
  'jwt-login-rate-limit': { actions: ['storeDown()', 'login(u0)'], what: 'a login during a store outage answers 503', shows: refused(503) },
  'jwt-login-audit': { actions: ['login(u0)'], what: 'login writes to the store', shows: (o) => o.storeTrips > 0 },
  'jwt-refresh-family-check': { actions: ['login(u0)', 'whoami(u0)'], what: 'whoami makes a store round trip', shows: (o) => o.storeTrips > 0 },
  'jwt-refresh-degraded-mode': { actions: ['login(u0)', 'storeDown()', 'refresh(u0)', 'whoami(u0)', 'whoami(u0)'], what: 'whoami with a valid access token answers 503 during the outage', shows: refused(503) },
  'jwt-refresh-recreates-family': {
    actions: ['login(u0)', 'refresh(u0)', 'logout(u0)', 'replayRefresh(u0)', 'storeWipe()', 'replayRefresh(u0)'],
    what: 'after the wipe the logged-out refresh token refreshes again', shows: accepted(0),
  },
  'jwt-refresh-long-access': { actions: ['login(u0)', 'revoke(u0)', 'tick(300)', 'whoami(u0)'], what: 'the revoked user\'s access token is accepted 300 s after the revoke', shows: accepted(0) },
  'jwt-refresh-no-rotation': { actions: ['login(u0)', 'refresh(u0)', 'replayRefresh(u0)'], what: 'the refresh token given up at the refresh still refreshes', shows: accepted(0) },
  'jwt-refresh-no-reuse-revoke': { actions: ['login(u0)', 'refresh(u0)', 'replayRefresh(u0)', 'refresh(u0)'], what: 'after a reuse the family still refreshes', shows: accepted(0) },
  'jwt-denylist-counter-epoch': {
    actions: ['revoke(u0)', 'login(u0)', 'whoami(u0)', 'storeWipe()', 'revoke(u0)', 'whoami(u0)'],
    what: 'a token issued before the second revoke is accepted after it', shows: accepted(0),
  },
  'jwt-denylist-fail-open': { actions: ['login(u0)', 'logout(u0)', 'storeDown()', 'replayStolen(u0)'], what: 'during the outage the logged-out token is accepted', shows: accepted(0) },
  'jwt-denylist-ignores-epoch': { actions: ['login(u0)', 'revoke(u0)', 'whoami(u0)'], what: 'the revoked token is accepted', shows: accepted(0) },
};
