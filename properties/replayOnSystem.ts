/**
 * A replay token played on a running system — a plug-in's own — instead of the model: the token's
 * actions go through the same lockstep as a generated run (the model follows the system's choices,
 * the property judges the system's trace), and the answer is each step the system gave and whether
 * the token's property fires. `sessioncheck replay TOKEN --plugin …` prints it.
 */
import type { StepRecord, SystemUnderTest } from '../impl/index.ts';
import type { Observation } from '../model/types.ts';
import { parseAction } from '../model/actions.ts';
import { modelStrategy } from '../model/registry.ts';
import { property } from './catalog.ts';
import { enabledOnSystem, newLockstep, stepLockstep, type TripCosts } from './lockstep.ts';
import type { ReplaySpec } from './replay.ts';
import { judgedOnRuns } from './systemRunner.ts';
import type { Violation } from './types.ts';

/** One action of the token as the system played it (or skipped it: not enabled on the system then). */
export type ReplayedStep =
  | { readonly text: string; readonly played: true; readonly observation: Observation }
  | { readonly text: string; readonly played: false };

/** What a replay on a system showed. */
export interface SystemReplay {
  readonly steps: readonly ReplayedStep[];
  /** The property's violation and the (1-based) step it fired at, or null when it did not fire. */
  readonly fired: { readonly step: number; readonly violation: Violation } | null;
}

/** Whether the token's property is judged on a system's trace (not only by an implementation check). */
export function replayableOnSystem(spec: ReplaySpec): boolean {
  return judgedOnRuns(property(spec.property));
}

/**
 * Plays the token's actions on a fresh system from `open`, judging its property as a generated
 * run would (`trips`: how conformance compares round trips; `presence` for plug-ins). Stops at the
 * first violation. Throws when the system does (a harness failure, never a verdict).
 */
export async function replayOnSystem(spec: ReplaySpec, open: () => Promise<SystemUnderTest>, trips: TripCosts = 'presence'): Promise<SystemReplay> {
  let record: StepRecord | null = null;
  const run = newLockstep(modelStrategy(spec.strategy), spec.scope, [property(spec.property)], true, trips, undefined, (r) => { record = r; });
  const steps: ReplayedStep[] = [];
  const system = await open();
  try {
    for (const text of spec.actions) {
      const action = parseAction(text);
      if (!enabledOnSystem(run, system, action)) {
        steps.push({ text, played: false });
        continue;
      }
      record = null;
      await stepLockstep(run, system, action);
      const seen = record as StepRecord | null;
      steps.push({ text, played: true, observation: seen?.observation ?? { status: 200, storeTrips: 0 } });
      const violation = run.violations.get(spec.property);
      if (violation) return { steps, fired: { step: steps.length, violation } };
    }
  } finally {
    await system.close();
  }
  return { steps, fired: null };
}
