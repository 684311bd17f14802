/**
 * Bounded-exhaustive testing of a running system (`checkStrategy(…, { exhaustive: D })`,
 * `verify --target impl|sockets|redis --exhaustive D`): one path per edge of the model's
 * breadth-first search to depth D (model/explore/tree.ts: 2 users and 2 nodes by default, user
 * symmetry, no node rotations, prefixes not played on their own) is played on a fresh system and
 * judged on the system's own trace, exactly as a generated program is (lockstep.ts), so a bug a few
 * steps deep is found without luck.
 *
 * What it covers, and what it does not:
 * - every transition the model's search checks to depth D is taken on the system once, from the
 *   path along which the search first reached its state (edges into an already discovered state
 *   included). Two paths the model sends to the same canonical state are played once: a system
 *   that tells them apart (a cache the model does not have) is tested along the first one only;
 * - the search's vocabulary has no `forge` and no `plant` (model/actions.ts) and no concurrent
 *   batch: forgeries, fixation and lost updates are not in these paths; the random runs and the
 *   implementation checks (safety.forged-rejected, safety.fixation, concurrency.no-lost-update)
 *   still test them;
 * - a path whose action the harness cannot play on the system (it did not issue the credential
 *   the model's client holds) skips that action, as a replay does.
 *
 * Verdicts: the first violation of a property is the one at the fewest steps, then the earliest
 * path in BFS order (whatever finished first), replayed once more on a fresh system to confirm
 * it; witnessed counts over every path decide `vacuous`. Deterministic: paths are launched in
 * order and combined by index, never by arrival.
 */
import { defaultConcurrency } from '../impl/concurrentRuns.ts';
import type { SystemUnderTest } from '../impl/index.ts';
import { parseAction } from '../model/actions.ts';
import { MAX_PLAY_DEPTH, playPath, searchTree, type SearchTree } from '../model/explore/tree.ts';
import { modelStrategy } from '../model/registry.ts';
import type { ActionType, Scope, StrategyId } from '../model/types.ts';
import { enabledOnSystem, executeLockstep, newLockstep, stepLockstep, type TripCosts } from './lockstep.ts';
import { encodeReplay } from './replay.ts';
import type { Target } from './results.ts';
import { HarnessFailure, RunTally, type SystemVerdict } from './systemRunner.ts';
import type { Property, PropertyId, Violation } from './types.ts';

/** The deepest search `exhaustive` may ask for. */
export const MAX_SYSTEM_DEPTH = MAX_PLAY_DEPTH;

export interface TreePathsOptions {
  /** The depth of the model's search tree whose paths are played. */
  readonly depth: number;
  readonly scope: Scope;
  readonly target: Target;
  /** Opens a fresh system (one per path). */
  readonly open: () => Promise<SystemUnderTest>;
  /** The model whose tree is played and which conformance validates against. */
  readonly model: StrategyId;
  /** The search already built (`modelTree` with the same model, scope, depth and kinds); default: built here. */
  readonly tree?: SearchTree;
  /** Only these action kinds in the tree's paths (default: the explorer's whole vocabulary). */
  readonly only?: readonly ActionType[];
  /** Paths in flight at once, each on a system of its own (default as for generated programs). */
  readonly concurrency?: number;
  readonly trips?: TripCosts;
  /** Called after each path is judged (progress only). */
  readonly onPath?: (done: number, paths: number) => void;
}

/** What playing the tree found, per property, before it is merged with the random runs' verdicts. */
export interface TreeOutcome {
  readonly depth: number;
  readonly paths: number;
  readonly verdicts: readonly SystemVerdict[];
}

interface Failure {
  readonly path: number;
  readonly steps: number;
  readonly violation: Violation;
  readonly executed: string[];
}

/** Checks a depth for {@link playTree} (a whole number from 1 to {@link MAX_SYSTEM_DEPTH}). */
export function checkSystemDepth(depth: number): number {
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_SYSTEM_DEPTH) throw new RangeError(`exhaustive must be a whole number from 1 to ${MAX_SYSTEM_DEPTH}, got ${depth}`);
  return depth;
}

/** `checkStrategy`'s `exhaustive` option, checked: the depth and the action kinds of the tree. */
export function exhaustiveOption(option: number | { readonly depth: number; readonly actions?: readonly ActionType[] }): { depth: number; only?: readonly ActionType[] } {
  if (typeof option === 'number') return { depth: checkSystemDepth(option) };
  return { depth: checkSystemDepth(option.depth), ...(option.actions ? { only: option.actions } : {}) };
}

/** The tree of a model at a scope (shared by the count and the play). */
export function modelTree(model: StrategyId, scope: Scope, depth: number, only?: readonly ActionType[]): SearchTree {
  return searchTree(modelStrategy(model), scope, checkSystemDepth(depth), only ? { only } : {});
}

/** Plays every leaf path of the model's tree on fresh systems; one verdict per property. Throws {@link HarnessFailure}. */
export async function playTree(properties: readonly Property[], options: TreePathsOptions): Promise<TreeOutcome> {
  const strategy = modelStrategy(options.model);
  const tree = options.tree ?? modelTree(options.model, options.scope, options.depth, options.only);
  const total = tree.playFrom.length;
  const first = new Map<PropertyId, Failure>();
  const tally = new RunTally();
  let done = 0;
  const play = async (k: number) => {
    const path = playPath(strategy, options.scope, tree, k);
    const run = newLockstep(strategy, options.scope, properties, false, options.trips);
    const system = await options.open();
    try {
      for (const text of path) {
        const action = parseAction(text);
        if (!enabledOnSystem(run, system, action)) continue;
        const known = new Set(run.violations.keys());
        await stepLockstep(run, system, action);
        for (const [id, violation] of run.violations) {
          if (known.has(id)) continue;
          const steps = run.executed.length;
          const best = first.get(id);
          if (best === undefined || steps < best.steps || (steps === best.steps && k < best.path)) first.set(id, { path: k, steps, violation, executed: [...run.executed] });
        }
      }
    } finally {
      await system.close();
    }
    tally.add(run);
    options.onPath?.(++done, total);
  };
  try {
    await inOrder(total, options.concurrency ?? defaultConcurrency(options.target), play);
  } catch (error) {
    throw error instanceof HarnessFailure ? error : new HarnessFailure(error);
  }

  const verdicts = await tally.verdicts(properties, total, async (property) => {
    const failure = first.get(property.id);
    if (!failure) return null;
    // Confirmed on a fresh system, watching this property alone.
    let broke: unknown;
    const again = await executeLockstep(options.open, strategy, options.scope, [property], failure.executed, options.trips).catch((error: unknown) => {
      broke = error;
      return null;
    });
    if (broke !== undefined) throw new HarnessFailure(broke);
    const confirmed = again?.violations.get(property.id);
    const actions = confirmed ? again!.executed : failure.executed;
    const where = `path ${failure.path + 1} of ${total} of the model's search tree to depth ${options.depth}, played on target ${options.target}`;
    return {
      runs: failure.path + 1,
      counterexample: {
        actions,
        replay: encodeReplay({ strategy: options.model, property: property.id, target: options.target, scope: options.scope, actions }),
        detail: `${(confirmed ?? failure.violation).detail} (${where}${confirmed ? '' : '; it did not fail again when replayed'})`,
      },
      reproducible: confirmed !== undefined,
    };
  });
  return { depth: options.depth, paths: total, verdicts };
}

/**
 * Runs `play(0)`, …, `play(count - 1)` with at most `concurrency` in flight, launched in index
 * order. A play that throws stops further launches; the smallest index that threw is rethrown.
 */
async function inOrder(count: number, concurrency: number, play: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const thrown: { index: number; error: unknown }[] = [];
  const worker = async () => {
    while (thrown.length === 0 && next < count) {
      const index = next++;
      try {
        await play(index);
      } catch (error) {
        thrown.push({ index, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  if (thrown.length > 0) throw thrown.reduce((a, b) => (b.index < a.index ? b : a)).error;
}

/**
 * One verdict per property from the random runs' verdict and the tree's. A refutation stands: the
 * shorter counterexample of the two, the tree's on a tie (it replays without luck). Otherwise the
 * witnessed counts of both decide holds or vacuous, `runs` counts every program played (random
 * runs and paths), and `exhaustiveSystem` says which tree was played, so a holding verdict reads
 * "no path of the model's tree to depth D breaks it on the system".
 */
export function mergeTreeVerdicts(random: readonly SystemVerdict[], tree: TreeOutcome, target: Target): SystemVerdict[] {
  const playedField = { exhaustiveSystem: { depth: tree.depth, paths: tree.paths } };
  return random.map((r) => {
    const t = tree.verdicts.find((v) => v.property === r.property);
    if (!t) return r;
    if (t.verdict === 'n/a' && r.verdict === 'n/a') return r;
    const witnessed = (r.witnessed ?? 0) + (t.witnessed ?? 0);
    const randomRuns = r.verdict === 'refuted' ? 0 : r.runs;
    if (t.verdict === 'refuted' && (r.verdict !== 'refuted' || t.counterexample!.actions.length <= r.counterexample!.actions.length)) {
      const window = r.window !== undefined && (t.window === undefined || r.window > t.window) ? { window: r.window } : {};
      return { ...t, runs: randomRuns + t.runs, ...window, witnessed, ...playedField };
    }
    if (r.verdict === 'refuted') return { ...r, witnessed, ...playedField };
    const window = t.window !== undefined && (r.window === undefined || t.window > r.window) ? { window: t.window } : {};
    const verdict = r.verdict === 'n/a' || t.verdict === 'n/a' ? 'n/a' : witnessed > 0 ? 'holds' : 'vacuous';
    const note = verdict === 'holds'
      ? { note: `no path of the model's search tree to depth ${tree.depth} (${tree.paths} paths, one per edge of its breadth-first search; forge and plant are not in its vocabulary) breaks it on target ${target}` }
      : r.note ? { note: r.note } : {};
    return { ...r, ...window, verdict, runs: r.runs + t.runs, witnessed, ...playedField, ...note };
  });
}
