/**
 * Lockstep runs: the same program on the model and on a real system. Properties are evaluated on
 * the implementation's observations (status, user, node, round trips, bytes) against the model's
 * states, and `conformance.model-impl` compares the two observations at every step.
 */
import fc from 'fast-check';
import { formatAction, isEnabled, parseAction } from '../model/actions.ts';
import { initState, nextState } from '../model/nextState.ts';
import type { ModelStrategy } from '../model/strategy.ts';
import type { Action, Observation, Scope, State } from '../model/types.ts';
import type { SystemUnderTest } from '../impl/index.ts';
import type { Property, PropertyId, StepContext, Violation } from './types.ts';

/** The observation fields conformance compares. */
const compared = ['status', 'user', 'node', 'storeTrips'] as const;

/** The difference between two observations, or `null` when they agree. */
export function conformanceViolation(model: Observation, impl: Observation): Violation | null {
  const off = compared.filter((k) => model[k] !== impl[k]);
  if (off.length === 0) return null;
  return { detail: `the implementation answered ${off.map((k) => `${k}=${String(impl[k])}`).join(', ')} where the model says ${off.map((k) => `${k}=${String(model[k])}`).join(', ')}` };
}

/** What a lockstep program run found: the actions that ran and the first violation per property. */
export interface LockstepRun {
  readonly executed: string[];
  readonly violations: Map<PropertyId, Violation>;
}

export interface Lockstep {
  readonly strategy: ModelStrategy;
  readonly scope: Scope;
  readonly properties: readonly Property[];
  readonly observe?: (step: StepContext) => void;
  state: State;
  executed: string[];
  violations: Map<PropertyId, Violation>;
  /** Stop at the first violation of any watched property (for shrinking one property). */
  readonly stopOnViolation: boolean;
  /**
   * Whether model and implementation have answered differently in this run. From then on the
   * model's state no longer describes the system, so the run stops: properties are only judged
   * on steps where the two still agreed up to and including the step (conformance reports the
   * divergence itself).
   */
  diverged: boolean;
}

export function newLockstep(strategy: ModelStrategy, scope: Scope, properties: readonly Property[], stopOnViolation: boolean, observe?: (step: StepContext) => void): Lockstep {
  return { strategy, scope, properties, observe, stopOnViolation, diverged: false, state: initState(scope), executed: [], violations: new Map() };
}

/** Plays one action on both sides and checks every watched property. */
export async function stepLockstep(run: Lockstep, system: SystemUnderTest, action: Action): Promise<void> {
  const before = run.state;
  const model = nextState(run.strategy, run.scope, before, action);
  const observation = await system.step(action);
  run.state = model.state;
  run.executed.push(formatAction(action));
  const step: StepContext = { strategy: run.strategy, scope: run.scope, before, action, observation, after: model.state };
  run.observe?.(step);
  const divergence = conformanceViolation(model.observation, observation);
  for (const p of run.properties) {
    if (run.violations.has(p.id)) continue;
    const violation = p.id === 'conformance.model-impl' ? divergence : p.check?.(step) ?? null;
    if (violation) run.violations.set(p.id, violation);
  }
  if (divergence) run.diverged = true;
}

/** An action as a fast-check async command over model and system. */
export class LockstepCommand implements fc.AsyncCommand<Lockstep, SystemUnderTest> {
  constructor(readonly action: Action) {}
  check(run: Readonly<Lockstep>): boolean {
    return !run.diverged && !(run.stopOnViolation && run.violations.size > 0) && isEnabled(run.strategy, run.scope, run.state, this.action);
  }
  async run(run: Lockstep, system: SystemUnderTest): Promise<void> {
    await stepLockstep(run, system, this.action);
  }
  toString(): string {
    return formatAction(this.action);
  }
}

/** Runs action strings on a fresh system, skipping disabled actions. */
export async function executeLockstep(
  open: () => Promise<SystemUnderTest>, strategy: ModelStrategy, scope: Scope, properties: readonly Property[], program: readonly string[],
): Promise<LockstepRun> {
  const run = newLockstep(strategy, scope, properties, true);
  const system = await open();
  try {
    for (const text of program) {
      const action = parseAction(text);
      if (!isEnabled(strategy, scope, run.state, action)) continue;
      await stepLockstep(run, system, action);
      if (run.violations.size > 0 || run.diverged) break;
    }
  } finally {
    await system.close();
  }
  return { executed: run.executed, violations: run.violations };
}
