/**
 * The data of the pure model: scope, state, actions and observations.
 *
 * Everything here is plain, immutable data so that states can be compared, hashed and replayed.
 * No runtime code lives in this file.
 */

/** Stable strategy IDs (never renamed, never reused). */
export type StrategyId =
  | 'in-memory'
  | 'sticky'
  | 'central-store'
  | 'jwt'
  | 'jwt-refresh'
  | 'jwt-denylist'
  | 'central-store-naive';

/** How the load balancer picks a node. */
export type LbPolicy = 'round-robin' | 'sticky';

/** Lifetimes in seconds. */
export interface Ttls {
  /** Absolute lifetime of a server-side session (in node memory or in the store). */
  readonly session: number;
  /** Lifetime of a plain JWT. */
  readonly jwt: number;
  /** Lifetime of a jwt-refresh access token. */
  readonly access: number;
  /** Absolute lifetime of a jwt-refresh refresh-token family. */
  readonly refresh: number;
}

/** Bounds of a model run. They live here, never in the state. */
export interface Scope {
  readonly users: number;
  /** Nodes at the start. */
  readonly nodes: number;
  /** Upper bound for `addNode()`. */
  readonly maxNodes: number;
  /** The largest cart a session may hold; `addItem` on a full cart changes nothing. */
  readonly maxItems: number;
  /** `tick` is only enabled while the clock stays at or below this. */
  readonly maxClock: number;
  /** The step sizes offered as `tick(n)` actions. */
  readonly ticks: readonly number[];
  readonly ttl: Ttls;
}

/** Bit flags of the faults a credential has seen since it was issued. */
export const Fault = {
  crash: 1,
  drain: 2,
  storeOutage: 4,
  storeWipe: 8,
} as const;
export type FaultName = keyof typeof Fault;

export type CredentialKind = 'session' | 'jwt' | 'access' | 'refresh';

/**
 * The ledger (a history variable): every credential ever issued and what happened to it.
 * Properties read it; strategies never do.
 */
export interface LedgerEntry {
  readonly id: number;
  readonly owner: number;
  readonly kind: CredentialKind;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** Cart items carried inside the credential (JWT kinds); 0 for opaque IDs. */
  readonly items: number;
  /**
   * jwt-refresh: the family a refresh token (or the access token minted with it) belongs to;
   * jwt-denylist: the session a token and every token re-signed from it share.
   */
  readonly family: number | null;
  /** jwt-denylist: the revocation epoch read at login (0 = none stored). */
  readonly epoch: number;
  /** Clock of the acknowledged admin revoke that covered this credential. */
  readonly revokedAt: number | null;
  /** Clock of the acknowledged logout that discarded this credential. */
  readonly loggedOutAt: number | null;
  /** Faults since issue (bit flags of {@link Fault}). */
  readonly faults: number;
  /** A store wipe happened after the acknowledged revoke (which then promises nothing more). */
  readonly wipedSinceRevoked: boolean;
  /** A store wipe happened after the acknowledged logout. */
  readonly wipedSinceLoggedOut: boolean;
  /** At some store wipe, this credential was refused (401) by every live node just before it. */
  readonly refusedBeforeWipe: boolean;
}

/** A session held in a node's memory or in the store. */
export interface SessionRecord {
  readonly id: number;
  readonly user: number;
  readonly items: number;
  readonly expiresAt: number;
}

export interface NodeState {
  readonly up: boolean;
  /** Per-client memory (only in-memory and sticky put anything here). Sorted by id. */
  readonly sessions: readonly SessionRecord[];
}

/** Entries of the shared store (Redis). Expired entries are purged by `tick`. */
export type StoreEntry =
  | { readonly kind: 'session'; readonly id: number; readonly user: number; readonly items: number; readonly expiresAt: number }
  | { readonly kind: 'family'; readonly id: number; readonly user: number; readonly current: number; readonly revoked: boolean; readonly expiresAt: number }
  /** jwt-denylist: a logged-out session (the `family` its tokens share), denied until their expiry. */
  | { readonly kind: 'deny'; readonly session: number; readonly expiresAt: number }
  | { readonly kind: 'epoch'; readonly user: number; readonly epoch: number };

export interface StoreState {
  readonly up: boolean;
  readonly entries: readonly StoreEntry[];
}

/** What a client (or the attacker's copy) presents. Values are ledger IDs. */
export interface Credential {
  /** Session ID, JWT or access token. */
  readonly main: number;
  /** jwt-refresh: the refresh token. */
  readonly refresh: number | null;
}

export interface ClientState {
  readonly credential: Credential | null;
  /** Sticky: the node named by the affinity cookie. */
  readonly affinity: number | null;
  /** The attacker's copy of the credential the user most recently gave up or had revoked. */
  readonly stolen: Credential | null;
  /**
   * The attacker's copy of the one given up before `stolen` (a token re-signed away from, say). The
   * attacker's memory is a scope bound of the model: the last two credentials per user (`stolen`
   * and this); systems meet the same two presentations.
   */
  readonly older: Credential | null;
}

export interface State {
  readonly clock: number;
  readonly nodes: readonly NodeState[];
  /** Round-robin pointer: the next request goes to the first live node at or after it. */
  readonly lbPointer: number;
  readonly store: StoreState;
  readonly clients: readonly ClientState[];
  readonly ledger: readonly LedgerEntry[];
  /** Source of fresh IDs (credentials, families, epochs), from 1. Never reset, so IDs are unique. */
  readonly nextId: number;
}

/** Actions; `formatAction` gives their public string forms (`login(u0)`, `tick(60)`). */
export type Action =
  | { readonly type: 'login'; readonly user: number }
  | { readonly type: 'whoami'; readonly user: number }
  | { readonly type: 'addItem'; readonly user: number }
  | { readonly type: 'logout'; readonly user: number }
  | { readonly type: 'refresh'; readonly user: number }
  | { readonly type: 'replayStolen'; readonly user: number }
  | { readonly type: 'replayRefresh'; readonly user: number }
  /** The attacker presents its older copy ({@link ClientState.older}) to `GET /me`. */
  | { readonly type: 'replayOlder'; readonly user: number }
  /**
   * The attacker presents the `index`-th credential ever issued to u (0 the first; access tokens,
   * JWTs and session IDs in issue order, refresh tokens not counted) to `GET /me`
   * (`replayIssued(u0,3)`): the attacker holds every credential any client ever held or gave up.
   * Generated programs and replays only: the exhaustive search keeps the attacker's memory bounded
   * to `stolen` and `older` (its scope bound, so the abstract space stays finite).
   */
  | { readonly type: 'replayIssued'; readonly user: number; readonly index: number }
  /**
   * The attacker presents a forgery built from what u holds (`properties/attacks.ts`) to `GET /me`:
   * no part of it was issued, so the model refuses it (401) and changes nothing but the balancer's pointer.
   */
  | { readonly type: 'forge'; readonly user: number }
  /**
   * Fixation: the attacker plants its newest copy of u's credential in u's cookie jar while u holds
   * none, so u's next request (a login, say) carries it. No request is sent.
   */
  | { readonly type: 'plant'; readonly user: number }
  | { readonly type: 'revoke'; readonly user: number }
  | { readonly type: 'crash'; readonly node: number }
  | { readonly type: 'restart'; readonly node: number }
  | { readonly type: 'addNode' }
  | { readonly type: 'drain'; readonly node: number }
  | { readonly type: 'storeDown' }
  | { readonly type: 'storeUp' }
  | { readonly type: 'storeWipe' }
  | { readonly type: 'tick'; readonly seconds: number }
  /**
   * A batch of 2–3 ordinary requests sent at once (`concurrent(addItem(u0),addItem(u0))`): on a
   * system they race; the model has no concurrency, so it plays them in some sequential order
   * (its own `nextState`: the written order).
   */
  | { readonly type: 'concurrent'; readonly requests: readonly BatchRequest[] };

/** A request that may run in a concurrent batch: the ordinary ones (they present the client's credential). */
export type BatchRequest = { readonly type: 'whoami'; readonly user: number } | { readonly type: 'addItem'; readonly user: number };

export type ActionType = Action['type'];

/** Actions that send an HTTP request through the load balancer. */
export type RequestAction = Extract<Action, { user: number }>;

export type Status = 200 | 401 | 503;

/** What one step shows from outside. Non-request actions observe `{ status: 200, storeTrips: 0 }`. */
export interface Observation {
  readonly status: Status;
  /** The user the server answered as (200 only). */
  readonly user?: number;
  /** The node that served the request. */
  readonly node?: number;
  /** Round trips to the shared store (a pipeline, MULTI or script is one); attempts count. */
  readonly storeTrips: number;
  /** Bytes of the credential the request carried (cookie or bearer value). */
  readonly credentialBytes?: number;
}

/** The result of one step. */
export interface Transition {
  readonly state: State;
  readonly observation: Observation;
}
