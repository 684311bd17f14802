/**
 * Checks that only a running implementation can decide (forged credentials, fixation, lost
 * updates under concurrency). Each entry decides one property for one strategy on a target; the
 * runner calls it for `--target impl` and `--target sockets`. Entries live in their own files.
 */
import type { SessionStrategy, SystemUnderTest } from '../impl/index.ts';
import type { Scope, StrategyId } from '../model/types.ts';
import type { Target } from './results.ts';
import type { SystemVerdict } from './systemRunner.ts';
import type { PropertyId } from './types.ts';
import { forgedRejected } from './security/forgedRejected.ts';
import { noLostUpdate } from './security/lostUpdate.ts';
import { fixation } from './security/fixation.ts';
import { reuseRevokesFamily } from './security/refreshReuse.ts';
import { failClosedUnderFaults } from './security/storeFaults.ts';
import { failoverDurableCheck } from './failoverDurable.ts';

export interface ImplCheckOptions {
  readonly strategy: StrategyId;
  readonly implementation: SessionStrategy;
  readonly target: Target;
  readonly scope: Scope;
  readonly seed: number;
  readonly runs: number;
  /** Opens a fresh system of the strategy on the target. */
  readonly open: () => Promise<SystemUnderTest>;
  /**
   * `wire` (plug-ins): judge only by what the system answers under the wire conventions, with no
   * knowledge of its store layout or token claims. Default `builtin`: the harness may also read
   * the built-in's own state (its store hash, its token's cart claim).
   */
  readonly observe?: 'builtin' | 'wire';
}

export type ImplCheck = (options: ImplCheckOptions) => Promise<SystemVerdict>;

/**
 * The implementation-only checks that need nothing of a built-in (they build their attacks from
 * what login issues under the wire conventions): `checkStrategy` runs them on plug-ins.
 */
export const pluginImplChecks: readonly PropertyId[] = ['safety.forged-rejected', 'safety.fixation', 'concurrency.no-lost-update'];

/** The implementation-only checks, by property. */
export const implChecks: Partial<Record<PropertyId, ImplCheck>> = {
  'safety.forged-rejected': forgedRejected,
  'concurrency.no-lost-update': noLostUpdate,
  'safety.fixation': fixation,
  'refresh.reuse-revokes-family': reuseRevokesFamily,
  'safety.fail-closed': failClosedUnderFaults,
  // decidedBy 'redis': the runner calls it on targets redis and cluster only.
  'store.failover-durable': failoverDurableCheck(),
};
