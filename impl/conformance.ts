/**
 * Conformance: the implementation's observations equal the model's at every step
 * (`conformance.model-impl`). fast-check generates action programs (`fc.commands`), guarded by
 * the model's enabled set, and `fc.asyncModelRun` plays each action on the pure model and on a
 * real system side by side, comparing status, user, node and store round trips. Up to
 * `concurrency` programs run at once, each on its own system; the failing run with the smallest
 * index is shrunk (sequentially, replayed by seed and path), so the result does not depend on
 * which program finished first. A refutation comes with the shrunk action list and the first
 * differing step.
 */
import fc from 'fast-check';
import {
  defaultScope, formatAction, initState, isEnabled, modelStrategy, nextState,
  type Action, type ModelStrategy, type Observation, type Scope, type State, type StrategyId,
} from '../model/index.ts';
import { defaultConcurrency, playRuns } from './concurrentRuns.ts';
import { openSystem, type ImplTarget } from './open.ts';
import type { SystemUnderTest } from './driver/system.ts';
import type { SessionStrategy } from './strategy.ts';

/** Options of {@link checkConformance}. */
export interface ConformanceOptions {
  readonly target: ImplTarget;
  /** Generated programs to run (fast-check `numRuns`). */
  readonly runs: number;
  readonly seed: number;
  readonly scope?: Scope;
  /** Longest generated program (default 30). */
  readonly maxCommands?: number;
  readonly redisUrl?: string;
  /**
   * Programs in flight at once, each on its own system (default 4, and 1 on `cluster`; 1 plays
   * them one after another). The verdict, run count and counterexample are the same for every
   * value. Several systems of the strategy then run side by side, so a strategy must keep its
   * state in its nodes, not in the strategy object.
   */
  readonly concurrency?: number;
  /**
   * Called after every action played on both sides (generated runs, then the replay and the
   * shrinking of a failure), with whether the two observations agreed. For counting (the bench).
   */
  readonly onStep?: (agreed: boolean) => void;
}

/** The verdict, with the shrunk failing program when refuted. */
export interface ConformanceResult {
  readonly verdict: 'holds' | 'refuted';
  readonly runs: number;
  /** The shrunk program, in public action syntax. */
  readonly actions?: string[];
  /** The first step where model and implementation disagreed. */
  readonly detail?: string;
}

/** Every action a scope can ever enable (whether it is enabled depends on the state). */
export function candidateActions(scope: Scope): Action[] {
  const out: Action[] = [];
  const userTypes = ['login', 'whoami', 'addItem', 'logout', 'refresh', 'replayStolen', 'replayRefresh', 'revoke'] as const;
  for (let user = 0; user < scope.users; user++) for (const type of userTypes) out.push({ type, user });
  for (let node = 0; node < scope.maxNodes; node++) for (const type of ['crash', 'restart', 'drain'] as const) out.push({ type, node });
  out.push({ type: 'addNode' }, { type: 'storeDown' }, { type: 'storeUp' }, { type: 'storeWipe' });
  for (const seconds of scope.ticks) out.push({ type: 'tick', seconds });
  return out;
}

/** The fields conformance compares (credentialBytes is calibrated separately). */
export function comparable(o: Observation): Pick<Observation, 'status' | 'user' | 'node' | 'storeTrips'> {
  return { status: o.status, user: o.user, node: o.node, storeTrips: o.storeTrips };
}

/** Whether two observations agree on status, user, node and round trips. */
export function sameObservation(a: Observation, b: Observation): boolean {
  const x = comparable(a);
  const y = comparable(b);
  return x.status === y.status && x.user === y.user && x.node === y.node && x.storeTrips === y.storeTrips;
}

/** Thrown inside a run when the two sides disagree. */
class Divergence extends Error {
  readonly code = 'ERR_CONFORMANCE';
}

interface Box {
  state: State;
  readonly trace: string[];
}

class Step implements fc.AsyncCommand<Box, SystemUnderTest> {
  constructor(private readonly model: ModelStrategy, private readonly scope: Scope, readonly action: Action, private readonly onStep?: (agreed: boolean) => void) {}

  check(box: Readonly<Box>): boolean {
    return isEnabled(this.model, this.scope, box.state, this.action);
  }

  async run(box: Box, sut: SystemUnderTest): Promise<void> {
    const expected = nextState(this.model, this.scope, box.state, this.action);
    box.trace.push(formatAction(this.action));
    const actual = await sut.step(this.action);
    box.state = expected.state;
    const agreed = sameObservation(expected.observation, actual);
    this.onStep?.(agreed);
    if (!agreed) {
      throw new Divergence(`step ${box.trace.length} ${formatAction(this.action)}: model ${JSON.stringify(comparable(expected.observation))}, implementation ${JSON.stringify(comparable(actual))}`);
    }
  }

  toString(): string {
    return formatAction(this.action);
  }
}

/**
 * Checks that `strategy` behaves like the model strategy `modelId` on generated programs.
 * @example
 * await checkConformance(builtinStrategy('jwt'), 'jwt', { target: 'impl', runs: 200, seed: 1 });
 * // { verdict: 'holds', runs: 200 }
 */
export async function checkConformance(strategy: SessionStrategy, modelId: StrategyId, options: ConformanceOptions): Promise<ConformanceResult> {
  const scope = options.scope ?? defaultScope;
  const model = modelStrategy(modelId);
  const concurrency = options.concurrency ?? defaultConcurrency(options.target);
  const steps = candidateActions(scope).map((a) => fc.constant(new Step(model, scope, a, options.onStep)));
  const play = async (cmds: Iterable<fc.AsyncCommand<Box, SystemUnderTest>>, box: Box): Promise<void> => {
    const sut = await openSystem(strategy, { target: options.target, scope, seed: options.seed, redisUrl: options.redisUrl });
    try {
      await fc.asyncModelRun(() => ({ model: box, real: sut }), cmds);
    } finally {
      await sut.close();
    }
  };
  const programs = fc.commands(steps, { maxCommands: options.maxCommands ?? 30, size: 'max' });

  // Every run before the first failing one must pass, so runs after a known failure are not launched.
  // Only a divergence refutes; any other error (a system that does not start, a step that throws)
  // says nothing about conformance and ends the check with that error, as checkOnSystem does.
  let first: { index: number; trace: string[]; error: unknown } | undefined;
  await playRuns(programs, { seed: options.seed, runs: options.runs, concurrency, wanted: (i) => first === undefined || i < first.index }, async (cmds, index) => {
    const box: Box = { state: initState(scope), trace: [] };
    try {
      await play(cmds, box);
    } catch (error) {
      if (first === undefined || index < first.index) first = { index, trace: box.trace, error };
    }
  });
  if (first === undefined) return { verdict: 'holds', runs: options.runs };
  if (!(first.error instanceof Divergence)) throw first.error;

  // fast-check shrinks that run exactly as `fc.check` would have from it (one program at a time).
  const property = fc.asyncProperty(programs, (cmds) => play(cmds, { state: initState(scope), trace: [] }));
  const details = await fc.check(property, { seed: options.seed, path: String(first.index), numRuns: 1 });
  const runs = first.index + 1;
  if (!details.failed || details.counterexample === null) {
    return { verdict: 'refuted', runs, actions: first.trace, detail: `${message(first.error)} (run ${first.index} did not fail again when replayed)` };
  }
  if (!(details.errorInstance instanceof Divergence)) throw details.errorInstance;
  // Replay the shrunk program once more to read which actions ran and where it diverged.
  const box: Box = { state: initState(scope), trace: [] };
  let detail = message(details.errorInstance);
  try {
    await play([...details.counterexample[0]], box);
  } catch (error) {
    detail = message(error);
  }
  return { verdict: 'refuted', runs, actions: box.trace, detail };
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
