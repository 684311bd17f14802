/**
 * What every property predicate judges: one step, the knowledge about the credentials involved,
 * and the probes taken after it. No runtime code lives here.
 *
 * Two sources fill this in. On the model (random runs and the exhaustive search) the knowledge is
 * the model's ledger and the probes are the model's `probe` (see `modelFacts.ts`). On a running
 * system (every implementation target, every plug-in) it is the knowledge rebuilt from that
 * system's own trace and the probes the harness sent to it (see `systemFacts.ts`). A predicate
 * reads only this interface, so the same predicate judges both, and no property reads model state
 * when it judges a system.
 */
import type { Action, LedgerEntry, Observation } from '../../model/types.ts';

/**
 * What is known about one credential: the ledger's fields (model/types.ts `LedgerEntry`), whoever
 * fills them in. On the model these are ledger entries; on a system they are rebuilt from the
 * trace (identity by exact value; derived credentials inherit their parent's marks; `expiresAt` is
 * the lifetime the credential was promised; `id` numbers credentials in order of first sight).
 */
export type CredentialFacts = Pick<LedgerEntry,
  'id' | 'owner' | 'kind' | 'issuedAt' | 'expiresAt' | 'family' | 'revokedAt' | 'loggedOutAt' | 'faults'
  | 'wipedSinceRevoked' | 'wipedSinceLoggedOut' | 'refusedBeforeWipe'>;

/** One node's answer to a probe: a read-only `GET /me` sent to it directly. */
export interface ProbeAnswer {
  readonly node: number;
  readonly status: number;
  readonly user?: number;
}

/**
 * After a concurrent batch, one user's writes in it and what the system then shows of that cart:
 * each live node's answer to a read-only `GET /me` with the credential the client kept.
 */
export interface CartRead {
  readonly user: number;
  /** The batch's addItem requests of this user answered 200. */
  readonly acknowledged: number;
  /** Items the session must show: those acknowledged before the batch plus these, capped at the scope's `maxItems`. */
  readonly expected: number;
  /** Each live node's answer (`items` when the body reports the cart count, the wire convention). */
  readonly answers: readonly (ProbeAnswer & { readonly items?: number })[];
  /** The batch's answers, as a sentence's part (`addItem(u0) → 200 at n0, addItem(u0) → 200 at n1`). */
  readonly answered: string;
}

/** One step as every predicate sees it. Methods are lazy: a predicate pays only for what it reads. */
export interface StepFacts {
  readonly action: Action;
  /** The answer as the client saw it (non-requests: `{ status: 200, storeTrips: 0 }`). */
  readonly observation: Observation;
  /** The clock when the step ran. */
  readonly clock: number;
  /** Whether the store was reachable when the step ran (the harness injects outages). */
  readonly storeUp: boolean;
  /** The largest cart the scope allows (the witness of `token.fits-cookie`). */
  readonly maxItems: number;
  /** The credential the request presented, as known before the step; undefined for logins and faults. */
  presented(): CredentialFacts | undefined;
  /** The credential a client holds for `user` before or after the step. */
  clientCredential(user: number, when: 'before' | 'after'): CredentialFacts | undefined;
  /** Bytes the credential adds to a request (measured on a system). */
  bytes(credential: CredentialFacts): number | undefined;
  /** Cart items the credential's session holds (for the witness of `token.fits-cookie`). */
  items(credential: CredentialFacts): number;
  /** Every credential clients and the attacker hold after the step (refresh tokens included). */
  held(): readonly CredentialFacts[];
  /** Live nodes after the step, in index order. */
  liveNodes(): readonly number[];
  /** The node the step added (`addNode()`), else null. */
  addedNode(): number | null;
  /** Every live node's answer to the credential after the step; null when it is not probed (refresh tokens). */
  probe(credential: CredentialFacts): readonly ProbeAnswer[] | null;
  /** Per-client records each node holds in its own memory after the step; null when not reported. */
  localSessions(): readonly number[] | null;
  /** What the store holds for clients after the step (one label per key); null when it cannot be read. */
  storeKeys(): readonly string[] | null;
  /**
   * Whether the store, had it been up, would have accepted this request: the model's
   * counterfactual, or on a system a credential last accepted while the store was up, nothing
   * acknowledged since that invalidates it, and its lifetime not over. Null when unknown.
   */
  storeWouldAccept(): boolean | null;
  /** jwt-refresh: a later refresh token of the same lineage was issued (this one is rotated out). */
  rotatedOut(credential: CredentialFacts): boolean;
  /** jwt-refresh: a rotated-out member of the credential's family was presented with the store up. */
  familyReused(credential: CredentialFacts): boolean;
  /**
   * After a concurrent batch with acknowledged writes, what the system shows of each cart written
   * (on a system: read after the batch); null on other steps and on the model, which has no concurrency.
   */
  cartReads(): readonly CartRead[] | null;
}
