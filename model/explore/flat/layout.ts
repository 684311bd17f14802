/**
 * The flat state: one `Int32Array` per state, fixed offsets computed from the scope. It holds
 * exactly what the readable `State` holds for the strategies the flat engine supports (sessions
 * in node memory or in the store, no tokens), with the redundancies of the readable state left
 * out because they are functions of what stays:
 *
 * - credential IDs are ledger positions (ID k is entry k − 1: these strategies take IDs only
 *   by issuing, so `nextId` is the ledger's length + 1);
 * - every ledger entry is a session whose `expiresAt` is `issuedAt + ttl.session`, whose user
 *   is its owner, and which lives in at most one place (the node that issued it, or the store),
 *   so a node's sessions are a bit mask of IDs and a session's cart sits in its ledger word
 *   (0 while the session is held nowhere, as the readable ledger's `items` is);
 * - the store's entries are sessions only: a bit mask of IDs (their order carries nothing).
 *
 * Layout (words): the header (clock, round-robin pointer, store up, node count, ledger length,
 * store mask), one word per node slot (bit 0 up, bits 1.. the session mask), four words per
 * client (credential, affinity, the attacker's `stolen` and `older`: IDs, 0 for none; affinity
 * −1 for none), four words per ledger slot (see {@link LedgerWord}). Unused slots are zero, so
 * two states are equal exactly when their buffers are.
 */
import type { Scope } from '../../types.ts';

const CLOCK = 0;
const POINTER = 1;
const STORE_UP = 2;
const NODES = 3;
const LEDGER = 4;
const STORE = 5;
const HEADER = 6;

/** Client words, relative to the client's base. */
const CREDENTIAL = 0;
const AFFINITY = 1;
const STOLEN = 2;
const OLDER = 3;
const CLIENT_WORDS = 4;

/**
 * Ledger words, relative to the entry's base: `FLAGS` packs the owner (bits 0–3), the faults
 * (4–7), wipedSinceRevoked (8), wipedSinceLoggedOut (9), refusedBeforeWipe (10) and the
 * session's cart (12–); then issuedAt, revokedAt and loggedOutAt (−1 for none).
 */
export const LedgerWord = { FLAGS: 0, ISSUED: 1, REVOKED: 2, LOGGED_OUT: 3 } as const;
const ENTRY_WORDS = 4;
const OWNER_MASK = 0xf;
const FAULT_SHIFT = 4;
const WIPED_REVOKED = 1 << 8;
const WIPED_LOGGED_OUT = 1 << 9;
const REFUSED_BEFORE_WIPE = 1 << 10;
const ITEMS_SHIFT = 12;

/** Session masks live in 30 bits of a word (bit 0 of a node word is its up flag). */
const MAX_CREDENTIALS = 30;

/**
 * The word offsets and bits above, as one object: modules that use them take local copies
 * (\`const { CLOCK } = W\`), so a hot loop reads a constant, not an imported binding.
 */
export const W = { CLOCK, POINTER, STORE_UP, NODES, LEDGER, STORE, HEADER, CREDENTIAL, AFFINITY, STOLEN, OLDER, CLIENT_WORDS, ENTRY_WORDS, OWNER_MASK, FAULT_SHIFT, WIPED_REVOKED, WIPED_LOGGED_OUT, REFUSED_BEFORE_WIPE, ITEMS_SHIFT, MAX_CREDENTIALS } as const;

/** Offsets of one scope's flat states. */
export class FlatLayout {
  readonly users: number;
  readonly maxNodes: number;
  /** Ledger slots: the most credentials a state can hold. */
  readonly capacity: number;
  readonly nodeBase = HEADER;
  readonly clientBase: number;
  readonly ledgerBase: number;
  /** Words per state. */
  readonly size: number;

  constructor(scope: Scope, capacity: number) {
    if (scope.users > OWNER_MASK + 1) throw new RangeError(`the flat engine holds at most ${OWNER_MASK + 1} users, got ${scope.users}`);
    if (capacity > MAX_CREDENTIALS) throw new RangeError(`the flat engine holds at most ${MAX_CREDENTIALS} credentials, got ${capacity}`);
    this.users = scope.users;
    this.maxNodes = scope.maxNodes;
    this.capacity = capacity;
    this.clientBase = HEADER + scope.maxNodes;
    this.ledgerBase = this.clientBase + CLIENT_WORDS * scope.users;
    this.size = this.ledgerBase + ENTRY_WORDS * capacity;
  }

  client(user: number): number {
    return this.clientBase + CLIENT_WORDS * user;
  }

  /** Base of credential `id`'s ledger entry (IDs from 1). */
  entry(id: number): number {
    return this.ledgerBase + ENTRY_WORDS * (id - 1);
  }

  /** Words in use: the rest of the buffer is zero. */
  used(s: Int32Array): number {
    return this.ledgerBase + ENTRY_WORDS * s[LEDGER];
  }
}

