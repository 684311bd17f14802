/**
 * The readable `State` of a flat state and back: how the differential test compares the two
 * engines state for state, and how checks written over readable edges (the explorer's
 * "sometimes" checks) read a flat edge.
 */
import type { ClientState, Credential, LedgerEntry, NodeState, State, StoreEntry } from '../../types.ts';
import { FlatLayout, FRESH_EPOCH, LedgerWord, W } from './layout.ts';

const {
  AFFINITY, CLOCK, CREDENTIAL, CREDENTIAL_REFRESH, CURRENT_SHIFT, FAMILY_DENIED, FAMILY_PRESENT, FAMILY_REVOKED, FAULT_SHIFT, ITEMS_SHIFT, LEDGER, NODES, OLDER, OLDER_REFRESH,
  OWNER_MASK, POINTER, REFRESH_KIND, REFUSED_BEFORE_WIPE, STOLEN, STOLEN_REFRESH, STORE, STORE_EPOCH, STORE_UP, WIPED_LOGGED_OUT, WIPED_REVOKED,
} = W;
const LW = LedgerWord;
/** The bit of credential `id` in a session mask. */
const bit = (id: number) => 1 << (id - 1);

const credential = (id: number, refresh = 0): Credential | null => (id === 0 ? null : { main: id, refresh: refresh === 0 ? null : refresh });

/** The ledger entry of credential `id` in `s`, as the readable ledger holds it; written into `into` when given (no allocation). */
export function flatEntry(layout: FlatLayout, s: Int32Array, id: number, sessionTtl: number, into?: LedgerEntry): LedgerEntry {
  const e = layout.entry(id);
  const flags = s[e + LW.FLAGS];
  const revokedAt = s[e + LW.REVOKED];
  const loggedOutAt = s[e + LW.LOGGED_OUT];
  const out = (into ?? { id, owner: 0, kind: 'session', issuedAt: 0, expiresAt: 0, items: 0, family: null, epoch: 0, revokedAt: null, loggedOutAt: null, faults: 0, wipedSinceRevoked: false, wipedSinceLoggedOut: false, refusedBeforeWipe: false }) as { -readonly [K in keyof LedgerEntry]: LedgerEntry[K] };
  out.id = id;
  out.owner = flags & OWNER_MASK;
  out.issuedAt = s[e + LW.ISSUED];
  if (layout.tokenKind === null) {
    out.kind = 'session';
    out.expiresAt = s[e + LW.ISSUED] + sessionTtl;
    out.items = 0;
    out.family = null;
    out.epoch = 0;
  } else {
    out.kind = (flags & REFRESH_KIND) !== 0 ? 'refresh' : layout.tokenKind;
    out.expiresAt = s[e + LW.EXPIRES];
    out.items = flags >>> ITEMS_SHIFT;
    out.family = s[e + LW.FAMILY] === 0 ? null : s[e + LW.FAMILY];
    out.epoch = s[e + LW.EPOCH];
  }
  out.revokedAt = revokedAt === -1 ? null : revokedAt;
  out.loggedOutAt = loggedOutAt === -1 ? null : loggedOutAt;
  out.faults = (flags >> FAULT_SHIFT) & 0xf;
  out.wipedSinceRevoked = (flags & WIPED_REVOKED) !== 0;
  out.wipedSinceLoggedOut = (flags & WIPED_LOGGED_OUT) !== 0;
  out.refusedBeforeWipe = (flags & REFUSED_BEFORE_WIPE) !== 0;
  return out;
}

/** The cart of session `id` (0 while it is held nowhere), or of token `id`. */
export function flatItems(layout: FlatLayout, s: Int32Array, id: number): number {
  return s[layout.entry(id) + LW.FLAGS] >>> ITEMS_SHIFT;
}

/**
 * The readable state. Store entries are listed by ID; the readable store keeps them in insertion
 * order, which carries nothing (`storeFind` finds at most one per key): compare with
 * {@link sortedStore}.
 */
export function decodeFlat(layout: FlatLayout, s: Int32Array, sessionTtl: number): State {
  if (layout.tokens) return decodeTokens(layout, s);
  const ledger: LedgerEntry[] = [];
  for (let id = 1; id <= s[LEDGER]; id++) ledger.push(flatEntry(layout, s, id, sessionTtl));
  const sessionsIn = (mask: number) => ledger.filter((e) => (mask & bit(e.id)) !== 0);
  const nodes: NodeState[] = [];
  for (let n = 0; n < s[NODES]; n++) {
    const word = s[layout.nodeBase + n];
    nodes.push({ up: (word & 1) !== 0, sessions: sessionsIn(word >> 1).map((e) => ({ id: e.id, user: e.owner, items: flatItems(layout, s, e.id), expiresAt: e.expiresAt })) });
  }
  const entries: StoreEntry[] = sessionsIn(s[STORE]).map((e) => ({ kind: 'session', id: e.id, user: e.owner, items: flatItems(layout, s, e.id), expiresAt: e.expiresAt }));
  const clients: ClientState[] = [];
  for (let u = 0; u < layout.users; u++) {
    const c = layout.client(u);
    clients.push({ credential: credential(s[c + CREDENTIAL]), affinity: s[c + AFFINITY] < 0 ? null : s[c + AFFINITY], stolen: credential(s[c + STOLEN]), older: credential(s[c + OLDER]) });
  }
  return { clock: s[CLOCK], nodes, lbPointer: s[POINTER], store: { up: s[STORE_UP] !== 0, entries }, clients, ledger, nextId: s[LEDGER] + 1 };
}

/**
 * The readable state of a token layout's flat state: families are named by their first
 * credential's ID, epochs by their names, and a stored epoch no credential carries by an ID after
 * the ledger's (`nextId` counts them). So, unlike the model's, a family or an epoch may share its
 * number with a credential: the model and the canonicaliser compare IDs within a kind only, and a
 * check reading a decoded state must too.
 */
function decodeTokens(layout: FlatLayout, s: Int32Array): State {
  const ledger: LedgerEntry[] = [];
  for (let id = 1; id <= s[LEDGER]; id++) ledger.push(flatEntry(layout, s, id, 0));
  const nodes: NodeState[] = [];
  for (let n = 0; n < s[NODES]; n++) nodes.push({ up: (s[layout.nodeBase + n] & 1) !== 0, sessions: [] });
  const entries: StoreEntry[] = [];
  for (const e of ledger) {
    const record = s[layout.entry(e.id) + LW.FAMILY_STORE];
    if ((record & FAMILY_PRESENT) !== 0) entries.push({ kind: 'family', id: e.id, user: e.owner, current: record >>> CURRENT_SHIFT, revoked: (record & FAMILY_REVOKED) !== 0, expiresAt: e.expiresAt });
    if ((record & FAMILY_DENIED) !== 0) entries.push({ kind: 'deny', session: e.id, expiresAt: e.expiresAt });
  }
  let nextId = s[LEDGER] + 1;
  const clients: ClientState[] = [];
  for (let u = 0; u < layout.users; u++) {
    const c = layout.client(u);
    const epoch = s[c + STORE_EPOCH];
    if (epoch !== 0) entries.push({ kind: 'epoch', user: u, epoch: epoch === FRESH_EPOCH ? nextId++ : epoch });
    clients.push({
      credential: credential(s[c + CREDENTIAL], s[c + CREDENTIAL_REFRESH]), affinity: s[c + AFFINITY] < 0 ? null : s[c + AFFINITY],
      stolen: credential(s[c + STOLEN], s[c + STOLEN_REFRESH]), older: credential(s[c + OLDER], s[c + OLDER_REFRESH]),
    });
  }
  return { clock: s[CLOCK], nodes, lbPointer: s[POINTER], store: { up: s[STORE_UP] !== 0, entries }, clients, ledger, nextId };
}

/** A readable state with its store entries sorted by kind and ID (their order carries nothing). */
export function sortedStore(state: State): State {
  const key = (e: StoreEntry) => (e.kind === 'deny' ? e.session : e.kind === 'epoch' ? e.user : e.id);
  const entries = [...state.store.entries].sort((a, b) => a.kind.localeCompare(b.kind) || key(a) - key(b));
  return { ...state, store: { ...state.store, entries } };
}
