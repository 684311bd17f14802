/**
 * The mutation battery (issue 11 item 7): plug-in strategies, each a built-in with one realistic
 * bug, the property that must flag it, and the model it is held to. TABLE.md is this data as
 * Markdown (`npx tsx test/mutants/writeTable.ts` rewrites it; a test fails when it is stale).
 *
 * `flaggedToday` is measured, not hoped for: `checkStrategy(mutant, { model, properties:
 * [property, 'conformance.model-impl'], runs: MUTANT_RUNS, seed: 1 })` refutes `property` itself
 * (not only conformance). Rows the current engine does not flag yet are in `pending`, with the
 * reason; move a row to `flagged` when the engine learns to judge it.
 */
import type { SessionStrategy } from '../../impl/strategy.ts';
import type { StrategyId } from '../../model/types.ts';
import type { PropertyId } from '../../properties/types.ts';
import * as centralStore from './central-store.ts';
import * as jwt from './jwt.ts';
import * as jwtDenylist from './jwt-denylist.ts';
import * as jwtRefresh from './jwt-refresh.ts';
import * as nodeMemory from './node-memory.ts';

/** Runs per mutant check (seed 1). */
export const MUTANT_RUNS = 60;

/** The commit whose engine `flaggedToday` was measured on. */
export const MEASURED_ON = 'daff546 (run counts re-measured when concurrent batches joined the mixed profile, and again when plant and replayIssued joined the resign profile)';

export interface MutantRow {
  /** The mutant's name (its `SessionStrategy.name`). */
  readonly mutant: string;
  readonly strategy: SessionStrategy;
  /** The built-in whose code it reuses. */
  readonly derivesFrom: StrategyId;
  /** The bug, in one sentence. */
  readonly bug: string;
  /** The property that must flag it. */
  readonly property: PropertyId;
  /** The model it is checked against. */
  readonly model: StrategyId;
  /** Whether today's engine refutes `property` itself on it (measured). */
  readonly flaggedToday: boolean;
  /** Pending rows: why today's engine does not flag it. */
  readonly whyPending?: string;
  /** Runs its check needs when {@link MUTANT_RUNS} do not reach the failure (measured). */
  readonly runs?: number;
  /** What bounded-exhaustive testing finds without random runs (measured: {@link exhaustiveFindings}). */
  readonly exhaustive?: ExhaustiveFinding;
}

/**
 * Bounded-exhaustive testing of the row (test/mutants/measureExhaustive.ts: `checkStrategy(mutant,
 * { model, properties: [property, 'conformance.model-impl'], runs: 0, seed: 1, exhaustive: depth })`
 * at the default scope, full search vocabulary): the smallest depth whose search flags `property`
 * itself (the length of its shortest counterexample among the paths), the depth tried without it,
 * or why the search cannot (its vocabulary has no forgery, planted cookie or concurrent batch).
 */
export type ExhaustiveFinding =
  | { readonly flaggedAt: number }
  | { readonly notBy: number; readonly note?: string }
  | { readonly outside: string };

/** The depth {@link exhaustiveFindings} tried every row at (depth 5 is about 8× the paths). */
export const EXHAUSTIVE_DEPTH = 4;

const OUTSIDE_VOCABULARY = 'the search has no concurrent batch, forgery or planted cookie: the implementation check decides it';

/** Measured on commit 2ce32c3 plus the withContext fix (2026-12-01), one row per process. */
const exhaustiveFindings: Readonly<Record<string, ExhaustiveFinding>> = {
  'in-memory-revoke-local-only': { flaggedAt: 3 },
  'in-memory-counter-sid': { notBy: 4 },
  'sticky-revoke-peers-at-boot': { flaggedAt: 4 },
  'sticky-logout-cookie-only': { flaggedAt: 4 },
  'central-store-node-cache': { flaggedAt: 4 },
  'central-store-stale-on-error': { notBy: 4, note: 'pending under random runs, and flagged at depth 5 by the test on one user, two nodes and six action kinds (`login(u0), whoami(u0), logout(u0), storeDown(), replayStolen(u0)`: the node that read the session answers from its stale copy while the store is down)' },
  'jwt-refresh-no-reuse-revoke': { flaggedAt: 4 },
  'jwt-refresh-degraded-mode': { notBy: 4 },
  'jwt-denylist-fail-open': { flaggedAt: 4 },
  'sticky-wall-clock': { flaggedAt: 3 },
  'central-store-revoke-wrong-index': { flaggedAt: 3 },
  'central-store-shutdown-cleanup': { flaggedAt: 3 },
  'central-store-me-ignores-expiry': { flaggedAt: 3 },
  'central-store-naive-logout-wrong-key': { flaggedAt: 3 },
  'sticky-cart-cookie': { notBy: 4, note: 'vacuous at depth 4: a cart outgrows a cookie after about 50 addItem, far beyond any exhaustive depth (the random runs\' cart-filling profile reaches it)' },
  'central-store-host-prefix': { flaggedAt: 2 },
  'central-store-counter-sid': { notBy: 4 },
  'central-store-cart-token': { flaggedAt: 2 },
  'jwt-no-exp': { flaggedAt: 3 },
  'jwt-denylist-logout-jti-only': { flaggedAt: 4 },
  'jwt-denylist-counter-epoch': { notBy: 4, note: 'its shortest counterexample has five steps (`revoke(u0), login(u0), storeWipe(), revoke(u0), whoami(u0)`): the test flags it at depth 5 on one user, one node and the four action kinds it needs (119 paths), and not at depth 4' },
  'jwt-keys-per-node': { flaggedAt: 3 },
  'jwt-new-node-rotated-key': { flaggedAt: 2 },
  'jwt-login-rate-limit': { flaggedAt: 2 },
  'jwt-refresh-family-check': { flaggedAt: 2 },
  'jwt-refresh-long-access': { flaggedAt: 4 },
  'jwt-node-local-secret': { flaggedAt: 1 },
  'jwt-online-users': { flaggedAt: 1 },
  'jwt-login-audit': { flaggedAt: 1 },
  'jwt-denylist-ignores-epoch': { flaggedAt: 3 },
  'jwt-wall-clock': { notBy: 4, note: 'vacuous at depth 4, as under random runs: its tokens promise a lifetime from wall time, years after any path\'s clock' },
  'jwt-refresh-recreates-family': { notBy: 4, note: 'n/a at depth 4, as under random runs: revocation.durable is undecidable on systems for jwt-refresh (refresh tokens are never probed)' },
  'jwt-refresh-no-rotation': { notBy: 4, note: 'vacuous at depth 4, as under random runs: it never rotates a refresh token out, so no path presents a rotated-out one' },
  'sticky-async-cart': { outside: OUTSIDE_VOCABULARY },
  'central-store-read-modify-write': { outside: OUTSIDE_VOCABULARY },
  'central-store-adopts-sid': { outside: OUTSIDE_VOCABULARY },
  'central-store-short-sid': { outside: OUTSIDE_VOCABULARY },
  'central-store-trusts-user-cookie': { outside: OUTSIDE_VOCABULARY },
  'jwt-alg-none': { outside: OUTSIDE_VOCABULARY },
  'jwt-no-signature-check': { outside: OUTSIDE_VOCABULARY },
};

/** The finding of a mutant, if measured. */
export function exhaustiveFinding(mutant: string): ExhaustiveFinding | undefined {
  return exhaustiveFindings[mutant];
}

/** Mutants with a finding (a test checks each names a row). */
export const exhaustiveMeasured: readonly string[] = Object.keys(exhaustiveFindings);

type Row = Omit<MutantRow, 'mutant' | 'model' | 'flaggedToday' | 'exhaustive'> & { readonly model?: StrategyId };

function flaggedRow(row: Row): MutantRow {
  return { mutant: row.strategy.name, model: row.model ?? row.derivesFrom, flaggedToday: true, ...withFinding(row), ...row };
}

function pendingRow(row: Row & { readonly whyPending: string }): MutantRow {
  return { mutant: row.strategy.name, model: row.model ?? row.derivesFrom, flaggedToday: false, ...withFinding(row), ...row };
}

function withFinding(row: Row): { exhaustive?: ExhaustiveFinding } {
  const finding = exhaustiveFinding(row.strategy.name);
  return finding ? { exhaustive: finding } : {};
}

/** Rows whose property today's engine refutes. */
export const flagged: readonly MutantRow[] = [
  flaggedRow({ strategy: nodeMemory.inMemoryRevokeLocalOnly, derivesFrom: 'in-memory', property: 'revocation.instant', bug: 'Admin revoke clears the sessions in the serving node\'s memory only: the fan-out to the peers was dropped.' }),
  flaggedRow({ strategy: nodeMemory.inMemoryCounterSid, derivesFrom: 'in-memory', property: 'safety.no-impersonation', bug: 'Session IDs come from a per-node counter that starts again when the node restarts, so a stale cookie names another user\'s new session.', runs: 150 }),
  flaggedRow({ strategy: nodeMemory.stickyRevokePeersAtBoot, derivesFrom: 'sticky', property: 'revocation.instant', bug: 'The peer list is read once at boot, so a revoke served by an older node never reaches nodes started after it.' }),
  flaggedRow({ strategy: nodeMemory.stickyLogoutCookieOnly, derivesFrom: 'sticky', property: 'logout.invalidates', bug: 'Logout clears the client\'s cookie and answers 200 but leaves the session in the node\'s memory.', runs: 80 }),
  flaggedRow({ strategy: nodeMemory.stickyWallClock, derivesFrom: 'sticky', property: 'safety.expiry', bug: 'Session expiry reads wall time (Date.now) instead of ctx.clock, so sessions never expire in model time.' }),
  flaggedRow({ strategy: nodeMemory.stickyCartCookie, derivesFrom: 'sticky', property: 'token.fits-cookie', bug: 'The whole cart is mirrored into a cart cookie for the front end, which outgrows 4096 bytes with a full cart.' }),
  flaggedRow({ strategy: centralStore.centralStoreNodeCache, derivesFrom: 'central-store', property: 'revocation.instant', bug: 'Sessions are cached in node memory (GET /me only touches the key\'s TTL), so a revoke or logout served by another node leaves this node\'s copy alive.', runs: 270 }),
  flaggedRow({ strategy: centralStore.centralStoreRevokeWrongIndex, derivesFrom: 'central-store', property: 'revocation.instant', bug: 'Admin revoke runs the revoke script on a misspelt index key: it deletes nothing and answers 200.' }),
  flaggedRow({ strategy: centralStore.centralStoreHostPrefix, derivesFrom: 'central-store', property: 'login.follows-user', bug: 'Each node\'s store connection prefixes keys with its host name (ioredis keyPrefix), so no node finds another node\'s sessions.' }),
  flaggedRow({ strategy: centralStore.centralStoreShutdownCleanup, derivesFrom: 'central-store', property: 'deploy.no-logout', bug: 'A shutdown hook deletes from the store the sessions the node created, so draining a node for a deploy logs its users out.' }),
  flaggedRow({ strategy: centralStore.centralStoreCounterSid, derivesFrom: 'central-store', property: 'safety.no-impersonation', bug: 'Session IDs come from a per-node counter that restarts with the node: a restarted node re-issues an ID and overwrites its owner\'s session with another user.' }),
  flaggedRow({ strategy: centralStore.centralStoreMeIgnoresExpiry, derivesFrom: 'central-store', property: 'safety.expiry', bug: 'GET /me no longer compares the session\'s exp and trusts the Redis TTL, which has a day of slack.' }),
  flaggedRow({ strategy: centralStore.centralStoreCartToken, derivesFrom: 'central-store', property: 'token.constant-size', bug: 'The cart is also carried in a signed cart cookie re-signed on every addItem, so the credential grows with the cart.' }),
  flaggedRow({ strategy: centralStore.naiveLogoutWrongKey, derivesFrom: 'central-store-naive', property: 'logout.invalidates', bug: 'Logout deletes a misspelt key (session: for sess:), answers 200, and the session lives on.' }),
  flaggedRow({ strategy: jwt.jwtNoExp, derivesFrom: 'jwt', property: 'safety.expiry', bug: 'Tokens are minted without exp and the verifier does not require one, so they never expire.' }),
  flaggedRow({ strategy: jwt.jwtKeysPerNode, derivesFrom: 'jwt', property: 'failover.sessions-survive', bug: 'Each node signs with its own key pair generated at boot and published by that node, so tokens die with the node that signed them.' }),
  flaggedRow({ strategy: jwt.jwtNodeLocalSecret, derivesFrom: 'jwt', property: 'stateless.any-node-serves', bug: 'Each node signs with a secret of its own generated at boot, so only the issuing node accepts a token.' }),
  flaggedRow({ strategy: jwt.jwtNewNodeRotatedKey, derivesFrom: 'jwt', property: 'scale.new-node-serves', bug: 'Nodes added after start run a release with a rotated secret and accept only tokens signed with it, so a new node refuses every existing user.' }),
  flaggedRow({ strategy: jwt.jwtOnlineUsers, derivesFrom: 'jwt', property: 'stateless.no-node-memory', bug: 'Each node remembers who logged in through it (an online-users list): per-client state in node memory.' }),
  flaggedRow({ strategy: jwt.jwtLoginRateLimit, derivesFrom: 'jwt', property: 'store.outage-tolerant', bug: 'Login reads a rate-limit switch from the shared store and fails closed, so no one can log in while the store is down, although JWTs need no store.' }),
  flaggedRow({ strategy: jwt.jwtLoginAudit, derivesFrom: 'jwt', property: 'store.none', bug: 'Login records the user\'s last login time in the shared store: per-client data in a strategy that should need no store.' }),
  flaggedRow({ strategy: jwtRefresh.jwtRefreshFamilyCheck, derivesFrom: 'jwt-refresh', property: 'hop.none-per-request', bug: 'Every whoami and addItem also reads the token\'s refresh family from the store to see whether it was revoked: one round trip per request.' }),
  flaggedRow({ strategy: jwtRefresh.jwtRefreshNoReuseRevoke, derivesFrom: 'jwt-refresh', property: 'refresh.reuse-revokes-family', bug: 'A rotated-out refresh token is refused, but its family is not revoked, so the family lives on after reuse.', runs: 600 }),
  flaggedRow({ strategy: jwtDenylist.jwtDenylistIgnoresEpoch, derivesFrom: 'jwt-denylist', property: 'revocation.instant', bug: 'The request check reads only the token\'s deny entry: the epoch an admin revoke writes is never compared, yet the revoke answers 200.' }),
  flaggedRow({ strategy: jwtRefresh.jwtRefreshLongAccess, derivesFrom: 'jwt-refresh', property: 'revocation.bounded', bug: 'Access tokens get the plain-JWT lifetime (1 h) instead of 5 minutes, so a revoked user keeps access for up to an hour.' }),
  flaggedRow({ strategy: jwtRefresh.jwtRefreshDegradedMode, derivesFrom: 'jwt-refresh', property: 'store.outage-tolerant-ordinary', bug: 'A node that saw a store failure answers 503 to every request until one of its store calls succeeds, although access tokens need no store.', runs: 200 }),
  flaggedRow({ strategy: jwtDenylist.jwtDenylistCounterEpoch, derivesFrom: 'jwt-denylist', property: 'revocation.instant', bug: 'The revocation epoch is a counter (INCR) instead of a fresh random value, so after a store wipe a new revoke can produce the epoch an older token carries.', runs: 500 }),
  flaggedRow({ strategy: jwtDenylist.jwtDenylistFailOpen, derivesFrom: 'jwt-denylist', property: 'safety.fail-closed', bug: 'When the store cannot be reached, requests skip the denylist check (fail open) instead of answering 503.' }),
  flaggedRow({ strategy: jwtDenylist.jwtDenylistLogoutJtiOnly, derivesFrom: 'jwt-denylist', property: 'logout.invalidates', bug: 'The denylist is keyed by the token\'s jti instead of its session: logout denies the token it was sent, and the tokens re-signed before it (each addItem mints a new jti) stay valid; only the attacker\'s older copy (replayOlder) shows it.', runs: 110 }),
  flaggedRow({ strategy: nodeMemory.stickyAsyncCart, derivesFrom: 'sticky', property: 'concurrency.no-lost-update', bug: 'addItem copies the cart, awaits a price lookup and writes its copy back, so concurrent addItem calls lose items.' }),
  flaggedRow({ strategy: centralStore.centralStoreReadModifyWrite, derivesFrom: 'central-store', property: 'concurrency.no-lost-update', bug: 'addItem reads the cart and writes it back (HMGET then HSET, the naive built-in\'s code), so concurrent addItem calls lose items.' }),
  flaggedRow({ strategy: centralStore.centralStoreAdoptsSid, derivesFrom: 'central-store', property: 'safety.fixation', bug: 'Login keeps a well-formed session ID the browser already sent instead of issuing a new one (session fixation).' }),
  flaggedRow({ strategy: centralStore.centralStoreShortSid, derivesFrom: 'central-store', property: 'safety.forged-rejected', bug: 'Session IDs carry 4 random bytes padded to the ID format (32 bits): a guess of their shape is accepted far too often.' }),
  flaggedRow({ strategy: centralStore.centralStoreTrustsUserCookie, derivesFrom: 'central-store', property: 'safety.forged-rejected', bug: 'Login also sets a user cookie for the front end, and GET /me answers as the user that cookie names rather than the session\'s.' }),
  flaggedRow({ strategy: jwt.jwtAlgNone, derivesFrom: 'jwt', property: 'safety.forged-rejected', bug: 'The verifier honours the token\'s own alg header and accepts alg none tokens unsigned.' }),
  flaggedRow({ strategy: jwt.jwtNoSignatureCheck, derivesFrom: 'jwt', property: 'safety.forged-rejected', bug: 'The verifier checks the claims (issuer, audience, type, expiry) but never the signature.' }),
  flaggedRow({ strategy: centralStore.centralStoreStaleOnError, derivesFrom: 'central-store', property: 'safety.fail-closed', bug: 'When the store is unreachable, GET /me answers from the sessions it last read ("serve stale"; a miss does not evict) instead of 503, so revoked and logged-out sessions get through.' }),
];

/** Rows whose property today's engine does not refute yet (checked by count only: see mutants.test.ts). */
export const pending: readonly MutantRow[] = [
  pendingRow({ strategy: jwt.jwtWallClock, derivesFrom: 'jwt', property: 'safety.expiry', whyPending: 'vacuous: expiry is judged against the lifetime the token promises (its exp), and this bug mints exp from wall time, years after any run\'s clock; only conformance sees it. Fake time does not flag it either: with checkStrategy({ module, export }, { fakeTime: true }) its Date is the harness\'s clock, so it mints and checks exp exactly as jwt does and safety.expiry holds (as sticky-wall-clock\'s does: test/plugins/fakeTime.test.ts) — the bug is reading wall time, which fake time makes harmless', bug: 'Tokens are issued and verified against wall time (Date.now) instead of ctx.clock, so they never expire in model time.' }),
  pendingRow({ strategy: jwtRefresh.jwtRefreshRecreatesFamily, derivesFrom: 'jwt-refresh', property: 'revocation.durable', whyPending: 'vacuous: the catalog marks revocation.durable undecidable on systems for jwt-refresh (refresh tokens are never probed, so no run can know one was refused everywhere before a wipe); only conformance sees it', bug: 'A refresh whose family is missing from the store re-creates it from the signed refresh token, so families revoked before a store wipe come back.' }),
  pendingRow({ strategy: jwtRefresh.jwtRefreshNoRotation, derivesFrom: 'jwt-refresh', property: 'refresh.reuse-revokes-family', whyPending: 'vacuous: the property judges presentations of rotated-out refresh tokens, and this mutant never rotates one out; only conformance sees it', bug: 'Refresh does not rotate the refresh token, so a stolen copy keeps refreshing.' }),
];

/** Every row. */
export const rows: readonly MutantRow[] = [...flagged, ...pending];

/** Properties no mutant can be checked for, and why. */
export const uncovered: Readonly<Partial<Record<PropertyId, string>>> = {
  'conformance.model-impl': 'it is the check every row runs beside its property',
  'store.failover-durable': 'no built-in holds it (refuted or n/a for all seven), so no built-in with a bug added can show a change; it also needs real Redis',
};

/** The rows as TABLE.md shows them. */
export function tableMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const exhaustive = (f: ExhaustiveFinding | undefined) => (!f ? 'not measured' : 'flaggedAt' in f ? `depth ${f.flaggedAt}` : 'notBy' in f ? `not by depth ${f.notBy}` : '– (outside the search)');
  const line = (r: MutantRow) => `| \`${r.mutant}\` | \`${r.derivesFrom}\` | ${cell(r.bug)} | \`${r.property}\` | \`${r.model}\` | ${r.flaggedToday ? (r.runs ? `yes (${r.runs} runs)` : 'yes') : 'no'} | ${exhaustive(r.exhaustive)} |`;
  const head = ['| mutant | derives from | bug | must be flagged by | model | flagged today | exhaustive, no random runs |', '|---|---|---|---|---|---|---|'];
  const byExhaustive = rows.filter((r) => r.exhaustive && 'flaggedAt' in r.exhaustive);
  const notes = rows.flatMap((r) => (r.exhaustive && 'note' in r.exhaustive && r.exhaustive.note ? [`- \`${r.mutant}\`: ${r.exhaustive.note}.`] : []));
  return [
    '# Mutation battery',
    '',
    '<!-- Generated from test/mutants/table.ts by `npx tsx test/mutants/writeTable.ts`. Do not edit by hand. -->',
    '',
    `Each mutant is a built-in strategy with one realistic bug, written as a plug-in (\`SessionStrategy\`) that reuses the built-in's code. \`test/mutants/mutants.test.ts\` (\`npm test\`; the three rows needing more than 250 runs in \`mutants.campaign.test.ts\`, \`npm run test:campaign\`) checks each flagged row with \`checkStrategy(mutant, { model, properties: [property, 'conformance.model-impl'], runs: ${MUTANT_RUNS}, seed: 1 })\` and expects \`property\` itself to be refuted. *Flagged today* was measured on the engine of commit ${MEASURED_ON}; pending rows are counted, not hidden.`,
    '',
    ...head,
    ...rows.map(line),
    '',
    `${flagged.length} rows flagged today, ${pending.length} pending, ${new Set(rows.map((r) => r.mutant)).size} mutants.`,
    '',
    '## Bounded-exhaustive testing',
    '',
    `*Exhaustive, no random runs* is measured by \`node --import tsx test/mutants/measureExhaustive.ts --depth ${EXHAUSTIVE_DEPTH} --mutant NAME\`: \`checkStrategy(mutant, { model, properties: [property, 'conformance.model-impl'], runs: 0, seed: 1, exhaustive: ${EXHAUSTIVE_DEPTH} })\` at the default scope (2 users, 2 nodes scaling out to 3, the full vocabulary of the model's search: 5,000–7,000 paths per row), and names the smallest depth whose search flags the property itself: the length of the shortest counterexample among the paths played (a shallower search's paths are prefixes of these). *not by depth ${EXHAUSTIVE_DEPTH}* means no path to that depth breaks it (the bug is deeper, or needs what the search leaves out: forge, plant, concurrent batches, or two paths the model merges into one state); *outside the search*: ${OUTSIDE_VOCABULARY}. ${byExhaustive.length} rows are flagged this way without luck. \`test/properties/exhaustiveSystem.test.ts\` checks three rows on smaller vocabularies: \`central-store-node-cache\` at depth 4 (not at 3), \`jwt-denylist-counter-epoch\` at depth 5 (not at 4) and the pending \`central-store-stale-on-error\` at depth 5. Rows marked *not measured* were not run before this table was last written.`,
    '',
    ...notes,
    ...(notes.length > 0 ? [''] : []),
    '## Why pending rows are not flagged yet',
    '',
    ...pending.map((r) => `- \`${r.mutant}\` (\`${r.property}\`): ${r.whyPending}.`),
    '',
    '## Properties without a mutant',
    '',
    ...Object.entries(uncovered).map(([id, why]) => `- \`${id}\`: ${why}.`),
    '',
  ].join('\n');
}
