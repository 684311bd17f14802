/**
 * Properties are data: an ID, what they say, the sentence or table cell they formalise, the
 * expected verdict per strategy, and a predicate over one transition of the model.
 */
import type { Edge } from '../model/explore/types.ts';
import type { StrategyId } from '../model/types.ts';

/** Stable property IDs (never renamed, never reused). */
export type PropertyId =
  | 'stateless.any-node-serves'
  | 'stateless.no-node-memory'
  | 'revocation.instant'
  | 'revocation.durable'
  | 'hop.none-per-request'
  | 'failover.sessions-survive'
  | 'login.follows-user'
  | 'scale.new-node-serves'
  | 'deploy.no-logout'
  | 'store.outage-tolerant'
  | 'store.none'
  | 'token.constant-size'
  | 'token.fits-cookie'
  | 'logout.invalidates'
  | 'revocation.bounded'
  | 'safety.no-impersonation'
  | 'safety.expiry'
  | 'safety.fail-closed'
  | 'safety.forged-rejected'
  | 'safety.fixation'
  | 'refresh.reuse-revokes-family'
  | 'concurrency.no-lost-update'
  | 'conformance.model-impl'
  | 'store.failover-durable';

export type Expectation = 'holds' | 'refuted' | 'n/a';
export type Verdict = 'holds' | 'refuted' | 'n/a';

/** Columns of the source's comparison table. */
export type TableColumn = 'serverStateless' | 'revokeInstantly' | 'extraHop' | 'failureOfOneNode';

/** Where a property can be decided. `model`: by the pure model (and so on every target). */
export type DecidedBy = 'model' | 'impl' | 'redis';

/**
 * One step, as a transition predicate sees it: the explorer's `Edge` (defined in the model, which
 * imports nothing of `properties/`), so every predicate serves the random runner and the BFS alike.
 */
export type StepContext = Edge;

/** A violation found at one step; `detail` explains it in a sentence. */
export interface Violation {
  readonly detail: string;
}

/** Returns a violation, or `null` when the step is fine. */
export type TransitionCheck = (step: StepContext) => Violation | null;

export interface Property {
  readonly id: PropertyId;
  readonly title: string;
  readonly statement: string;
  /** The sentence or table cell of the source it formalises (quoted). */
  readonly source: string;
  readonly column?: TableColumn;
  /** Plain-English reading of a counterexample, for reports. */
  readonly explanation: string;
  readonly expected: Readonly<Record<StrategyId, Expectation>>;
  readonly decidedBy: DecidedBy;
  /** The transition predicate (model-decidable properties only). */
  readonly check?: TransitionCheck;
}
