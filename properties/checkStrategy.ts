/**
 * `checkStrategy`: checks a user's own session layer. The strategy is driven in lockstep with a
 * reference model the user names (the built-in strategy it means to behave like), so every
 * catalog property the model decides is evaluated on the strategy's real observations, and
 * `conformance.model-impl` says where it behaves differently. A plug-in has no expectations: it
 * gets verdicts and its derived table row.
 */
import type { SessionStrategy, SystemUnderTest } from '../impl/index.ts';
import { implChecks, pluginImplChecks } from './implChecks.ts';
import { defaultScope } from '../model/scope.ts';
import type { ActionType, Scope, StrategyId } from '../model/types.ts';
import { catalog } from './catalog.ts';
import type { HarnessError, TableRow } from './results.ts';
import { exhaustiveOption, mergeTreeVerdicts, playTree } from './exhaustiveSystem.ts';
import { confirmModelCounterexamples } from './runner.ts';
import type { TripCosts } from './lockstep.ts';
import { checkOnSystem, combineVerdicts, HarnessFailure, judgedOnRuns, type SystemVerdict } from './systemRunner.ts';
import { deriveTable } from './table.ts';
import { pluginOpener, resolvePlugin, storeClockGap, usesFakeTime, type PluginInput, type PluginTarget } from './pluginSystems.ts';
import type { PropertyId } from './types.ts';

export interface CheckStrategyOptions {
  /** The built-in strategy whose model yours is held to (e.g. 'central-store'). */
  readonly model: StrategyId;
  /**
   * Where the nodes run (default `impl`): in this process (`impl`), behind loopback sockets
   * (`sockets`), in this process over a real redis-server started per system (`redis`), or in node
   * processes behind HAProxy over a real redis-server (`cluster`: the plug-in must be given as
   * `{ module, export }`, which each node process imports). The implementation-only checks run on
   * a bench over the embedded store whatever the target.
   */
  readonly target?: PluginTarget;
  /**
   * Run the plug-in's code under fake time: `Date` follows the harness's clock, so code that reads
   * wall time (third-party middleware) sees `tick`s and its expiry is judged. Needs the plug-in as
   * `{ module, export }`: each system then runs in a process of its own (target `cluster`: its node
   * processes). Default: on when the plug-in is given by module and declares
   * `capabilities.wallClock`, else off.
   */
  readonly fakeTime?: boolean;
  readonly runs?: number;
  readonly seed?: number;
  readonly scope?: Scope;
  /**
   * Properties to check (default: every one the model decides, conformance, and the
   * implementation-only checks that need nothing of a built-in: safety.forged-rejected,
   * safety.fixation, concurrency.no-lost-update; the others are `n/a` with a note).
   */
  readonly properties?: readonly PropertyId[];
  /**
   * How conformance compares store round trips: `presence` (default for plug-ins: none versus at
   * least one, as the model's) or `exact` (the built-ins' declared costs).
   */
  readonly trips?: TripCosts;
  /**
   * Generated programs in flight at once, each on a system of its own (default 4; 1 plays them one
   * after another). Results do not depend on it, but several systems of your strategy then run side
   * by side: keep state in the nodes `createNode` returns, not in the strategy object.
   */
  readonly concurrency?: number;
  /**
   * Swarm testing (default off; docs/swarm.md): each generated program draws a random subset of its
   * profile's action kinds, and their weights, and uses only those, so a kind that masks a bug (a tick that expires everything, a
   * store wipe) is absent from about half the programs. Deterministic per seed, like the default.
   */
  readonly swarm?: boolean;
  /**
   * Bounded-exhaustive testing (properties/exhaustiveSystem.ts): besides the `runs` random
   * programs (0 plays none), every edge of the model's breadth-first search to this depth is played
   * on the system as one path (at the scope above, user symmetry applied; `forge` and `plant` are
   * not in the search's vocabulary), so a bug this few steps deep is found without luck. `actions`
   * narrows the search to some action kinds (a smaller tree, e.g. for a test). Depth 4 is about
   * 5,000 paths at the default scope, each level about 8× more (see BENCHMARKS.md).
   */
  readonly exhaustive?: number | { readonly depth: number; readonly actions?: readonly ActionType[] };
  /**
   * Called after each generated program (`phase: 'runs'`) and each path of the exhaustive search
   * (`phase: 'paths'`), with how many of that phase are done: a long check (depth 5 is tens of
   * thousands of paths) can show progress. Decides nothing.
   */
  readonly onProgress?: (progress: { readonly phase: 'runs' | 'paths'; readonly done: number; readonly total: number }) => void;
}

export interface StrategyCheck {
  readonly strategy: string;
  readonly model: StrategyId;
  readonly results: readonly SystemVerdict[];
  /** The comparison-table row derived from the verdicts (null when a column was not checked). */
  readonly table: Omit<TableRow, 'strategy'> | null;
  /** The strategy conforms to the model at every step of every run. */
  readonly conforms: boolean;
  /** Harness failures (the strategy threw, a port was taken): no verdict was given for them. */
  readonly errors: readonly HarnessError[];
}

/**
 * Runs an implementation-only check on a plug-in, judged by what the system answers on the wire
 * only. A check that cannot run (login issues no credential the wire conventions know) gives
 * `n/a` with the reason, never a verdict.
 */
async function runImplCheck(
  id: PropertyId, strategy: SessionStrategy,
  o: { model: StrategyId; target: PluginTarget; scope: Scope; seed: number; runs: number; open: () => Promise<SystemUnderTest> },
): Promise<SystemVerdict> {
  const check = implChecks[id]!;
  try {
    return await check({ strategy: o.model, implementation: strategy, target: o.target, scope: o.scope, seed: o.seed, runs: o.runs, open: o.open, observe: 'wire' });
  } catch (error) {
    if (error instanceof HarnessFailure) throw error;
    return { property: id, verdict: 'n/a', runs: 0, note: `the check could not run on this strategy: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * @example
 * const check = await checkStrategy(myStrategy, { model: 'central-store', runs: 100 });
 * check.table; // { serverStateless: 'Yes', revokeInstantly: 'Yes', extraHop: 'Yes', failureOfOneNode: 'Sessions survive' }
 * // By module, so node processes (target cluster) or a fake-time process can load it:
 * await checkStrategy({ module: './my-layer.ts', export: 'strategy' }, { model: 'central-store', target: 'cluster' });
 */
export async function checkStrategy(input: PluginInput, options: CheckStrategyOptions): Promise<StrategyCheck> {
  const strategy = await resolvePlugin(input);
  const fakeTime = usesFakeTime(strategy, options.fakeTime);
  // A system on wall time cannot be moved by the harness's clock: its programs never tick (unless
  // its wall time is the harness's, under fake time).
  const wallClock = strategy.capabilities?.wallClock === true && !fakeTime;
  const scope = wallClock ? { ...(options.scope ?? defaultScope), ticks: [] } : options.scope ?? defaultScope;
  const seed = options.seed ?? 1;
  const target = options.target ?? 'impl';
  const wanted = options.properties ?? catalog.map((p) => p.id);
  const exhaustive = options.exhaustive === undefined ? null : exhaustiveOption(options.exhaustive);
  const selected = catalog.filter((p) => wanted.includes(p.id) && judgedOnRuns(p));
  // Implementation-only checks built from what the system issues (forgeries, fixation, lost updates),
  // and on target redis the store failover (a real primary and replica).
  const implOnly = catalog.filter((p) => wanted.includes(p.id) && ((p.decidedBy === 'impl' && pluginImplChecks.includes(p.id)) || (p.decidedBy === 'redis' && target === 'redis')));
  // n/a comes from what the strategy declares it can do, and from what no running system can observe.
  const notApplicable: SystemVerdict[] = [];
  for (const p of selected) {
    const undecidable = p.undecidableOnSystems?.[options.model];
    const storeClock = storeClockGap(target, fakeTime, p.needsClock);
    if (p.requires && !strategy.capabilities?.[p.requires]) notApplicable.push({ property: p.id, verdict: 'n/a', runs: 0, note: `the strategy does not declare capabilities.${p.requires}` });
    else if (storeClock) notApplicable.push({ property: p.id, verdict: 'n/a', runs: 0, note: storeClock });
    else if (undecidable) notApplicable.push({ property: p.id, verdict: 'n/a', runs: 0, note: `not decidable on a running system: ${undecidable}` });
    else if (p.needsClock && wallClock) {
      notApplicable.push({ property: p.id, verdict: 'n/a', runs: 0, note: `the strategy declares capabilities.wallClock: it reads wall time, which the harness's clock does not reach, and ${p.needsClock}; give the strategy as { module, export } to run it under fake time (fakeTime), where its Date follows the harness's clock` });
    }
  }
  for (const p of catalog) {
    if (!wanted.includes(p.id) || selected.includes(p) || implOnly.includes(p)) continue;
    const why = p.decidedBy === 'redis' ? 'it is decided on a real Redis primary and replica (a failover): check it with target \'redis\''
      : 'its implementation check reads a built-in\'s own state and is not yet generalised to plug-ins';
    notApplicable.push({ property: p.id, verdict: 'n/a', runs: 0, note: `not checked for plug-ins: ${why}` });
  }
  const properties = selected.filter((p) => !notApplicable.some((r) => r.property === p.id));
  const open = pluginOpener(strategy, { target, scope, seed, fakeTime });
  let results: SystemVerdict[];
  let undeclared: string | null = null;
  try {
    results = await checkOnSystem(properties, {
      runs: options.runs ?? 200, seed, scope, target, model: options.model, name: strategy.name, open, concurrency: options.concurrency, swarm: options.swarm, trips: options.trips ?? 'presence',
      ...(options.onProgress ? { onRun: (done: number, total: number) => options.onProgress!({ phase: 'runs', done, total }) } : {}),
      onRecord: (record) => {
        if (record.issued?.refresh && record.issued.refresh !== record.sent?.credential?.refresh && !strategy.capabilities?.refreshTokens) undeclared ??= 'refreshTokens';
      },
    });
    if (exhaustive) {
      const tree = await playTree(properties, {
        ...exhaustive, scope, target, open, model: options.model, concurrency: options.concurrency, trips: options.trips ?? 'presence',
        ...(options.onProgress ? { onPath: (done: number, total: number) => options.onProgress!({ phase: 'paths', done, total }) } : {}),
      });
      results = mergeTreeVerdicts(results, tree, target);
    }
    // Short counterexamples the random runs missed: the model's exhaustive ones, replayed on the plug-in.
    await confirmModelCounterexamples(options.model, results, scope, { target }, open);
    for (const p of implOnly) {
      // The failover's nodes run in this process, never under fake time: its programs must not tick then.
      const checkScope = p.decidedBy === 'redis' && fakeTime ? { ...scope, ticks: [] } : scope;
      const check = await runImplCheck(p.id, strategy, { model: options.model, target, scope: checkScope, seed, runs: options.runs ?? 200, open });
      const index = results.findIndex((r) => r.property === p.id);
      if (index < 0) results.push(check);
      else results[index] = combineVerdicts(results[index], check, true);
    }
  } catch (error) {
    if (!(error instanceof HarnessFailure)) throw error;
    return { strategy: strategy.name, model: options.model, results: [], table: null, conforms: false, errors: [{ strategy: strategy.name, property: '*', code: error.code, message: error.message }] };
  }
  results = [...results, ...notApplicable];
  if (undeclared !== null) {
    // The trace contradicts the declaration: the verdicts above rest on a wrong premise.
    return { strategy: strategy.name, model: options.model, results, table: null, conforms: false,
      errors: [{ strategy: strategy.name, property: '*', code: 'ERR_UNDECLARED_CAPABILITY', message: `the strategy issued a refresh token but does not declare capabilities.${undeclared}` }] };
  }
  const rows = deriveTable(results.map((r) => ({ ...r, strategy: options.model, expected: 'n/a' as const })), [options.model]);
  const table = rows.length === 1 ? (({ strategy: _s, ...row }) => row)(rows[0]) : null;
  return { strategy: strategy.name, model: options.model, results, table, conforms: results.find((r) => r.property === 'conformance.model-impl')?.verdict !== 'refuted', errors: [] };
}
