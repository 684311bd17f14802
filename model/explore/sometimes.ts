/**
 * "Sometimes" checks: situations some edge must reach, so that a property holding over the
 * explored space is not holding vacuously (e.g. failover.sessions-survive is only meaningful if a
 * valid credential is ever presented after a crash).
 */
import type { ModelStrategy } from '../strategy.ts';
import type { Action, Credential, LedgerEntry, State } from '../types.ts';
import { Fault } from '../types.ts';
import { issuedTo } from '../actions.ts';
import { ledgerEntry } from '../world.ts';
import type { Edge, SometimesCheck } from './types.ts';

/** The credential part an action presents (main for ordinary requests, the refresh token for refresh). */
export function presentedEntry(before: State, action: Action): LedgerEntry | undefined {
  let credential: Credential | null = null;
  let part: 'main' | 'refresh' = 'main';
  switch (action.type) {
    case 'whoami':
    case 'addItem':
    case 'logout':
      credential = before.clients[action.user].credential;
      break;
    case 'refresh':
      credential = before.clients[action.user].credential;
      part = 'refresh';
      break;
    case 'replayStolen':
      credential = before.clients[action.user].stolen;
      break;
    case 'replayRefresh':
      credential = before.clients[action.user].stolen;
      part = 'refresh';
      break;
    case 'replayOlder':
      credential = before.clients[action.user].older;
      break;
    case 'replayIssued':
      return issuedTo(before, action.user, action.index);
    default:
      return undefined;
  }
  const id = credential === null ? null : part === 'main' ? credential.main : credential.refresh;
  return id === null ? undefined : ledgerEntry(before, id);
}

const ordinary = (a: Action) => a.type === 'whoami' || a.type === 'addItem';
const valid = (e: LedgerEntry, clock: number) => clock < e.expiresAt && e.revokedAt === null && e.loggedOutAt === null;
const anyLoggedIn = (s: State) => s.clients.some((c) => {
  const e = c.credential && ledgerEntry(s, c.credential.main);
  return e !== undefined && e !== null && s.clock < e.expiresAt;
});
const always = (_: ModelStrategy) => true;

/** A valid credential whose faults since issue are exactly `faults` is presented by an ordinary request. */
function presentedAfter(faults: number) {
  return (edge: Edge) => {
    if (!ordinary(edge.action)) return false;
    const e = presentedEntry(edge.before, edge.action);
    return e !== undefined && e.faults === faults && valid(e, edge.before.clock);
  };
}

/** The default "sometimes" checks. */
export const sometimesChecks: readonly SometimesCheck[] = [
  {
    id: 'accepted-request',
    statement: 'an ordinary request (whoami, addItem) is accepted',
    appliesTo: always,
    test: (edge) => ordinary(edge.action) && edge.observation.status === 200,
  },
  {
    id: 'crash-while-logged-in',
    statement: 'a node crashes while a user holds an unexpired credential',
    appliesTo: always,
    test: (edge) => edge.action.type === 'crash' && anyLoggedIn(edge.before),
  },
  {
    id: 'request-after-crash',
    statement: 'a valid credential whose only fault is a crash is presented (failover.sessions-survive is not vacuous)',
    appliesTo: always,
    test: presentedAfter(Fault.crash),
  },
  {
    id: 'request-after-drain',
    statement: 'a valid credential whose only fault is a drain is presented (deploy.no-logout is not vacuous)',
    appliesTo: always,
    test: presentedAfter(Fault.drain),
  },
  {
    id: 'scale-out-while-logged-in',
    statement: 'a node is added while a user holds an unexpired credential',
    appliesTo: always,
    test: (edge) => edge.action.type === 'addNode' && anyLoggedIn(edge.before),
  },
  {
    id: 'acknowledged-revoke',
    statement: 'an acknowledged revoke covers an unexpired credential',
    appliesTo: always,
    test: (edge) => edge.action.type === 'revoke' && edge.observation.status === 200
      && edge.after.ledger.some((e) => e.revokedAt === edge.before.clock && edge.before.clock < e.expiresAt
        && ledgerEntry(edge.before, e.id)?.revokedAt === null),
  },
  {
    id: 'revoked-presented',
    statement: 'a credential covered by an acknowledged revoke is presented again (revocation.instant is not vacuous)',
    appliesTo: always,
    test: (edge) => presentedEntry(edge.before, edge.action)?.revokedAt != null,
  },
  {
    id: 'logged-out-replayed',
    statement: 'an attacker replays a copy of a credential after an acknowledged logout (logout.invalidates is not vacuous)',
    appliesTo: always,
    test: (edge) => edge.action.type === 'replayStolen' && presentedEntry(edge.before, edge.action)?.loggedOutAt != null,
  },
  {
    id: 'refused-then-wiped-presented',
    statement: 'a credential refused everywhere before a store wipe is presented after it (revocation.durable is not vacuous)',
    appliesTo: always,
    test: (edge) => presentedEntry(edge.before, edge.action)?.refusedBeforeWipe === true,
  },
  {
    id: 'request-during-outage',
    statement: 'an ordinary request presents a valid credential while the store is down',
    appliesTo: always,
    test: (edge) => {
      if (!ordinary(edge.action) || edge.before.store.up) return false;
      const e = presentedEntry(edge.before, edge.action);
      return e !== undefined && valid(e, edge.before.clock);
    },
  },
  {
    id: 'cart-grows',
    statement: 'an item is added to a cart',
    appliesTo: always,
    test: (edge) => edge.action.type === 'addItem' && edge.observation.status === 200,
  },
  {
    id: 'expired-presented',
    statement: 'an expired credential is presented (safety.expiry is not vacuous)',
    appliesTo: always,
    test: (edge) => {
      const e = presentedEntry(edge.before, edge.action);
      return e !== undefined && edge.before.clock >= e.expiresAt;
    },
  },
  {
    id: 'refresh-reused',
    statement: 'a rotated-out, unexpired refresh token is presented (refresh.reuse-revokes-family is not vacuous)',
    appliesTo: (strategy) => strategy.refreshTokens,
    test: (edge) => {
      if (edge.action.type !== 'refresh' && edge.action.type !== 'replayRefresh') return false;
      const e = presentedEntry(edge.before, edge.action);
      return e !== undefined && e.kind === 'refresh' && edge.before.clock < e.expiresAt
        && edge.before.ledger.some((o) => o.kind === 'refresh' && o.family === e.family && o.id > e.id);
    },
  },
];
