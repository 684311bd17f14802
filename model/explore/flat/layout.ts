/**
 * The flat state: one `Int32Array` per state, fixed offsets computed from the scope. It holds
 * exactly what the readable `State` holds for the strategies the flat engine supports, with the
 * redundancies of the readable state left out because they are functions of what stays. Two
 * layouts: one for sessions (in node memory or in the store), one for tokens (below).
 *
 * Sessions:
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
 *
 * Tokens (jwt, jwt-denylist, jwt-refresh): nodes hold nothing, so a node word is its up bit, and
 * the store's entries are kept where their keys point:
 *
 * - credential IDs are ledger positions, as above (the readable model also spends IDs on
 *   families and epochs; the readable canonicaliser renumbers credentials by ledger position, so
 *   the two namings give the same classes of states);
 * - a family (a jwt-refresh refresh family, a jwt-denylist session) is named by the ID of its
 *   first credential (the refresh token a login issues; the token a login issues), and its store
 *   record lives in that entry's `FAMILY_STORE` word: present, revoked and current for a
 *   jwt-refresh family, denied for a jwt-denylist session. Its expiry is that first credential's
 *   (a family expires with its first refresh token; a session's tokens share one expiry);
 * - a revocation epoch is named by its first appearance in the ledger (1, 2, … as logins read
 *   them), and a user's stored epoch sits in the user's client block: 0 for none, a name, or
 *   {@link FRESH_EPOCH} for one no credential carries yet (such an epoch appears nowhere else, so
 *   its value carries nothing).
 *
 * The readable canonicaliser names families and epochs by first appearance too, so a flat state
 * and its readable twin determine each other up to those namings.
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
/** Token layout only: the refresh parts of the three credentials, and the user's stored revocation epoch. */
const CREDENTIAL_REFRESH = 4;
const STOLEN_REFRESH = 5;
const OLDER_REFRESH = 6;
const STORE_EPOCH = 7;
const TOKEN_CLIENT_WORDS = 8;
/** A stored epoch no credential carries (see the layout above). */
export const FRESH_EPOCH = 0x7fff;

/**
 * Ledger words, relative to the entry's base: `FLAGS` packs the owner (bits 0–3), the faults
 * (4–7), wipedSinceRevoked (8), wipedSinceLoggedOut (9), refusedBeforeWipe (10) and the
 * session's cart (12–); then issuedAt, revokedAt and loggedOutAt (−1 for none).
 */
export const LedgerWord = { FLAGS: 0, ISSUED: 1, REVOKED: 2, LOGGED_OUT: 3, EXPIRES: 4, FAMILY: 5, EPOCH: 6, FAMILY_STORE: 7 } as const;
const ENTRY_WORDS = 4;
/**
 * Token layout: four more words per entry, `EXPIRES`, `FAMILY` (the ID of the family's first
 * credential, 0 for none), `EPOCH` (its name, 0 for none) and `FAMILY_STORE` (the store's record
 * of the family this entry begins: the bits below, and the current refresh token's ID from bit 8);
 * `FLAGS` bit 11 marks a refresh token.
 */
const TOKEN_ENTRY_WORDS = 8;
const REFRESH_KIND = 1 << 11;
const FAMILY_PRESENT = 1;
const FAMILY_REVOKED = 2;
const FAMILY_DENIED = 4;
const CURRENT_SHIFT = 8;
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
export const W = {
  CLOCK, POINTER, STORE_UP, NODES, LEDGER, STORE, HEADER, CREDENTIAL, AFFINITY, STOLEN, OLDER, CREDENTIAL_REFRESH, STOLEN_REFRESH, OLDER_REFRESH, STORE_EPOCH,
  OWNER_MASK, FAULT_SHIFT, WIPED_REVOKED, WIPED_LOGGED_OUT, REFUSED_BEFORE_WIPE, REFRESH_KIND, ITEMS_SHIFT, MAX_CREDENTIALS,
  FAMILY_PRESENT, FAMILY_REVOKED, FAMILY_DENIED, CURRENT_SHIFT,
} as const;

/** Offsets of one scope's flat states. */
export class FlatLayout {
  readonly users: number;
  readonly maxNodes: number;
  /** Ledger slots: the most credentials a state can hold. */
  readonly capacity: number;
  readonly nodeBase = HEADER;
  readonly clientBase: number;
  readonly ledgerBase: number;
  /** Words per client block and per ledger entry (4 and 4 for sessions, 8 and 8 for tokens). */
  readonly clientWords: number;
  readonly entryWords: number;
  /** Words per state. */
  readonly size: number;

  /** Whether this is the token layout (see above). */
  readonly tokens: boolean;

  /** `tokenKind`: the token layout, whose tokens other than refresh tokens are of this kind; null: the session layout. */
  constructor(scope: Scope, capacity: number, readonly tokenKind: 'jwt' | 'access' | null = null) {
    const tokens = tokenKind !== null;
    this.tokens = tokens;
    if (scope.users > OWNER_MASK + 1) throw new RangeError(`the flat engine holds at most ${OWNER_MASK + 1} users, got ${scope.users}`);
    if (capacity > MAX_CREDENTIALS) throw new RangeError(`the flat engine holds at most ${MAX_CREDENTIALS} credentials, got ${capacity}`);
    this.users = scope.users;
    this.maxNodes = scope.maxNodes;
    this.capacity = capacity;
    this.clientWords = tokens ? TOKEN_CLIENT_WORDS : CLIENT_WORDS;
    this.entryWords = tokens ? TOKEN_ENTRY_WORDS : ENTRY_WORDS;
    this.clientBase = HEADER + scope.maxNodes;
    this.ledgerBase = this.clientBase + this.clientWords * scope.users;
    this.size = this.ledgerBase + this.entryWords * capacity;
  }

  client(user: number): number {
    return this.clientBase + this.clientWords * user;
  }

  /** Base of credential `id`'s ledger entry (IDs from 1). */
  entry(id: number): number {
    return this.ledgerBase + this.entryWords * (id - 1);
  }

  /** Words in use: the rest of the buffer is zero. */
  used(s: Int32Array): number {
    return this.ledgerBase + this.entryWords * s[LEDGER];
  }
}

