/**
 * Running one program on the model while a property watches every step. Used by the random
 * runner (through fast-check's `modelRun`), by minimisation and by replay.
 */
import fc from 'fast-check';
import { formatAction, isEnabled, parseAction } from '../model/actions.ts';
import { initState, nextState } from '../model/nextState.ts';
import type { ModelStrategy } from '../model/strategy.ts';
import type { Action, Scope, State } from '../model/types.ts';
import type { Property, StepContext, Violation } from './types.ts';

/** What a program did: the actions that ran (disabled ones are skipped) and the first violation. */
export interface Execution {
  readonly executed: string[];
  readonly violation: Violation | null;
}

/** Called on every step, e.g. to measure the revocation window. */
export type StepObserver = (step: StepContext) => void;

/** The model as fast-check's commands see it. */
export interface Sim {
  readonly strategy: ModelStrategy;
  readonly scope: Scope;
  readonly property: Property;
  readonly observe?: StepObserver;
  state: State;
  executed: string[];
  violation: Violation | null;
}

/** Raised inside `modelRun` so that fast-check sees the failure and shrinks. */
export class ViolationError extends Error {
  constructor(readonly violation: Violation) {
    super(violation.detail);
    this.name = 'ViolationError';
  }
}

/** Runs one step and checks the property on it. */
export function stepSim(sim: Sim, action: Action, text: string = formatAction(action)): Violation | null {
  const before = sim.state;
  const { state: after, observation } = nextState(sim.strategy, sim.scope, before, action);
  sim.state = after;
  sim.executed.push(text);
  const step: StepContext = { strategy: sim.strategy, scope: sim.scope, before, action, observation, after };
  sim.observe?.(step);
  const violation = sim.property.check?.(step) ?? null;
  if (violation && !sim.violation) sim.violation = violation;
  return violation;
}

/** An action as a fast-check command over the model. */
export class ActionCommand implements fc.Command<Sim, Sim> {
  /** The string form, computed once (a command runs many times while fast-check shrinks). */
  readonly text: string;
  constructor(readonly action: Action) {
    this.text = formatAction(action);
  }
  check(sim: Readonly<Sim>): boolean {
    return sim.violation === null && isEnabled(sim.strategy, sim.scope, sim.state, this.action);
  }
  run(sim: Sim): void {
    const violation = stepSim(sim, this.action, this.text);
    if (violation) throw new ViolationError(violation);
  }
  toString(): string {
    return this.text;
  }
}

export function newSim(strategy: ModelStrategy, scope: Scope, property: Property, observe?: StepObserver): Sim {
  return { strategy, scope, property, observe, state: initState(scope), executed: [], violation: null };
}

/** Runs action strings (or actions) to the first violation, skipping disabled actions. */
export function execute(strategy: ModelStrategy, scope: Scope, property: Property, program: Iterable<string | Action>): Execution {
  const sim = newSim(strategy, scope, property);
  for (const item of program) {
    const action = typeof item === 'string' ? parseAction(item) : item;
    if (!isEnabled(strategy, scope, sim.state, action)) continue;
    if (stepSim(sim, action)) break;
  }
  return { executed: sim.executed, violation: sim.violation };
}
