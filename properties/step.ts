/**
 * What a transition predicate usually needs to know about a step: which credential the request
 * presented, whether it was accepted, and whether the credential was still valid.
 */
import { credentialBytes } from '../model/credentialSize.ts';
import { liveNodes } from '../model/lb.ts';
import { presentingRequest, probe } from '../model/nextState.ts';
import type { Action, Credential, LedgerEntry, Observation, State, StrategyId } from '../model/types.ts';
import { ledgerEntry } from '../model/world.ts';
import type { StepContext } from './types.ts';

/** The ledger entry of the credential a request presented (undefined for logins, faults, ticks). */
export function presented(before: State, action: Action): LedgerEntry | undefined {
  // A switch, not a match chain: this runs for several properties on every step.
  let id: number | null | undefined;
  switch (action.type) {
    case 'whoami':
    case 'addItem':
    case 'logout':
      id = before.clients[action.user].credential?.main;
      break;
    case 'refresh':
      id = before.clients[action.user].credential?.refresh;
      break;
    case 'replayStolen':
      id = before.clients[action.user].stolen?.main;
      break;
    case 'replayRefresh':
      id = before.clients[action.user].stolen?.refresh;
      break;
    default:
      return undefined;
  }
  return id === undefined || id === null ? undefined : ledgerEntry(before, id);
}

/** Requests that authenticate with a credential (logout does not: it succeeds either way). */
export function authenticates(action: Action): boolean {
  return action.type === 'whoami' || action.type === 'addItem' || action.type === 'refresh'
    || action.type === 'replayStolen' || action.type === 'replayRefresh';
}

/** The ordinary requests of the source text: reading and writing session data. */
export function isOrdinary(action: Action): boolean {
  return action.type === 'whoami' || action.type === 'addItem';
}

/** The credential a step presented, when the server accepted it. */
export function acceptedCredential(step: StepContext): LedgerEntry | undefined {
  if (step.observation.status !== 200 || !authenticates(step.action)) return undefined;
  return presented(step.before, step.action);
}

/** Unexpired, not revoked and not logged out (acknowledged ones only). */
export function isValid(entry: LedgerEntry, clock: number): boolean {
  return clock < entry.expiresAt && entry.revokedAt === null && entry.loggedOutAt === null;
}

/** Every credential clients and the attacker hold, each once. */
export function heldCredentials(state: State): LedgerEntry[] {
  const ids = new Set<number>();
  const add = (c: Credential | null) => {
    if (!c) return;
    ids.add(c.main);
    if (c.refresh !== null) ids.add(c.refresh);
  };
  for (const client of state.clients) {
    add(client.credential);
    add(client.stolen);
  }
  return [...ids].sort((a, b) => a - b).map((id) => ledgerEntry(state, id)).filter((e): e is LedgerEntry => e !== undefined);
}

/** What each live node would answer for this credential (nothing committed). */
export function probeEverywhere(step: Pick<StepContext, 'strategy' | 'scope'>, state: State, entry: LedgerEntry): Observation[] {
  const request = presentingRequest(entry);
  return liveNodes(state).map((n) => probe(step.strategy, step.scope, state, request, n));
}

/** Two answers agree when status and user agree. */
export function sameAnswer(a: Observation, b: Observation): boolean {
  return a.status === b.status && a.user === b.user;
}

export function describeAnswer(o: Observation): string {
  return o.status === 200 ? `200 (u${o.user ?? '?'})` : String(o.status);
}

export function describeCredential(e: LedgerEntry): string {
  return `u${e.owner}'s ${e.kind === 'session' ? 'session' : e.kind === 'jwt' ? 'token' : `${e.kind} token`} #${e.id}`;
}

export function bytesOf(strategy: StrategyId, state: State, id: number | null | undefined): number {
  const entry = id === null || id === undefined ? undefined : ledgerEntry(state, id);
  return entry ? credentialBytes(entry, strategy) : 0;
}
