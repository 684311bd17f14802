/**
 * Verdicts on a running system (targets impl, sockets, redis, cluster, and plug-ins). Per
 * strategy, one batch of generated programs runs on the system while every property judges the
 * system's own trace and conformance validates it against the model (see lockstep.ts), up to
 * `concurrency` programs at once, each on its own system. Each property that fails is then shrunk
 * by fast-check from its first failing run — the smallest run index, whatever finished first —
 * (replayed by seed and path, one program at a time), minimised with the model's help, and
 * confirmed on the system. A property no run put at risk (its witness never reached) is
 * `vacuous`; a violation that does not fail again when replayed stays `refuted` with
 * `reproducible: false` and its unshrunk trace; a system that throws is a harness error.
 */
import fc from 'fast-check';
import { defaultConcurrency, playRuns } from '../impl/concurrentRuns.ts';
import type { StepRecord, SystemUnderTest } from '../impl/index.ts';
import { modelStrategy } from '../model/registry.ts';
import type { Scope, StrategyId } from '../model/types.ts';
import { programArbitrary, unwrapCommands } from './arbitraries.ts';
import { swarmWeights } from './swarm.ts';
import { execute } from './execute.ts';
import { bindSystem, executeLockstep, LockstepCommand, newLockstep, type Lockstep, type TripCosts } from './lockstep.ts';
import { minimize } from './minimize.ts';
import { encodeReplay } from './replay.ts';
import type { Result, Target } from './results.ts';
import { cellSeed } from './seed.ts';
import type { Property, PropertyId, Violation } from './types.ts';

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
  /** How conformance compares store round trips (default `exact`: the built-ins' declared costs). */
  readonly trips?: TripCosts;
  /** Programs other than the strategy's profiles, drawn from this seed as given (checkConformance). */
  readonly programs?: { readonly arbitrary: fc.Arbitrary<Iterable<LockstepCommand>>; readonly seed: number };
  /** Swarm testing (swarm.ts): each program draws its own subset of action kinds and weights (default off). */
  readonly swarm?: boolean;
  /** Called after every step validated against the model, with whether the two agreed. */
  readonly onStep?: (agreed: boolean) => void;
  /** Sees every step the harness recorded (to check a strategy's trace against its declarations). */
  readonly onRecord?: (record: StepRecord) => void;
  /** Called after each generated run is judged, with how many are done (progress: it decides nothing). */
  readonly onRun?: (done: number, runs: number) => void;
}

/** A verdict on a system, before a caller attaches strategy name and expectation. */
export type SystemVerdict = Omit<Result, 'strategy' | 'expected'>;

/**
 * Whether a property is judged on the generated runs' traces of a system: model-decided ones,
 * conformance, and implementation-decided ones with a predicate (forgeries, fixation).
 */
export function judgedOnRuns(p: Property): boolean {
  return p.decidedBy === 'model' || p.id === 'conformance.model-impl' || (p.decidedBy === 'impl' && p.judged !== undefined);
}

/**
 * One verdict for a property judged both on the generated runs' traces and by an implementation
 * check. A refutation stands, the runs' first (a program of the same vocabulary, shrunk). For a
 * property the check decides (`decidedBy: 'impl'`: forgeries), the check's verdict stands
 * otherwise — the runs can only add a refutation. For a model-decided one (refresh races, faults
 * mid-request) the runs' verdict stands unless no run reached its witness.
 */
export function combineVerdicts(runs: SystemVerdict | undefined, check: SystemVerdict, decidedByCheck: boolean): SystemVerdict {
  if (!runs) return check;
  if (runs.verdict === 'refuted') return runs;
  if (check.verdict === 'refuted' || decidedByCheck) return check;
  return runs.verdict === 'vacuous' || runs.verdict === 'n/a' ? check : runs;
}

/**
 * A failure's message with the causes under it (`fetch failed` says nothing; its cause says
 * `connect ECONNREFUSED 127.0.0.1:40123`), at most three levels.
 */
export function describeFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current !== undefined && current !== null; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}

/** A failure of the harness (the system threw, a port was taken): never a verdict. */
export class HarnessFailure extends Error {
  readonly code: string;
  constructor(override readonly cause: unknown) {
    super(describeFailure(cause));
    this.name = 'HarnessFailure';
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : 'ERR_HARNESS';
  }
}

async function runOnce(options: SystemCheckOptions, properties: readonly Property[], cmds: Iterable<LockstepCommand>, stopOnViolation: boolean): Promise<Lockstep> {
  const run = newLockstep(modelStrategy(options.model), options.scope, properties, stopOnViolation, options.trips, options.onStep, options.onRecord);
  const system = await options.open();
  bindSystem(run, system);
  try {
    await fc.asyncModelRun(() => ({ model: run, real: system }), cmds);
  } finally {
    await system.close();
  }
  return run;
}

/**
 * What finished runs (generated programs, or paths of the model's search) said about each
 * property, and the verdicts it gives: `n/a` where the nodes never reported their memory, `holds`
 * or `vacuous` by witnesses where nothing failed, else the caller's refutation.
 */
export class RunTally {
  private window: number | undefined;
  private readonly witnessed = new Map<PropertyId, number>();
  private memoryReported = false;

  add(run: { readonly window?: number; readonly witnessed: Iterable<PropertyId>; readonly memoryReported: boolean }): void {
    if (run.window !== undefined && (this.window === undefined || run.window > this.window)) this.window = run.window;
    for (const id of run.witnessed) this.witnessed.set(id, (this.witnessed.get(id) ?? 0) + 1);
    this.memoryReported ||= run.memoryReported;
  }

  /** One verdict per property over `runs` runs; `refute` gives the refuted ones' fields (null: nothing failed). */
  async verdicts(properties: readonly Property[], runs: number, refute: (property: Property) => Promise<RefutedFields | null>): Promise<SystemVerdict[]> {
    const out: SystemVerdict[] = [];
    for (const property of properties) {
      const base = { property: property.id };
      const windowField = property.id === 'revocation.bounded' && this.window !== undefined ? { window: this.window } : {};
      // Conformance is at risk at every step; the other properties at their witness.
      const reached = property.judged ? this.witnessed.get(property.id) ?? 0 : runs;
      if (property.judged?.reads?.includes('nodeMemory') && !this.memoryReported) {
        // Not a verdict the system could be judged on: its nodes never said what they hold.
        out.push({ ...base, verdict: 'n/a', runs, note: 'the strategy\'s nodes do not report localSessionCount()' });
        continue;
      }
      const refuted = await refute(property);
      if (!refuted) {
        out.push({ ...base, verdict: reached > 0 ? 'holds' : 'vacuous', runs, ...windowField, witnessed: reached });
        continue;
      }
      const { reproducible, ...fields } = refuted;
      out.push({ ...base, verdict: 'refuted', ...fields, ...windowField, witnessed: reached, ...(reproducible ? {} : { reproducible: false as const }) });
    }
    return out;
  }
}

/** A refutation's own fields: the run that found it, its counterexample, and whether it replayed. */
export interface RefutedFields {
  readonly runs: number;
  readonly counterexample: { readonly actions: string[]; readonly replay: string; readonly detail: string };
  readonly reproducible: boolean;
}

/** Every property's verdict for one strategy on a running system. Throws {@link HarnessFailure}. */
export async function checkOnSystem(properties: readonly Property[], options: SystemCheckOptions): Promise<SystemVerdict[]> {
  const strategy = modelStrategy(options.model);
  const seed = options.programs?.seed ?? cellSeed(options.seed, options.name, 'system');
  const programs = options.programs?.arbitrary ?? programArbitrary(strategy, options.scope, (a) => new LockstepCommand(a), options.swarm ? swarmWeights : undefined) as fc.Arbitrary<Iterable<LockstepCommand>>;
  const firstFailure = new Map<PropertyId, { run: number; violation: Violation; executed: string[] }>();
  const tally = new RunTally();
  let played = 0;
  // Every run is played (the revocation window is the largest over all of them); a run that throws
  // (the system's own error, not a violation) ends the check with a harness failure.
  try {
    await playRuns(programs, { seed, runs: options.runs, concurrency: options.concurrency ?? defaultConcurrency(options.target) }, async (cmds, index) => {
      const run = await runOnce(options, properties, cmds, false);
      tally.add(run);
      for (const [id, violation] of run.violations) {
        const known = firstFailure.get(id);
        if (known === undefined || index < known.run) firstFailure.set(id, { run: index, violation, executed: [...run.executed] });
      }
      options.onRun?.(++played, options.runs);
    });
  } catch (error) {
    throw error instanceof HarnessFailure ? error : new HarnessFailure(error);
  }

  return tally.verdicts(properties, options.runs, async (property) => {
    const failure = firstFailure.get(property.id);
    if (!failure) return null;
    const shrunk = await shrinkOnSystem(property, options, programs, seed, failure.run);
    const actions = shrunk ?? { executed: failure.executed, detail: `${failure.violation.detail} (run ${failure.run} did not fail again when replayed)` };
    return {
      runs: failure.run + 1,
      counterexample: {
        actions: actions.executed,
        replay: encodeReplay({ strategy: options.model, property: property.id, target: options.target, scope: options.scope, actions: actions.executed }),
        detail: actions.detail,
      },
      reproducible: shrunk !== null,
    };
  });
}

/** Shrinks one property's failure on the system; the smallest program confirmed there, or null when it does not replay. */
async function shrinkOnSystem(property: Property, options: SystemCheckOptions, programs: fc.Arbitrary<Iterable<LockstepCommand>>, seed: number, run: number): Promise<{ executed: string[]; detail: string } | null> {
  let broke: unknown;
  const details = await fc.check(
    fc.asyncProperty(programs, async (cmds) => {
      try {
        return (await runOnce(options, [property], cmds, true)).violations.size === 0;
      } catch (error) {
        broke ??= error;
        throw error;
      }
    }),
    { seed, path: String(run), numRuns: 1 },
  );
  if (broke !== undefined) throw new HarnessFailure(broke);
  if (!details.failed || details.counterexample === null) return null;
  const strategy = modelStrategy(options.model);
  const [cmds] = details.counterexample as unknown as [Iterable<LockstepCommand | { cmd: LockstepCommand }>];
  const shrunk = await executeLockstep(options.open, strategy, options.scope, [property], unwrapCommands(cmds).map((c) => c.toString()), options.trips);
  const found = shrunk.violations.get(property.id);
  if (!found) return null;
  // The model can suggest a shorter program (domain-aware minimisation); the system must confirm it.
  if (property.check) {
    const onModel = execute(strategy, options.scope, property, shrunk.executed);
    if (onModel.violation) {
      const minimal = minimize(strategy, options.scope, property, onModel);
      const confirmed = await executeLockstep(options.open, strategy, options.scope, [property], minimal.executed, options.trips);
      const violation = confirmed.violations.get(property.id);
      if (violation && confirmed.executed.length <= shrunk.executed.length) return { executed: confirmed.executed, detail: violation.detail };
    }
  }
  return { executed: shrunk.executed, detail: found.detail };
}
