/**
 * Properties are data: an ID, what they say, the sentence or table cell they formalise, the
 * expected verdict per strategy, and a predicate over one transition of the model.
 */
import type { Edge } from '../model/explore/types.ts';
import type { Action, StrategyId } from '../model/types.ts';
import type { StepFacts } from './judge/facts.ts';

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
  | 'store.failover-durable'
  | 'store.outage-tolerant-ordinary';

/** `vacuous` as an expectation: evidence showed the strategy can never put the property at risk. */
export type Expectation = 'holds' | 'refuted' | 'vacuous' | 'n/a';

/** An expectation the evidence revised: the old one, and the counterexample or argument that changed it. */
export interface Revision {
  readonly from: Expectation;
  readonly evidence: string;
}
/**
 * `vacuous`: no run reached the property's witness, so nothing could have refuted it (never
 * reported as `holds`).
 */
export type Verdict = 'holds' | 'refuted' | 'vacuous' | 'n/a';

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

/** Returns a violation, or `null` when the step is fine. The model's adapter of a {@link Predicate}. */
export type TransitionCheck = (step: StepContext) => Violation | null;

/** The one predicate of a property, over one step's facts (model or system alike). */
export type Predicate = (step: StepFacts) => Violation | null;

/**
 * A property's predicate with its witness beside it, as stateright puts `sometimes` beside
 * `always`: `witness` says whether a step put the property at risk (it could have failed there).
 * A check in which no run reached a witness is `vacuous`, never `holds`.
 */
export interface Judged {
  readonly judge: Predicate;
  readonly witness: (step: StepFacts) => boolean;
  /**
   * What the harness must read from a running system for this predicate (nothing else is read):
   * `probes` every node about every held credential after each step (until the property fails in
   * the run), `probesOnScaleOut` the same after an addNode, `probesBeforeOutage` / `probesBeforeWipe`
   * while the store is still up just before a storeDown / storeWipe, `nodeMemory` each node's
   * `localSessionCount` (a system that never reports it gets `n/a`), `storeKeys` the store's keys,
   * `cartReads` after a concurrent batch with acknowledged writes, `GET /me` at every live node
   * with each writer's credential.
   */
  readonly reads?: readonly SystemReading[];
  /**
   * The action types on which `judge` can find a violation; on every other step it answers null.
   * Set only by `onActions` (properties/checks/common.ts), which also guards the judge with it, so
   * it cannot say more than the judge does; an engine may skip the judge on other steps (the flat
   * explorer does). Absent: any step.
   */
  readonly on?: readonly Action['type'][];
}

/** What a predicate may need the harness to read from a running system (see {@link Judged.reads}). */
export type SystemReading = 'probes' | 'probesOnScaleOut' | 'probesBeforeOutage' | 'probesBeforeWipe' | 'nodeMemory' | 'storeKeys' | 'cartReads';

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
  /**
   * Strategies for which no running system can reach this property's witness, and why (the
   * model decides them): on system targets the cell is `n/a` with that note.
   */
  readonly undecidableOnSystems?: Readonly<Partial<Record<StrategyId, string>>>;
  /** A capability a strategy must declare for the property to apply (else `n/a`, from the declaration). */
  readonly requires?: 'refreshTokens';
  /**
   * Why the property can only be put at risk when time passes on the system's own clock (ticks
   * past an expiry or a window): for a strategy that declares `capabilities.wallClock` it is
   * `n/a` with this note.
   */
  readonly needsClock?: string;
  /** Cells whose expectation was revised by evidence (docs/catalog.md, "Expectations change only with evidence"). */
  readonly revised?: Readonly<Partial<Record<StrategyId, Revision>>>;
  readonly decidedBy: DecidedBy;
  /** The predicate and its witness (properties decided from steps: every target judges them alike). */
  readonly judged?: Judged;
  /** `judged` on a model transition (for the explorer and the model runner). */
  readonly check?: TransitionCheck;
}
