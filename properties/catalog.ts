/**
 * The property catalog: the single source for PROPERTIES.md, `list`, `cite`, reports and tests.
 * IDs are stable forever: add, never rename or reuse. Expected verdicts are claims (docs/catalog.md),
 * to be checked, never satisfied by bending an implementation.
 */
import type { EdgeCheck } from '../model/explore/types.ts';
import type { StrategyId } from '../model/types.ts';
import { newNodeServes, anyNodeServes, noNodeMemory } from './checks/stateless.ts';
import { logoutInvalidates, revocationBounded, revocationDurable, revocationInstant } from './checks/revocation.ts';
import { followsUser, noLogoutOnDeploy, sessionsSurvive } from './checks/failover.ts';
import { failClosed, noHop, noStore, outageTolerant, outageTolerantOrdinary } from './checks/store.ts';
import { constantSize, fitsCookie } from './checks/token.ts';
import { noLostUpdate } from './checks/concurrency.ts';
import { expiry, forgedRejected, noFixation, noImpersonation, reuseRevokesFamily } from './checks/safety.ts';
import { modelFacts } from './judge/modelFacts.ts';
import type { Expectation, Property, PropertyId, StepContext } from './types.ts';

type Row = [inMemory: Expectation, sticky: Expectation, centralStore: Expectation, jwt: Expectation, jwtRefresh: Expectation, jwtDenylist: Expectation];

/** Where central-store-naive's expectation differs from central-store's. */
const naiveDiffers: Partial<Record<PropertyId, Expectation>> = { 'concurrency.no-lost-update': 'refuted' };
const Y = 'holds' as const;
const N = 'refuted' as const;
const NA = 'n/a' as const;
const V = 'vacuous' as const;

function expect(...row: Row): Omit<Record<StrategyId, Expectation>, 'central-store-naive'> {
  const [a, b, c, d, e, f] = row;
  return { 'in-memory': a, sticky: b, 'central-store': c, jwt: d, 'jwt-refresh': e, 'jwt-denylist': f };
}

/** central-store-naive is central-store one request at a time; it differs only where listed. */
function withNaive(p: Omit<Property, 'expected'> & { expected: Omit<Record<StrategyId, Expectation>, 'central-store-naive'> }): Property {
  const judged = p.judged;
  // The model's transitions are judged through the same predicate, on facts read from the ledger.
  const check = judged ? (edge: StepContext) => judged.judge(modelFacts(edge)) : undefined;
  return { ...p, ...(check ? { check } : {}), expected: { ...p.expected, 'central-store-naive': naiveDiffers[p.id] ?? p.expected['central-store'] } };
}

const entries: (Omit<Property, 'expected'> & { expected: Omit<Record<StrategyId, Expectation>, 'central-store-naive'> })[] = [
  {
    id: 'stateless.any-node-serves',
    title: 'Any node can serve any request',
    statement: 'After every step, every live node would answer every credential a client or the attacker holds with the same status and user.',
    source: 'Server stateless? (table column); "any node can serve any request"',
    column: 'serverStateless',
    explanation: 'Two live nodes disagree about the same credential: the answer depends on which node the balancer picks, so nodes are not interchangeable.',
    expected: expect(N, N, Y, Y, Y, Y),
    decidedBy: 'model',
    judged: anyNodeServes,
  },
  {
    id: 'stateless.no-node-memory',
    title: 'No node holds per-client state',
    statement: 'After every step, no node holds a session or any other per-client data in its memory.',
    source: 'Server stateless? (table column); "where the state goes"',
    explanation: 'A node keeps a session in its own memory, so that state dies with the node and no other node can see it.',
    expected: expect(N, N, Y, Y, Y, Y),
    decidedBy: 'model',
    judged: noNodeMemory,
  },
  {
    id: 'revocation.instant',
    title: 'Revocation takes effect at once',
    statement: 'After an acknowledged revoke(u), no credential issued to u before it is accepted again, while the store keeps its data.',
    source: 'Revoke instantly? (table column): Sticky "Yes (kill server)", Central store "Yes", JWT "Hard"',
    column: 'revokeInstantly',
    explanation: 'The admin revoked the user and was told it worked, yet a credential from before the revoke is still accepted.',
    expected: expect(Y, Y, Y, N, N, Y),
    decidedBy: 'model',
    judged: revocationInstant,
  },
  {
    id: 'revocation.durable',
    title: 'Revocation survives a store restart',
    statement: 'A credential refused by every live node just before a store wipe is never accepted after it.',
    source: '"a denylist quietly reintroduces server-side state"',
    explanation: 'The revocation lived in the store; the store restarted without persistence and the dead credential came back to life.',
    expected: expect(Y, Y, Y, V, Y, N),
    revised: {
      jwt: {
        from: 'holds',
        evidence: 'jwt never refuses an unexpired token (revocation and logout do not reach it), so no credential is ever refused everywhere before a store wipe: no run can reach the witness, and the verdict is vacuous, not holds (round 3, witnesses).',
      },
    },
    undecidableOnSystems: {
      'jwt-refresh': 'its only credentials ever refused before they expire are refresh tokens, and a running system\'s refresh tokens are never probed (a probe would rotate them), so no run can know one was refused everywhere before a wipe',
    },
    decidedBy: 'model',
    judged: revocationDurable,
  },
  {
    id: 'hop.none-per-request',
    title: 'No extra hop per request',
    statement: 'No ordinary request (whoami, addItem) makes a round trip to the shared store.',
    source: 'Extra hop? (table column); "the central store adds a network hop on every request"',
    column: 'extraHop',
    explanation: 'An ordinary request had to ask the shared store before it could answer: one network round trip on every request.',
    expected: expect(Y, Y, N, Y, Y, N),
    decidedBy: 'model',
    judged: noHop,
  },
  {
    id: 'failover.sessions-survive',
    title: 'Sessions survive the failure of one node',
    statement: 'After a node crashes (at least one node left live), a valid credential that saw no other fault is still accepted by whoami and addItem.',
    source: 'Failure of one node (table column): Sticky "Sessions lost", Central store and JWT "Sessions survive"; "if the sticky server dies its sessions are lost"',
    column: 'failureOfOneNode',
    explanation: 'A node died and took the session with it: the user is logged out although nothing else went wrong.',
    expected: expect(N, N, Y, Y, Y, Y),
    decidedBy: 'model',
    judged: sessionsSurvive,
  },
  {
    id: 'login.follows-user',
    title: 'A login is honoured on every node',
    statement: 'With no fault since login, a valid credential is accepted by whoami and addItem whichever node the balancer picks.',
    source: '"login on #1 then a request on #2 gets \'who are you?\'"',
    explanation: 'The user logged in on one node and the next request, routed to another, got "who are you?".',
    expected: expect(N, Y, Y, Y, Y, Y),
    decidedBy: 'model',
    judged: followsUser,
  },
  {
    id: 'scale.new-node-serves',
    title: 'A new node serves existing users',
    statement: 'After addNode(), the new node accepts every credential an old node accepts (probed, nothing committed).',
    source: '"load can\'t rebalance freely (a hot server stays hot)"',
    explanation: 'The new node cannot serve the existing users, so it takes none of the old nodes\' load: a hot server stays hot.',
    expected: expect(N, N, Y, Y, Y, Y),
    decidedBy: 'model',
    judged: newNodeServes,
  },
  {
    id: 'deploy.no-logout',
    title: 'Deploys log no one out',
    statement: 'Draining a node and restarting it (a rolling-deploy step) logs no one out: a valid credential that saw only drains is still accepted.',
    source: '"draining a node for a deploy logs its users out"',
    explanation: 'A rolling deploy restarted a node and its users lost their sessions.',
    expected: expect(N, N, Y, Y, Y, Y),
    decidedBy: 'model',
    judged: noLogoutOnDeploy,
  },
  {
    id: 'store.outage-tolerant',
    title: 'A store outage refuses no request',
    statement: 'A store outage never turns a request (any request that reaches a node: login, whoami, addItem, logout, refresh, revoke, a replay) that would be accepted with the store up into a refused one (counterfactual).',
    source: '"the central store ... is a dependency that must stay available"',
    explanation: 'The store went down and a request that would otherwise succeed failed: the store is a dependency that request needs.',
    expected: expect(Y, Y, N, Y, N, N),
    revised: {
      'jwt-refresh': {
        from: 'holds',
        evidence: 'login and refresh need the store: storeDown(), login(u0) answers 503 where the store-up counterfactual answers 200 (shortest, found by exhaustive search), and so does login(u0), storeDown(), refresh(u0) (round 2, DESIGN: "under its literal statement store.outage-tolerant is refuted for jwt-refresh").',
      },
    },
    decidedBy: 'model',
    judged: outageTolerant,
  },
  {
    id: 'store.outage-tolerant-ordinary',
    title: 'A store outage refuses no ordinary request',
    statement: 'A store outage never turns an ordinary request (whoami, addItem) that would be accepted with the store up into a refused one (counterfactual).',
    source: '"the central store ... is a dependency that must stay available"; JWTs "need no session store"',
    explanation: 'The store went down and an ordinary request that would otherwise succeed failed: the store is on the path of every request, not only of logins and refreshes.',
    expected: expect(Y, Y, N, Y, Y, N),
    decidedBy: 'model',
    judged: outageTolerantOrdinary,
  },
  {
    id: 'store.none',
    title: 'No session store at all',
    statement: 'The shared store never holds per-client data.',
    source: '"the store must be scaled and protected"; "a denylist quietly reintroduces server-side state"',
    explanation: 'Per-client data sits in the shared store, which therefore must be scaled, protected and kept available.',
    expected: expect(Y, Y, N, Y, N, N),
    decidedBy: 'model',
    judged: noStore,
  },
  {
    id: 'token.constant-size',
    title: 'The credential does not grow with session data',
    statement: 'Adding a cart item never makes the credential the client sends bigger.',
    source: '"tokens can\'t grow without bloating every request"',
    explanation: 'Session data lives inside the credential, so every item added makes every later request bigger.',
    expected: expect(Y, Y, Y, N, N, N),
    decidedBy: 'model',
    judged: constantSize,
  },
  {
    id: 'token.fits-cookie',
    title: 'The credential fits in a cookie',
    statement: 'Every credential a client holds stays at or under 4096 bytes for any cart the scope allows.',
    source: '"tokens can\'t grow without bloating every request"',
    explanation: 'With a cart the scope allows, the token outgrows the 4096 bytes a browser keeps in one cookie.',
    expected: expect(Y, Y, Y, N, N, N),
    decidedBy: 'model',
    judged: fitsCookie,
  },
  {
    id: 'logout.invalidates',
    title: 'Logout invalidates the credential',
    statement: 'A copy of a credential taken before an acknowledged logout is rejected after it (no store wipe between).',
    source: '"JWTs can\'t be revoked before expiry"',
    explanation: 'The user logged out and was told so, yet a copy of the credential still works.',
    expected: expect(N, Y, Y, N, N, Y),
    decidedBy: 'model',
    judged: logoutInvalidates,
  },
  {
    id: 'revocation.bounded',
    title: 'Revocation takes effect within 5 minutes',
    statement: 'A credential covered by an acknowledged revoke is refused from 300 s after the revoke on (the observed window is reported).',
    source: '"short expiries plus refresh tokens or a denylist are the ways out"',
    column: 'revokeInstantly',
    explanation: 'A revoked credential was still accepted more than five minutes after the revoke.',
    expected: expect(Y, Y, Y, N, Y, Y),
    decidedBy: 'model',
    needsClock: 'its witness is a presentation 300 s or more after a revoke',
    judged: revocationBounded,
  },
  {
    id: 'safety.no-impersonation',
    title: 'No impersonation',
    statement: 'A request is only ever accepted as the owner of the credential it presents; a login only as its user.',
    source: 'safety (implicit in every row of the table)',
    explanation: 'A request was accepted as someone other than the credential\'s owner.',
    expected: expect(Y, Y, Y, Y, Y, Y),
    decidedBy: 'model',
    judged: noImpersonation,
  },
  {
    id: 'safety.expiry',
    title: 'Expired credentials are refused',
    statement: 'No credential is accepted at or after its expiry.',
    source: '"JWTs can\'t be revoked before expiry" (expiry is the one limit that always holds)',
    explanation: 'A credential was accepted after it had expired.',
    expected: expect(Y, Y, Y, Y, Y, Y),
    decidedBy: 'model',
    needsClock: 'its witness is a credential presented after its expiry',
    judged: expiry,
  },
  {
    id: 'safety.fail-closed',
    title: 'Store failures fail closed',
    statement: 'A store failure never makes a request accepted that the store, reachable, would refuse (counterfactual).',
    source: '"the central store ... is a dependency that must stay available"',
    explanation: 'With the store unreachable, a request the store would have refused was let through.',
    expected: expect(Y, Y, Y, Y, Y, Y),
    decidedBy: 'model',
    judged: failClosed,
  },
  {
    id: 'safety.forged-rejected',
    title: 'Forged credentials are rejected',
    statement: 'Tampered, re-encoded, re-signed, expired or guessed credentials are never accepted (implementation).',
    source: 'safety (implicit): "stateless JWTs" are only as good as their verification',
    explanation: 'A forged or tampered credential was accepted.',
    expected: expect(Y, Y, Y, Y, Y, Y),
    decidedBy: 'impl',
    judged: forgedRejected,
  },
  {
    id: 'safety.fixation',
    title: 'No session fixation',
    statement: 'Login always issues a fresh credential; unknown or pre-login IDs are never adopted (implementation).',
    source: 'safety (implicit): session management',
    explanation: 'A credential chosen before login was adopted by the server.',
    expected: expect(Y, Y, Y, Y, Y, Y),
    decidedBy: 'impl',
    judged: noFixation,
  },
  {
    id: 'refresh.reuse-revokes-family',
    title: 'Refresh-token reuse revokes the family',
    statement: 'Presenting a rotated-out refresh token is refused and revokes every refresh token of its family.',
    source: '"short expiries plus refresh tokens ... are the ways out"',
    explanation: 'A rotated-out refresh token was replayed and its family stayed usable.',
    expected: expect(NA, NA, NA, NA, Y, NA),
    requires: 'refreshTokens',
    decidedBy: 'model',
    judged: reuseRevokesFamily,
  },
  {
    id: 'concurrency.no-lost-update',
    title: 'Concurrent updates are not lost',
    statement: 'Concurrent addItem requests on one session all persist: after a batch of concurrent requests in a generated program, every node that answers the session reports every acknowledged item (the system\'s own trace, its /me reporting the cart count), and in every interleaving fast-check\'s scheduler picks (implementation check).',
    source: '"the store must be scaled and protected" (shared state needs atomic updates)',
    explanation: 'Two concurrent writes to one session raced and one of them was lost.',
    expected: expect(Y, Y, Y, N, N, N),
    decidedBy: 'impl',
    judged: noLostUpdate,
  },
  {
    id: 'conformance.model-impl',
    title: 'The implementation behaves as the model',
    statement: 'At every step, the model explains the implementation\'s answer: the node that served is one the model\'s balancer may pick (the model then follows that choice), and status, user, store round trips (exact for built-ins, none versus some for plug-ins) and whether a credential was issued equal the model\'s.',
    source: 'sessioncheck: every verdict is backed by running code',
    explanation: 'The implementation answered differently from the model at this step.',
    expected: expect(Y, Y, Y, Y, Y, Y),
    decidedBy: 'impl',
  },
  {
    id: 'store.failover-durable',
    title: 'Store failover keeps acknowledged writes',
    statement: 'Sessions, logouts and revocations acknowledged before a store primary failover survive it (real Redis, asynchronous replication).',
    source: '"the store must be scaled and protected"',
    explanation: 'The store\'s primary failed over to a replica that had not yet received an acknowledged write.',
    expected: expect(NA, NA, N, NA, N, N),
    decidedBy: 'redis',
  },
];

export const catalog: readonly Property[] = entries.map(withNaive);

export const propertyIds: readonly PropertyId[] = catalog.map((p) => p.id);

export function isPropertyId(value: string): value is PropertyId {
  return (propertyIds as readonly string[]).includes(value);
}

export function property(id: PropertyId): Property {
  const found = catalog.find((p) => p.id === id);
  if (!found) throw new RangeError(`unknown property "${id}"`);
  return found;
}

/**
 * A property with a predicate as the explorer's check: `check` over edges, `judge` over step facts
 * (what the flat engine runs) and `judgeOn`, the action types it can fire on (`Judged.on`).
 */
export function explorerCheck(p: Property & { readonly check: NonNullable<Property['check']> }): EdgeCheck {
  return { id: p.id, check: p.check, expected: p.expected, ...(p.judged ? { judge: p.judged.judge } : {}), ...(p.judged?.on ? { judgeOn: p.judged.on } : {}) };
}
