/**
 * Verdicts on a real system (targets impl, sockets, ...). Per strategy, one batch of generated
 * programs runs in lockstep on the model and the implementation while every property watches,
 * up to `concurrency` programs at once, each on its own system. Each property that fails is then
 * shrunk by fast-check from its first failing run — the smallest run index, whatever finished
 * first — (replayed by seed and path, one program at a time), minimised on the model, and
 * confirmed on the implementation.
 */
import fc from 'fast-check';
import { defaultConcurrency, playRuns } from '../impl/concurrentRuns.ts';
import type { SystemUnderTest } from '../impl/index.ts';
import { modelStrategy } from '../model/registry.ts';
import type { Scope, StrategyId } from '../model/types.ts';
import { programArbitrary } from './arbitraries.ts';
import { revocationLateness } from './checks/revocation.ts';
import { execute } from './execute.ts';
import { executeLockstep, LockstepCommand, newLockstep, type Lockstep } from './lockstep.ts';
import { minimize } from './minimize.ts';
import { encodeReplay } from './replay.ts';
import type { Result, Target } from './results.ts';
import { cellSeed } from './seed.ts';
import { modelFacts } from './judge/modelFacts.ts';
import type { Property, PropertyId, StepContext, Violation } from './types.ts';

export interface SystemCheckOptions {
  readonly runs: number;
  readonly seed: number;
  readonly scope: Scope;
  readonly target: Target;
  /** Opens a fresh system (one per generated program). */
  readonly open: () => Promise<SystemUnderTest>;
  /** The model the system is held to (its own ID for built-ins, the reference model for plug-ins). */
  readonly model: StrategyId;
  /** The strategy's name (seeds its programs; a plug-in's own name). */
  readonly name: string;
  /**
   * Programs in flight at once, each on a system of its own (default 4, and 1 on target
   * `cluster`). Verdicts, run counts and counterexamples do not depend on it.
   */
  readonly concurrency?: number;
}

/** A verdict on a system, before a caller attaches strategy name and expectation. */
export type SystemVerdict = Omit<Result, 'strategy' | 'expected'>;


async function runOnce(options: SystemCheckOptions, properties: readonly Property[], cmds: Iterable<LockstepCommand>, stopOnViolation: boolean, observe?: Parameters<typeof newLockstep>[4]): Promise<Lockstep> {
  const run = newLockstep(modelStrategy(options.model), options.scope, properties, stopOnViolation, observe);
  const system = await options.open();
  try {
    await fc.asyncModelRun(() => ({ model: run, real: system }), cmds);
  } finally {
    await system.close();
  }
  return run;
}

/** Every property's verdict for one strategy on a real system. */
export async function checkOnSystem(properties: readonly Property[], options: SystemCheckOptions): Promise<SystemVerdict[]> {
  const strategy = modelStrategy(options.model);
  const seed = cellSeed(options.seed, options.name, 'system');
  const programs = programArbitrary(strategy, options.scope, (a) => new LockstepCommand(a)) as fc.Arbitrary<Iterable<LockstepCommand>>;
  const firstFailure = new Map<PropertyId, { run: number; violation: Violation }>();
  let window: number | undefined;
  const observe = (step: StepContext) => {
    const late = revocationLateness(modelFacts(step));
    if (late !== null && (window === undefined || late > window)) window = late;
  };
  // Every run is played (the revocation window is the largest over all of them); a run that throws
  // (the system's own error, not a violation) ends the check with that error.
  await playRuns(programs, { seed, runs: options.runs, concurrency: options.concurrency ?? defaultConcurrency(options.target) }, async (cmds, index) => {
    const run = await runOnce(options, properties, cmds, false, observe);
    for (const [id, violation] of run.violations) {
      const known = firstFailure.get(id);
      if (known === undefined || index < known.run) firstFailure.set(id, { run: index, violation });
    }
  });

  const results: SystemVerdict[] = [];
  for (const property of properties) {
    const base = { property: property.id };
    const windowField = property.id === 'revocation.bounded' && window !== undefined ? { window } : {};
    const failure = firstFailure.get(property.id);
    if (!failure) {
      results.push({ ...base, verdict: 'holds', runs: options.runs, ...windowField });
      continue;
    }
    const actions = await shrinkOnSystem(property, options, programs, seed, failure.run);
    results.push({
      ...base,
      verdict: 'refuted',
      runs: failure.run + 1,
      counterexample: {
        actions: actions.executed,
        replay: encodeReplay({ strategy: options.model, property: property.id, target: options.target, scope: options.scope, actions: actions.executed }),
        detail: actions.detail,
      },
      ...windowField,
    });
  }
  return results;
}

/** Shrinks one property's failure on the system; returns the smallest program confirmed there. */
async function shrinkOnSystem(property: Property, options: SystemCheckOptions, programs: fc.Arbitrary<Iterable<LockstepCommand>>, seed: number, run: number): Promise<{ executed: string[]; detail: string }> {
  const details = await fc.check(
    fc.asyncProperty(programs, async (cmds) => (await runOnce(options, [property], cmds, true)).violations.size === 0),
    { seed, path: String(run), numRuns: 1 },
  );
  const strategy = modelStrategy(options.model);
  const [cmds] = (details.counterexample ?? [[]]) as unknown as [Iterable<{ cmd: LockstepCommand }>];
  const shrunk = await executeLockstep(options.open, strategy, options.scope, [property], [...cmds].map((c) => c.cmd.toString()));
  const found = shrunk.violations.get(property.id);
  if (!found) throw new Error(`internal: the shrunk counterexample for ${options.name}/${property.id} does not fail on replay`);
  // The model cannot minimise conformance failures (the model alone has no violation to keep).
  if (property.check && property.id !== 'conformance.model-impl') {
    const onModel = execute(strategy, options.scope, property, shrunk.executed);
    if (onModel.violation) {
      const minimal = minimize(strategy, options.scope, property, onModel);
      const confirmed = await executeLockstep(options.open, strategy, options.scope, [property], minimal.executed);
      const violation = confirmed.violations.get(property.id);
      if (violation && confirmed.executed.length <= shrunk.executed.length) return { executed: confirmed.executed, detail: violation.detail };
    }
  }
  return { executed: shrunk.executed, detail: found.detail };
}
