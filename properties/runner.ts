/**
 * The runner: a verdict per (strategy, property). Model-decidable properties are checked on
 * generated programs with fast-check (`fc.commands` + `fc.modelRun`); a failure is shrunk by
 * fast-check, then minimised, and reported with a replay token.
 */
import fc from 'fast-check';
import { modelStrategy } from '../model/registry.ts';
import type { SystemUnderTest } from '../impl/index.ts';
import { explore } from '../model/explore/index.ts';
import { defaultScope, makeScope } from '../model/scope.ts';
import type { Scope, StrategyId } from '../model/types.ts';
import { programArbitrary, unwrapCommands } from './arbitraries.ts';
import { swarmWeights } from './swarm.ts';
import { catalog, explorerCheck } from './catalog.ts';
import { revocationLateness } from './checks/revocation.ts';
import { ActionCommand, execute, newSim, type Sim } from './execute.ts';
import { minimize } from './minimize.ts';
import { implChecks } from './implChecks.ts';
import { executeLockstep } from './lockstep.ts';
import { mergeTreeVerdicts, modelTree, playTree } from './exhaustiveSystem.ts';
import { checkOnSystem, combineVerdicts, HarnessFailure, judgedOnRuns, type SystemVerdict } from './systemRunner.ts';
import { runInWorkers, type StrategyOutcome, type StrategyTask } from './strategyWorkers.ts';
import { encodeReplay, modelTrace } from './replay.ts';
import type { HarnessError, Result, Target, VerifyReport } from './results.ts';
import { cellSeed } from './seed.ts';
import { deriveTable } from './table.ts';
import { secondsSince, type StrategyDuration } from './durations.ts';
import { modelFacts } from './judge/modelFacts.ts';
import { cellKey } from './shard.ts';
import { CONFIRM_DEPTH, DEFAULT_EXHAUSTIVE_DEPTH } from './depths.ts';
import type { Expectation, Property, PropertyId, StepContext } from './types.ts';

export const VERSION = '0.1.0';

export interface VerifyOptions {
  readonly target: Target;
  readonly strategies: readonly StrategyId[];
  readonly properties: readonly PropertyId[];
  readonly runs: number;
  readonly seed: number;
  readonly scope?: Scope;
  /**
   * Depth up to which every holding verdict is also checked exhaustively (BFS over every action
   * sequence; model target and the default 2-user, 2-node scope only). 0 turns it off.
   */
  readonly exhaustiveDepth?: number;
  /**
   * System targets impl, sockets and redis (`verify --exhaustive D`): besides the random runs,
   * every edge of the model's search to this depth is played on the system as one path
   * (properties/exhaustiveSystem.ts); verdicts then carry `exhaustiveSystem`.
   */
  readonly exhaustiveSystem?: number;
  /**
   * On a system target, generated programs in flight at once (default by target; see
   * `defaultConcurrency`). Results do not depend on it.
   */
  readonly concurrency?: number;
  /**
   * Targets `model`, `impl` and `sockets`: strategies checked at once, each in a worker process of its own
   * (default 1: one after another in this process). Results do not depend on it.
   */
  readonly jobs?: number;
  /** Called after each cell with how many are done. */
  readonly onProgress?: (done: number, total: number, cell: { strategy: StrategyId; property: PropertyId }) => void;
  /**
   * System targets: called after each generated run of a strategy (its cells are judged together,
   * on the same runs), so progress moves within a strategy. Decides nothing.
   */
  readonly onRun?: (done: number, runs: number, strategy: StrategyId) => void;
  /**
   * Called once per strategy when its cells are done, with the measured wall time (for the JUnit
   * report's `time` attributes). Never part of the returned report, which stays byte-stable per seed.
   */
  readonly onTimed?: (strategy: StrategyId, timing: StrategyDuration) => void;
  /**
   * Only these cells (`cellKey` in shard.ts) are decided; the others are left out of the report
   * (`verify --shard`). A system target's cells of one strategy must be all in or all out.
   */
  readonly cells?: ReadonlySet<string>;
  /**
   * Swarm testing (swarm.ts): each generated program draws its own subset of action kinds and
   * weights. Off by default (the default programs are pinned by seed).
   */
  readonly swarm?: boolean;
}

/** Checks one model-decidable property on one strategy. */
export function checkOnModel(strategyId: StrategyId, property: Property, options: { runs: number; seed: number; scope: Scope; target: Target; swarm?: boolean }): Result {
  const strategy = modelStrategy(strategyId);
  const { scope, runs } = options;
  let window: number | undefined;
  // Runs that reached the property's witness, counted until the first failure (shrinking replays runs).
  let witnessed = 0;
  let reached = false;
  let failed = false;
  const witness = property.judged?.witness;
  const observe = (step: StepContext) => {
    const facts = modelFacts(step);
    if (!reached && witness?.(facts)) reached = true;
    if (property.id !== 'revocation.bounded') return;
    const late = revocationLateness(facts);
    if (late !== null && (window === undefined || late > window)) window = late;
  };
  const programs = programArbitrary(strategy, scope, (a) => new ActionCommand(a), options.swarm ? swarmWeights : undefined);
  const details = fc.check(
    fc.property(programs, (cmds) => {
      reached = false;
      try {
        fc.modelRun(() => {
          const sim = newSim(strategy, scope, property, observe);
          return { model: sim, real: sim };
        }, cmds as Iterable<fc.Command<Sim, Sim>>);
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        if (!failed && reached) witnessed += 1;
      }
    }),
    { seed: cellSeed(options.seed, strategyId, property.id), numRuns: runs },
  );
  const base = { strategy: strategyId, property: property.id, expected: property.expected[strategyId], ...revisedFrom(property, strategyId) };
  const windowField = window !== undefined ? { window } : {};
  if (!details.failed || !details.counterexample) return { ...base, verdict: witnessed > 0 ? 'holds' : 'vacuous', runs: details.numRuns, ...windowField, witnessed };
  // fast-check iterates commands wrapped (`{ cmd }`) so that it can tell which ones ran.
  const [cmds] = details.counterexample as unknown as [Iterable<ActionCommand | { cmd: ActionCommand }>];
  const shrunk = execute(strategy, scope, property, unwrapCommands(cmds).map((c) => c.action));
  if (!shrunk.violation) throw new Error(`internal: the shrunk counterexample for ${strategyId}/${property.id} does not fail on replay`);
  const minimal = minimize(strategy, scope, property, shrunk);
  return {
    ...base,
    verdict: 'refuted',
    runs: details.numRuns,
    counterexample: {
      actions: minimal.executed,
      replay: encodeReplay({ strategy: strategyId, property: property.id, target: options.target, scope, actions: minimal.executed }),
      detail: minimal.violation!.detail,
    },
    ...windowField,
    witnessed: witnessed + 1,
  };
}

/** `revisedFrom` for a cell whose expectation evidence revised. */
export function revisedFrom(property: Property, strategy: StrategyId): { revisedFrom?: Expectation } {
  const from = property.revised?.[strategy]?.from;
  return from ? { revisedFrom: from } : {};
}

export { CONFIRM_DEPTH, DEFAULT_EXHAUSTIVE_DEPTH } from './depths.ts';

/**
 * Breadth-first search over every action sequence up to `depth`, for the model-decidable
 * properties among `ids`; `null` when there is nothing to search or the scope is not one the
 * explorer builds (it takes users and nodes only, the rest must be the defaults).
 */
function exhaustiveSearch(strategy: StrategyId, ids: ReadonlySet<PropertyId>, scope: Scope, depth: number, witnesses = false) {
  if (depth === 0 || JSON.stringify(scope) !== JSON.stringify(makeScope({ users: scope.users, nodes: scope.nodes }))) return null;
  const checked = catalog.filter((p) => p.check && ids.has(p.id));
  if (checked.length === 0) return null;
  // With `witnesses`, the search also finds each property's shortest witness path ("sometimes").
  const sometimes = witnesses
    ? checked.flatMap((p) => (p.judged ? [{ id: p.id, statement: p.title, appliesTo: () => true, test: (edge: StepContext) => p.judged!.witness(modelFacts(edge)) }] : []))
    : undefined;
  // The flat engine where it represents the strategy (the readable one otherwise): the same
  // verdicts, counterexamples and witnesses (test/explore/flat.test.ts), several times faster.
  const properties = checked.map((p) => explorerCheck({ ...p, check: p.check! }));
  return explore(strategy, { users: scope.users, nodes: scope.nodes, depth, engine: 'flat', properties, ...(sometimes ? { sometimes } : {}) });
}

/** The properties among `results` that hold so far. */
function holding(results: readonly { property: PropertyId; verdict: string }[]): Set<PropertyId> {
  return new Set(results.filter((r) => r.verdict === 'holds').map((r) => r.property));
}

/** The largest revocation lateness along `actions` on the model, or undefined when none is seen. */
function lateness(strategy: StrategyId, scope: Scope, actions: readonly string[]): number | undefined {
  let max: number | undefined;
  const model = modelStrategy(strategy);
  for (const step of modelTrace(strategy, scope, actions)) {
    const late = revocationLateness(modelFacts({ strategy: model, scope, before: step.before, action: step.action, observation: step.observation, after: step.after }));
    if (late !== null && (max === undefined || late > max)) max = late;
  }
  return max;
}

/**
 * Backs random verdicts with breadth-first search: a holding verdict gains the depth up to which
 * no sequence at all breaks it; a counterexample the random runs missed turns it into a refutation
 * (with the BFS's shortest counterexample). A vacuous verdict (no random run reached the witness)
 * is searched too: a counterexample refutes it; a search that reaches the witness on some sequence
 * and finds none makes it hold to that depth (saying so); one that never reaches it leaves it vacuous.
 */
function withExhaustiveSearch(strategy: StrategyId, results: Result[], scope: Scope, options: Pick<VerifyOptions, 'exhaustiveDepth' | 'target'>): Result[] {
  const vacuous = results.filter((r) => r.verdict === 'vacuous').map((r) => r.property);
  const found = exhaustiveSearch(strategy, new Set([...holding(results), ...vacuous]), scope, options.exhaustiveDepth ?? DEFAULT_EXHAUSTIVE_DEPTH, vacuous.length > 0);
  if (!found) return results;
  return results.map((r) => {
    const outcome = found.results.find((o) => o.property === r.property);
    if (!outcome || (r.verdict !== 'holds' && r.verdict !== 'vacuous')) return r;
    const exhaustive = { exhaustiveDepth: outcome.depth, exhaustive: { depth: outcome.depth, complete: false } };
    if (outcome.verdict === 'holds' && r.verdict === 'holds') return inContractOrder({ ...r, ...exhaustive });
    if (outcome.verdict === 'holds') {
      const path = found.sometimes?.find((w) => w.id === r.property)?.witness;
      if (!path) return r;
      return inContractOrder({ ...r, ...exhaustive, verdict: 'holds', note: `no random run reached the witness; the exhaustive search did (shortest: ${path.join(', ')}) and no sequence up to depth ${outcome.depth} breaks it` });
    }
    const actions = [...(outcome.counterexample ?? [])];
    // The observed window covers the counterexample too: the summary line and the counterexample
    // speak of the same evidence (a window of 0 beside a 300 s counterexample said the opposite).
    const late = r.property === 'revocation.bounded' ? lateness(strategy, scope, actions) : undefined;
    const window = late !== undefined && (r.window === undefined || late > r.window) ? { window: late } : {};
    const missed = r.verdict === 'vacuous' ? 'no random run reached its witness' : 'the random runs missed it';
    return inContractOrder({
      ...r,
      ...window,
      verdict: 'refuted',
      counterexample: { actions, replay: encodeReplay({ strategy, property: r.property, target: options.target, scope, actions }), detail: `${outcome.detail ?? ''} (found by exhaustive search; ${missed})` },
    });
  });
}

function notApplicable(strategy: StrategyId, property: Property, note: string): Result {
  return { strategy, property: property.id, expected: property.expected[strategy], verdict: 'n/a', runs: 0, note };
}

/**
 * A property this target cannot decide (it needs the implementation, or real Redis): expected and
 * verdict are both `n/a` here, and the note names the target that decides it and the catalog's
 * expectation there.
 */
function decidedElsewhere(strategy: StrategyId, property: Property): Result {
  const where = property.decidedBy === 'redis' ? 'redis' : 'impl';
  const note = `decided on ${where === 'redis' ? 'real Redis' : 'the implementation'} (expected there: ${property.expected[strategy]}): run with --target ${where}`;
  return { strategy, property: property.id, expected: 'n/a', verdict: 'n/a', runs: 0, note };
}

/** Whether a result counts towards `ok`: its verdict equals its expectation at this target. */
export function matches(result: Result): boolean {
  return result.verdict === result.expected;
}

/** The key order of the JSON contract (docs/json-contract.md). */
function inContractOrder(r: Result): Result {
  const { strategy, property, expected, verdict, runs, counterexample, window, trials, exhaustiveDepth, exhaustive, exhaustiveSystem, note, witnessed, reproducible, revisedFrom } = r;
  return {
    strategy, property, expected, verdict, runs,
    ...(counterexample ? { counterexample } : {}), ...(window !== undefined ? { window } : {}), ...(trials !== undefined ? { trials } : {}),
    ...(exhaustiveDepth !== undefined ? { exhaustiveDepth } : {}), ...(exhaustive ? { exhaustive } : {}), ...(exhaustiveSystem ? { exhaustiveSystem } : {}), ...(note ? { note } : {}),
    ...(witnessed !== undefined ? { witnessed } : {}), ...(reproducible === false ? { reproducible } : {}), ...(revisedFrom ? { revisedFrom } : {}),
  };
}

/**
 * On a real system, a holding verdict is also tested with the model's exhaustive counterexamples:
 * every shortest counterexample the model's BFS finds (depth ≤ the exhaustive depth) is replayed
 * on the implementation, and refutes the property there if the violation shows. Few random runs
 * then still find every short counterexample.
 */
export async function confirmModelCounterexamples(strategy: StrategyId, decided: SystemVerdict[], scope: Scope, options: Pick<VerifyOptions, 'exhaustiveDepth' | 'target'>, open: () => Promise<SystemUnderTest>): Promise<void> {
  const open_ = new Set(decided.filter((r) => r.verdict === 'holds' || r.verdict === 'vacuous').map((r) => r.property));
  const found = exhaustiveSearch(strategy, open_, scope, options.exhaustiveDepth ?? CONFIRM_DEPTH, true);
  if (!found) return;
  for (const outcome of found.results) {
    const property = catalog.find((p) => p.id === outcome.property)!;
    const index = decided.findIndex((r) => r.property === property.id);
    if (index < 0) continue;
    const before = decided[index];
    if (outcome.verdict === 'refuted' && outcome.counterexample) {
      const replayed = await executeLockstep(open, modelStrategy(strategy), scope, [property], outcome.counterexample);
      const violation = replayed.violations.get(property.id);
      if (!violation) {
        decided[index] = { ...before, note: `the model's shortest counterexample (${outcome.counterexample.join(', ')}) does not fail on target ${options.target}` };
        continue;
      }
      decided[index] = {
        property: property.id, verdict: 'refuted', runs: before.runs,
        counterexample: {
          actions: replayed.executed,
          replay: encodeReplay({ strategy, property: property.id, target: options.target, scope, actions: replayed.executed }),
          detail: `${violation.detail} (the model's exhaustive search found it; confirmed on target ${options.target})`,
        },
        ...(before.window !== undefined ? { window: before.window } : {}),
        witnessed: (before.witnessed ?? 0) + 1,
        ...(before.exhaustiveSystem ? { exhaustiveSystem: before.exhaustiveSystem } : {}),
      };
      continue;
    }
    // No random run put the property at risk: play the model's shortest path to its witness.
    const path = found.sometimes.find((w) => w.id === property.id)?.witness;
    if (before.verdict !== 'vacuous' || outcome.verdict !== 'holds' || !path) continue;
    const replayed = await executeLockstep(open, modelStrategy(strategy), scope, [property], path);
    const violation = replayed.violations.get(property.id);
    if (violation) {
      decided[index] = {
        property: property.id, verdict: 'refuted', runs: before.runs,
        counterexample: {
          actions: replayed.executed,
          replay: encodeReplay({ strategy, property: property.id, target: options.target, scope, actions: replayed.executed }),
          detail: `${violation.detail} (on the model's shortest path to the property's witness)`,
        },
        witnessed: 1,
        ...(before.exhaustiveSystem ? { exhaustiveSystem: before.exhaustiveSystem } : {}),
      };
    } else if (replayed.run.witnessed.has(property.id)) {
      decided[index] = { ...before, verdict: 'holds', witnessed: 1, note: `no random run reached the witness; the model's shortest path to it (${path.join(', ')}) did, and the property held` };
    }
  }
}

/** Targets whose systems `openSystem` starts. */
const systemTargets = ['impl', 'sockets', 'redis', 'cluster'] as const;
/** Targets running real redis-server processes (where `decidedBy: 'redis'` properties are decided). */
const redisTargets: readonly Target[] = ['redis', 'cluster'];

/**
 * One strategy's cells on a system target, judged together on the same runs (in this process or
 * in a worker: the task is plain data). `onRun` is told each generated run's progress.
 */
export async function verifyStrategyOnSystem(task: StrategyTask, onRun?: (done: number, runs: number) => void): Promise<Result[]> {
  const selected = catalog.filter((p) => task.properties.includes(p.id));
  const { cells: _cells, ...rest } = task;
  return verifyOnSystem(task.strategy, selected, task.scope, { ...rest, strategies: [task.strategy], ...(onRun ? { onRun: (done, runs) => onRun(done, runs) } : {}) });
}

async function verifyOnSystem(strategy: StrategyId, selected: readonly Property[], scope: Scope, options: VerifyOptions): Promise<Result[]> {
  const target = options.target;
  if (!(systemTargets as readonly string[]).includes(target)) throw new RangeError(`target "${target}" cannot be opened by this build`);
  const { openSystem, builtinStrategy } = await import('../impl/index.ts');
  const open = () => openSystem(builtinStrategy(strategy), { target: target as (typeof systemTargets)[number], scope, seed: options.seed });
  const checked = selected.filter((p) => p.expected[strategy] !== 'n/a' && judgedOnRuns(p));
  // --exhaustive: the model's search, played after the random runs (progress counts both).
  const tree = options.exhaustiveSystem && checked.length > 0 ? modelTree(strategy, scope, options.exhaustiveSystem) : null;
  const programs = options.runs + (tree?.playFrom.length ?? 0);
  const onRun = options.onRun && ((done: number) => options.onRun!(done, programs, strategy));
  // Only implementation checks selected: no generated program would judge anything.
  const random = checked.length === 0 ? [] : await checkOnSystem(checked, { runs: options.runs, seed: options.seed, scope, target, open, model: strategy, name: strategy, concurrency: options.concurrency, swarm: options.swarm, onRun });
  const decided = !tree ? random : mergeTreeVerdicts(random, await playTree(checked, {
    depth: options.exhaustiveSystem!, tree, scope, target, open, model: strategy, concurrency: options.concurrency, onPath: onRun && ((done) => onRun(options.runs + done)),
  }), target);
  for (const property of selected) {
    const check = implChecks[property.id];
    if (!check || property.expected[strategy] === 'n/a') continue;
    if (property.decidedBy === 'redis' && !redisTargets.includes(target)) continue; // decidedElsewhere below
    const verdict = await check({ strategy, implementation: builtinStrategy(strategy), target, scope, seed: options.seed, runs: options.runs, open });
    // Judged on the runs' traces too (forgeries in the programs; refresh races and faults
    // mid-request for model-decided ones): one verdict of the two (combineVerdicts).
    const index = decided.findIndex((r) => r.property === property.id);
    if (index < 0) decided.push(verdict);
    else decided[index] = combineVerdicts(decided[index], verdict, property.decidedBy === 'impl');
  }
  await confirmModelCounterexamples(strategy, decided, scope, options, open);
  return selected.map((property) => {
    const undecidable = property.undecidableOnSystems?.[strategy];
    if (undecidable) return { strategy, property: property.id, expected: 'n/a', verdict: 'n/a', runs: 0, note: `decided on the model (expected there: ${property.expected[strategy]}): ${undecidable}` };
    const verdict = decided.find((r) => r.property === property.id);
    if (verdict) return inContractOrder({ strategy, expected: property.expected[strategy], ...verdict, ...revisedFrom(property, strategy) });
    if (property.expected[strategy] === 'n/a') return notApplicable(strategy, property, `not applicable to ${strategy}`);
    if (property.decidedBy === 'redis' && !redisTargets.includes(target)) return decidedElsewhere(strategy, property);
    // Decidable here but not checked: a gap, and it shows as one (expected stays the catalog's).
    return notApplicable(strategy, property, `not yet checked on target ${target}`);
  });
}

/** Targets whose strategies may be checked in worker processes (in-process systems: one busy core each). */
const workerTargets: readonly Target[] = ['impl', 'sockets'];

/**
 * The system branch of {@link runVerify}: each strategy's cells judged together, one strategy after
 * another, or `jobs` at once in worker processes; results and errors in strategy order either way.
 */
async function verifyOnSystemTargets(selected: readonly Property[], scope: Scope, options: VerifyOptions, results: Result[], errors: HarnessError[], total: number): Promise<void> {
  const slots = new Map<StrategyId, { results: Result[]; error?: HarnessError }>();
  const started = new Map<StrategyId, number>();
  let cellsDone = 0;
  const finished = (strategy: StrategyId, outcome: StrategyOutcome) => {
    const seconds = secondsSince(started.get(strategy)!);
    const cells = new Map<PropertyId, number>();
    if (outcome.kind === 'done') {
      // The cells were judged together on the same runs: an equal share each for the decided ones.
      const shared = outcome.results.filter((r) => r.verdict !== 'n/a').length;
      for (const r of outcome.results) cells.set(r.property, r.verdict === 'n/a' ? 0 : seconds / shared);
      slots.set(strategy, { results: outcome.results });
    } else {
      // A harness or infrastructure failure is an error, never a verdict: the other strategies go on.
      slots.set(strategy, { results: [], error: { strategy, property: '*', code: outcome.code, message: outcome.message } });
    }
    cellsDone += outcome.kind === 'done' ? outcome.results.length : selected.length;
    options.onTimed?.(strategy, { seconds, cells });
    options.onProgress?.(cellsDone, total, { strategy, property: selected[selected.length - 1].id });
  };
  const task = (strategy: StrategyId): StrategyTask => ({
    strategy, target: options.target, properties: selected.map((p) => p.id), runs: options.runs, seed: options.seed, scope,
    ...(options.exhaustiveDepth !== undefined ? { exhaustiveDepth: options.exhaustiveDepth } : {}),
    ...(options.exhaustiveSystem !== undefined ? { exhaustiveSystem: options.exhaustiveSystem } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.swarm ? { swarm: true } : {}),
  });
  const jobs = workerTargets.includes(options.target) ? Math.min(options.jobs ?? 1, options.strategies.length) : 1;
  if (jobs > 1) {
    // Each strategy is timed from when a worker takes it, not from the start of the run.
    await runInWorkers(options.strategies.map(task), jobs, (t, outcome) => finished(t.strategy, outcome), (t, done, runs) => options.onRun?.(done, runs, t.strategy),
      (t) => started.set(t.strategy, performance.now()));
  } else {
    for (const strategy of options.strategies) {
      started.set(strategy, performance.now());
      try {
        finished(strategy, { kind: 'done', results: await verifyStrategyOnSystem(task(strategy), options.onRun && ((done, runs) => options.onRun!(done, runs, strategy))) });
      } catch (error) {
        if (!(error instanceof HarnessFailure)) throw error;
        finished(strategy, { kind: 'harness', code: error.code, message: error.message });
      }
    }
  }
  for (const strategy of options.strategies) {
    const slot = slots.get(strategy)!;
    results.push(...slot.results);
    if (slot.error) errors.push(slot.error);
  }
}

/**
 * One strategy's cells on the model: each selected cell (those of `cells`, when given) decided by
 * generated programs, then backed by the exhaustive search; `onCell` after each, with its time.
 */
export async function verifyStrategyOnModel(
  strategy: StrategyId, selected: readonly Property[], scope: Scope, options: Pick<VerifyOptions, 'runs' | 'seed' | 'target' | 'swarm' | 'exhaustiveDepth' | 'cells'>,
  onCell?: (property: PropertyId, seconds: number) => void | Promise<void>,
): Promise<Result[]> {
  const results: Result[] = [];
  for (const property of selected) {
    if (options.cells && !options.cells.has(cellKey(strategy, property.id))) continue;
    const cellStarted = performance.now();
    if (property.expected[strategy] === 'n/a') {
      results.push(notApplicable(strategy, property, `not applicable to ${strategy}`));
    } else if (property.decidedBy !== 'model') {
      results.push(decidedElsewhere(strategy, property));
    } else {
      results.push(inContractOrder(checkOnModel(strategy, property, { runs: options.runs, seed: options.seed, scope, target: options.target, swarm: options.swarm })));
    }
    await onCell?.(property.id, secondsSince(cellStarted));
  }
  return withExhaustiveSearch(strategy, results, scope, options);
}

/**
 * Relative cost of a strategy's cells on the model on defaults (measured in one process,
 * 2026-12-02: jwt 0.79 s, jwt-refresh 0.75 s, jwt-denylist 0.50 s, the others 0.29–0.37 s).
 */
const MODEL_COST: Partial<Record<StrategyId, number>> = { jwt: 2.5, 'jwt-refresh': 2.4, 'jwt-denylist': 1.6 };

/**
 * The model branch of {@link runVerify}: strategy after strategy in this process, or `jobs` at once
 * in worker processes (each strategy's verdicts depend on its own seeded programs only, so the
 * results are the same bytes either way); results in strategy order.
 */
async function verifyOnModelTarget(selected: readonly Property[], scope: Scope, options: VerifyOptions, results: Result[]): Promise<void> {
  const total = options.strategies.length * selected.length;
  const jobs = Math.min(options.jobs ?? 1, options.strategies.length);
  if (jobs <= 1) {
    for (const strategy of options.strategies) {
      const started = performance.now();
      const cells = new Map<PropertyId, number>();
      results.push(...await verifyStrategyOnModel(strategy, selected, scope, options, async (property, seconds) => {
        cells.set(property, seconds);
        options.onProgress?.(results.length + cells.size, total, { strategy, property });
        await new Promise((r) => setImmediate(r)); // let a progress bar paint
      }));
      options.onTimed?.(strategy, { seconds: secondsSince(started), cells });
    }
    return;
  }
  const slots = new Map<StrategyId, Result[]>();
  const done = new Map<StrategyId, number>();
  const started = new Map<StrategyId, number>();
  const task = (strategy: StrategyId): StrategyTask => ({
    strategy, target: 'model', properties: selected.map((p) => p.id), runs: options.runs, seed: options.seed, scope,
    ...(options.exhaustiveDepth !== undefined ? { exhaustiveDepth: options.exhaustiveDepth } : {}),
    ...(options.swarm ? { swarm: true } : {}),
    ...(options.cells ? { cells: [...options.cells] } : {}),
  });
  const sum = () => [...done.values()].reduce((a, b) => a + b, 0);
  // Longest first (MODEL_COST), so no worker is left with the longest strategy at the end;
  // results are placed by strategy whatever the order.
  const order = [...options.strategies].sort((a, b) => (MODEL_COST[b] ?? 1) - (MODEL_COST[a] ?? 1));
  await runInWorkers(order.map(task), jobs, (t, outcome) => {
    // The model opens no system: a worker's failure is an internal error (thrown by runInWorkers), never a harness one.
    if (outcome.kind !== 'done') throw new Error(`internal: a model worker reported a harness failure: ${outcome.message}`);
    slots.set(t.strategy, outcome.results);
    done.set(t.strategy, selected.length);
    options.onTimed?.(t.strategy, { seconds: secondsSince(started.get(t.strategy)!), cells: new Map(outcome.cells ?? []) });
    options.onProgress?.(sum(), total, { strategy: t.strategy, property: selected[selected.length - 1].id });
  }, (t, cellsDone) => {
    done.set(t.strategy, cellsDone);
    options.onProgress?.(sum(), total, { strategy: t.strategy, property: selected[Math.max(0, cellsDone - 1)].id });
  }, (t) => started.set(t.strategy, performance.now()));
  for (const strategy of options.strategies) results.push(...slots.get(strategy)!);
}

export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const scope = options.scope ?? defaultScope;
  const selected = catalog.filter((p) => options.properties.includes(p.id));
  const total = options.strategies.length * selected.length;
  const results: Result[] = [];
  const errors: HarnessError[] = [];
  if (options.target !== 'model') {
    if (selected.length > 0) await verifyOnSystemTargets(selected, scope, options, results, errors, total);
  }
  if (options.target === 'model') await verifyOnModelTarget(selected, scope, options, results);
  return {
    tool: 'sessioncheck',
    version: VERSION,
    target: options.target,
    seed: options.seed,
    runs: options.runs,
    ...(options.swarm ? { swarm: true as const } : {}),
    results,
    table: deriveTable(results, options.strategies),
    ok: errors.length === 0 && results.every(matches),
    ...(errors.length > 0 ? { errors } : {}),
  };
}
