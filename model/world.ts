/**
 * Small immutable helpers the strategies share: reading token claims, issuing credentials,
 * and editing node memory and store entries. Each returns a new state and never mutates.
 */
import type { Credential, CredentialKind, LedgerEntry, NodeState, SessionRecord, State, StoreEntry } from './types.ts';

/** What a server can read from a credential: its claims, never the ledger's history fields. */
export type Claims = Pick<LedgerEntry, 'id' | 'owner' | 'kind' | 'issuedAt' | 'expiresAt' | 'items' | 'family' | 'epoch'>;

/** The ledger entry of a credential ID (IDs are unique and the ledger is sorted by them). */
export function ledgerEntry(state: State, id: number): LedgerEntry | undefined {
  const ledger = state.ledger;
  let lo = 0;
  let hi = ledger.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = ledger[mid];
    if (e.id === id) return e;
    if (e.id < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** The claims a signed token carries (a server verifying a JWT sees exactly these). */
export function claims(state: State, id: number): Claims | undefined {
  return ledgerEntry(state, id);
}

export interface IssueSpec {
  readonly owner: number;
  readonly kind: CredentialKind;
  readonly expiresAt: number;
  readonly items?: number;
  readonly family?: number | null;
  readonly epoch?: number;
}

/** Records a freshly issued credential in the ledger and returns its ID. */
export function issue(state: State, spec: IssueSpec): [State, number] {
  const id = state.nextId;
  const entry: LedgerEntry = {
    id,
    owner: spec.owner,
    kind: spec.kind,
    issuedAt: state.clock,
    expiresAt: spec.expiresAt,
    items: spec.items ?? 0,
    family: spec.family ?? null,
    epoch: spec.epoch ?? 0,
    revokedAt: null,
    loggedOutAt: null,
    faults: 0,
    wipedSinceRevoked: false,
    wipedSinceLoggedOut: false,
    refusedBeforeWipe: false,
  };
  return [{ ...state, ledger: [...state.ledger, entry], nextId: id + 1 }, id];
}

/** A fresh unique value (family IDs, revocation epochs). */
export function freshId(state: State): [State, number] {
  return [{ ...state, nextId: state.nextId + 1 }, state.nextId];
}

export function withNode(state: State, index: number, node: NodeState): State {
  const nodes = state.nodes.slice();
  nodes[index] = node;
  return { ...state, nodes };
}

/** A live (unexpired) session in one node's memory. */
export function nodeSession(state: State, node: number, id: number): SessionRecord | undefined {
  const s = state.nodes[node].sessions.find((r) => r.id === id);
  return s !== undefined && state.clock < s.expiresAt ? s : undefined;
}

export function withNodeSessions(state: State, node: number, sessions: readonly SessionRecord[]): State {
  return withNode(state, node, { ...state.nodes[node], sessions });
}

/** Finds a live store entry. Expired entries count as absent, as with Redis key expiry. */
export function storeFind<K extends StoreEntry['kind']>(
  state: State,
  kind: K,
  test: (e: Extract<StoreEntry, { kind: K }>) => boolean,
): Extract<StoreEntry, { kind: K }> | undefined {
  for (const e of state.store.entries) {
    if (e.kind !== kind) continue;
    const typed = e as Extract<StoreEntry, { kind: K }>;
    if ('expiresAt' in typed && state.clock >= typed.expiresAt) continue;
    if (test(typed)) return typed;
  }
  return undefined;
}

/** Replaces the store's entries. */
export function withStoreEntries(state: State, entries: readonly StoreEntry[]): State {
  return { ...state, store: { ...state.store, entries } };
}

/** Adds an entry, or replaces the ones `same` matches (SET semantics). */
export function storePut(state: State, entry: StoreEntry, same: (e: StoreEntry) => boolean): State {
  return withStoreEntries(state, [...state.store.entries.filter((e) => !same(e)), entry]);
}

/** Removes every entry `drop` matches (DEL semantics). */
export function storeDrop(state: State, drop: (e: StoreEntry) => boolean): State {
  const entries = state.store.entries.filter((e) => !drop(e));
  return entries.length === state.store.entries.length ? state : withStoreEntries(state, entries);
}

/** Clock check shared by every verifier: a credential is live while `clock < expiresAt`. */
export function isLive(state: State, c: { readonly expiresAt: number } | undefined): boolean {
  return c !== undefined && state.clock < c.expiresAt;
}

/** Every credential ID a client or the attacker holds (main and refresh parts), each once. */
export function heldIds(state: State): Set<number> {
  const held = new Set<number>();
  const add = (c: Credential | null) => {
    if (c === null) return;
    held.add(c.main);
    if (c.refresh !== null) held.add(c.refresh);
  };
  for (const client of state.clients) {
    add(client.credential);
    add(client.stolen);
    add(client.older);
  }
  return held;
}
