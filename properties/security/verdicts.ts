/**
 * Building the verdicts of implementation-only checks. Their counterexamples are not replayable
 * on the model step by step (a forged token, an interleaving, a fault mid-request), so `actions`
 * names the model actions involved and `detail` says exactly what was sent and answered.
 */
import type { StrategyId } from '../../model/types.ts';
import { encodeReplay } from '../replay.ts';
import type { Target } from '../results.ts';
import type { SystemVerdict } from '../systemRunner.ts';
import type { ImplCheckOptions } from '../implChecks.ts';
import type { PropertyId } from '../types.ts';

/** A violation an implementation-only check found. */
export interface Finding {
  readonly actions: readonly string[];
  readonly detail: string;
  readonly schedule?: string;
}

/** The verdict of a check that ran `runs` runs and found `finding` (or nothing) at run `failedAt`. */
export function implVerdict(
  property: PropertyId,
  options: Pick<ImplCheckOptions, 'strategy' | 'target' | 'scope'>,
  outcome: { runs: number; finding?: Finding; trials?: number },
): SystemVerdict {
  const trials = outcome.trials !== undefined ? { trials: outcome.trials } : {};
  if (!outcome.finding) return { property, verdict: 'holds', runs: outcome.runs, ...trials };
  const { actions, detail, schedule } = outcome.finding;
  return {
    property,
    verdict: 'refuted',
    runs: outcome.runs,
    counterexample: {
      actions,
      replay: replayToken(options.strategy, property, options.target, options.scope, actions),
      detail,
      ...(schedule !== undefined ? { schedule } : {}),
    },
    ...trials,
  };
}

function replayToken(strategy: StrategyId, property: PropertyId, target: Target, scope: ImplCheckOptions['scope'], actions: readonly string[]): string {
  return encodeReplay({ strategy, property, target, scope, actions });
}

/** A finding thrown out of a fast-check predicate, so the runner can read it back. */
export class FindingError extends Error {
  constructor(readonly finding: Finding) {
    super(finding.detail);
    this.name = 'FindingError';
  }
}

/** The finding in a failed fast-check run (its error is a FindingError), or a generic one. */
export function findingOf(error: unknown, fallbackActions: readonly string[]): Finding {
  if (error instanceof FindingError) return error.finding;
  const message = error instanceof Error ? error.message : String(error);
  return { actions: fallbackActions, detail: `the check crashed: ${message}` };
}
