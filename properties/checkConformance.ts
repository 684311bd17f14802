/**
 * `checkConformance`: conformance alone (`conformance.model-impl`), on programs of every action a
 * scope offers, for a strategy held to a model. It runs on the one lockstep engine
 * (lockstep.ts): the model follows the system's choice of balancer node and checks status, user,
 * store round trips and whether a credential was issued; a run that throws is a harness failure,
 * not a verdict.
 */
import fc from 'fast-check';
import { openSystem, type ImplTarget, type SessionStrategy } from '../impl/index.ts';
import { defaultScope } from '../model/scope.ts';
import type { Action, Scope, StrategyId } from '../model/types.ts';
import { property } from './catalog.ts';
import { LockstepCommand, type TripCosts } from './lockstep.ts';
import { checkOnSystem } from './systemRunner.ts';

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
   * Programs in flight at once, each on its own system (default 4, and 1 on `cluster`). The
   * verdict, run count and counterexample are the same for every value; several systems of the
   * strategy then run side by side, so keep state in the nodes, not in the strategy object.
   */
  readonly concurrency?: number;
  /** Store round trips: `exact` (default: the built-ins' declared costs) or `presence` (none versus some). */
  readonly trips?: TripCosts;
  /** Called after every step validated against the model, with whether the two agreed (for the bench). */
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

/**
 * Every action a scope can ever enable (whether it is enabled depends on the state), but
 * `replayIssued(uN,K)`, which generated programs and replays play (adding it here would change
 * every conformance program the pinned seeds stand for).
 */
export function candidateActions(scope: Scope): Action[] {
  const out: Action[] = [];
  const userTypes = ['login', 'whoami', 'addItem', 'logout', 'refresh', 'replayStolen', 'replayRefresh', 'replayOlder', 'forge', 'plant', 'revoke'] as const;
  for (let user = 0; user < scope.users; user++) for (const type of userTypes) out.push({ type, user });
  for (let node = 0; node < scope.maxNodes; node++) for (const type of ['crash', 'restart', 'drain'] as const) out.push({ type, node });
  out.push({ type: 'addNode' }, { type: 'storeDown' }, { type: 'storeUp' }, { type: 'storeWipe' });
  for (const seconds of scope.ticks) out.push({ type: 'tick', seconds });
  // Concurrent batches: writes racing on one session, a write beside a read, two users' writes.
  for (let user = 0; user < scope.users; user++) {
    const add = { type: 'addItem', user } as const;
    out.push({ type: 'concurrent', requests: [add, add] }, { type: 'concurrent', requests: [add, add, add] }, { type: 'concurrent', requests: [add, { type: 'whoami', user }] });
  }
  if (scope.users >= 2) out.push({ type: 'concurrent', requests: [{ type: 'addItem', user: 0 }, { type: 'addItem', user: 1 }] });
  return out;
}

/**
 * Checks that `strategy` behaves like the model strategy `modelId` on generated programs.
 * @example
 * await checkConformance(builtinStrategy('jwt'), 'jwt', { target: 'impl', runs: 200, seed: 1 });
 * // { verdict: 'holds', runs: 200 }
 */
export async function checkConformance(strategy: SessionStrategy, modelId: StrategyId, options: ConformanceOptions): Promise<ConformanceResult> {
  const scope = options.scope ?? defaultScope;
  const steps = candidateActions(scope).map((a) => fc.constant(new LockstepCommand(a)));
  const programs = fc.commands(steps, { maxCommands: options.maxCommands ?? 30, size: 'max' }) as unknown as fc.Arbitrary<Iterable<LockstepCommand>>;
  const open = () => openSystem(strategy, { target: options.target, scope, seed: options.seed, redisUrl: options.redisUrl });
  const [result] = await checkOnSystem([property('conformance.model-impl')], {
    runs: options.runs, seed: options.seed, scope, target: options.target, open, model: modelId, name: strategy.name,
    concurrency: options.concurrency, trips: options.trips ?? 'exact', programs: { arbitrary: programs, seed: options.seed }, onStep: options.onStep,
  });
  if (result.verdict !== 'refuted' || !result.counterexample) return { verdict: 'holds', runs: options.runs };
  return { verdict: 'refuted', runs: result.runs, actions: [...result.counterexample.actions], detail: result.counterexample.detail };
}
