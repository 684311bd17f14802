/** Test helper: plays actions on the model and on a real system side by side. */
import { builtinStrategy, openSystem, type ImplTarget } from '../../impl/index.ts';
import { defaultScope, initState, isEnabled, modelStrategy, nextState, parseAction, type Observation, type Scope, type StrategyId } from '../../model/index.ts';

export interface ReplayedStep {
  readonly action: string;
  readonly model: Observation;
  readonly impl: Observation;
}

/** Every step's observation on both sides (the actions must be enabled in the model). */
export async function replayBoth(id: StrategyId, actions: readonly string[], options: { target?: ImplTarget; scope?: Scope; seed?: number } = {}): Promise<ReplayedStep[]> {
  const scope = options.scope ?? defaultScope;
  const model = modelStrategy(id);
  const sut = await openSystem(builtinStrategy(id), { target: options.target ?? 'impl', scope, seed: options.seed ?? 1 });
  let state = initState(scope);
  const steps: ReplayedStep[] = [];
  try {
    for (const text of actions) {
      const action = parseAction(text);
      if (!isEnabled(model, scope, state, action)) throw new Error(`${text} is not enabled after ${steps.map((s) => s.action).join(', ')}`);
      const t = nextState(model, scope, state, action);
      state = t.state;
      steps.push({ action: text, model: t.observation, impl: await sut.step(action) });
    }
  } finally {
    await sut.close();
  }
  return steps;
}

/** The fields conformance compares. */
export function core(o: Observation): Pick<Observation, 'status' | 'user' | 'node' | 'storeTrips'> {
  return { status: o.status, user: o.user, node: o.node, storeTrips: o.storeTrips };
}
