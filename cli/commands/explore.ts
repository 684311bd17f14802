/**
 * `sessioncheck explore [--strategy ID] [--users N] [--nodes N] [--depth D] [--max-states N]
 * [--no-symmetry] [--engine flat|readable] [--abstraction] [--complete] [--ticks N,N] [--max-items N]
 * [--threads N] [--json] [--shard I/N]`:
 * the exhaustive bounded search of `model/explore/`, with the catalog's model-decidable properties
 * checked on every edge. The flat engine (model/explore/flat/) runs where it represents the
 * strategy and the options, else the readable one (the output names the engine that ran and why
 * the flat one did not). `--abstraction` searches the sound finite abstraction; `--complete`
 * searches it to its fixpoint at `COMPLETE_SCOPE` (docs/abstraction.md): a holding verdict is then
 * a proof at that scope. `--threads N` runs the flat search on N worker threads
 * (properties/exploreThreads.ts: the one-thread result, field for field) where it can.
 *
 * `--json` prints the object of docs/json-contract.md for one strategy; without `--strategy` every strategy is
 * explored and `--json` prints an array of those objects, in the comparison table's order.
 * `statesPerSecond` is states generated (duplicates included) per second of wall time.
 *
 * Exit codes: 0 when no property expected to hold was refuted, 1 when one was, 2 on bad usage.
 * A property expected to be refuted whose counterexample is longer than the depth is reported as
 * holding up to that depth: a bounded search cannot refute it, and that is not a failure.
 */
import cliProgress from 'cli-progress';
import { COMPLETE_SCOPE } from '../../model/explore/abstraction.ts';
import { defaultScope } from '../../model/scope.ts';
import { explore as search, DEFAULT_DEPTH, DEFAULT_MAX_STATES, type EdgeCheck, type Engine, type ExploreResult, type ExploreShard, type Progress } from '../../model/explore/index.ts';
import { VERSION } from '../../properties/runner.ts';
import type { Shard } from '../../properties/shard.ts';
import { shardFlag } from '../args.ts';
import { isStrategyId, modelStrategy, strategyIds } from '../../model/registry.ts';
import type { StrategyId } from '../../model/types.ts';
import { catalog, explorerCheck, isPropertyId } from '../../properties/catalog.ts';
import { encodeReplay } from '../../properties/replay.ts';
import { exploreThreaded, threadsUnsupported } from '../../properties/exploreThreads.ts';
import { UsageError } from '../errors.ts';
import type { Command, Io } from '../io.ts';
import { eta, progressStream } from '../progress.ts';

const flags = ['--strategy', '--users', '--nodes', '--depth', '--max-states', '--no-symmetry', '--engine', '--abstraction', '--complete', '--ticks', '--max-items', '--threads', '--json', '--shard'];
const engines: readonly Engine[] = ['flat', 'readable'];

interface ExploreArgs {
  readonly strategies: readonly StrategyId[];
  readonly users: number;
  readonly nodes: number;
  readonly depth: number;
  readonly maxStates: number;
  readonly symmetry: boolean;
  /** `--engine`: the flat engine where it represents the strategy (default), or the readable one. */
  readonly engine: Engine;
  readonly json: boolean;
  /** No `--strategy`: every strategy, and `--json` prints an array. */
  readonly all: boolean;
  /** `--shard I/N`: only the sub-trees under every N-th distinct first step, from the I-th. */
  readonly shard?: Shard;
  /** `--abstraction` (or `--complete`): search the abstract space. */
  readonly abstraction: boolean;
  /** `--complete`: search the abstract space to its fixpoint (`depth` is then not used). */
  readonly complete: boolean;
  /** `--ticks N,N`: the tick step sizes; default the default scope's, or COMPLETE_SCOPE's with `--complete`. */
  readonly ticks?: readonly number[];
  /** `--max-items N`: the cart limit of the scope (default the default scope's, 50). */
  readonly maxItems?: number;
  /** `--threads N`: worker threads for the flat search (default 1: none, the search runs on this thread). */
  readonly threads: number;
  /** Whether `--threads` was given (the JSON then says how many threads ran). */
  readonly threadsGiven: boolean;
}

/** The catalog's properties the model decides, as the explorer's checks. */
export function modelChecks(): EdgeCheck[] {
  // `judge` is the same predicate as `check`, over step facts: what the flat engine judges.
  return catalog.flatMap((p) => (p.decidedBy === 'model' && p.check ? [explorerCheck({ ...p, check: p.check })] : []));
}

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError('ERR_FLAG_VALUE', `${flag} takes a whole number from ${min} to ${max}, got ${value === undefined ? 'nothing' : `"${value}"`}`);
  }
  return n;
}

export function parseExploreArgs(args: readonly string[]): ExploreArgs {
  let strategy: StrategyId | undefined;
  let users = 2;
  let nodes = 2;
  let depth = DEFAULT_DEPTH;
  let maxStates = DEFAULT_MAX_STATES;
  let symmetry = true;
  let json = false;
  let engine: Engine = 'flat';
  let shard: Shard | undefined;
  let abstraction = false;
  let complete = false;
  let ticks: number[] | undefined;
  let maxItems: number | undefined;
  let threads = 1;
  let threadsGiven = false;
  let usersGiven = false;
  let nodesGiven = false;
  let depthGiven = false;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') && args[i].includes('=') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    const value = () => inline ?? args[++i];
    switch (flag) {
      case '--strategy': {
        const id = value();
        if (id === undefined || !isStrategyId(id)) {
          throw new UsageError('ERR_UNKNOWN_STRATEGY', `unknown strategy ${id === undefined ? '(none given)' : `"${id}"`}; valid: ${strategyIds.join(', ')}`);
        }
        strategy = id;
        break;
      }
      case '--users': users = wholeNumber(flag, value(), 1, 4); usersGiven = true; break;
      case '--nodes': nodes = wholeNumber(flag, value(), 1, 4); nodesGiven = true; break;
      case '--depth': depth = wholeNumber(flag, value(), 0, 64); depthGiven = true; break;
      case '--abstraction': abstraction = true; break;
      case '--complete': complete = true; break;
      case '--ticks': {
        const text = value();
        ticks = (text ?? '').split(',').map((t) => wholeNumber('--ticks', t, 1, 86_400));
        if (new Set(ticks).size !== ticks.length) throw new UsageError('ERR_FLAG_VALUE', `--ticks takes distinct whole numbers of seconds from 1 to 86400, comma-separated, got "${text}"`);
        break;
      }
      case '--max-items': maxItems = wholeNumber(flag, value(), 0, defaultScope.maxItems); break;
      case '--max-states': maxStates = wholeNumber(flag, value(), 1, 200_000_000); break;
      case '--threads': threads = wholeNumber(flag, value(), 1, 64); threadsGiven = true; break;
      case '--no-symmetry': symmetry = false; break;
      case '--json': json = true; break;
      case '--engine': {
        const name = value();
        if (!engines.includes(name as Engine)) throw new UsageError('ERR_FLAG_VALUE', `--engine takes ${engines.join(' or ')}, got ${name === undefined ? 'nothing' : `"${name}"`}`);
        engine = name as Engine;
        break;
      }
      case '--shard': shard = shardFlag(value()); break;
      default:
        throw new UsageError('ERR_UNKNOWN_FLAG', `unknown flag "${args[i]}"; valid: ${flags.join(', ')}`);
    }
  }
  if (complete && depthGiven) throw new UsageError('ERR_FLAG_VALUE', '--complete searches to the fixpoint of the abstract space: it takes no --depth');
  if ((complete || abstraction) && shard) throw new UsageError('ERR_FLAG_VALUE', '--shard cannot be combined with --abstraction or --complete (merge counts concrete searches only)');
  if (complete) {
    if (!usersGiven) users = COMPLETE_SCOPE.users;
    if (!nodesGiven) nodes = COMPLETE_SCOPE.nodes;
    ticks ??= [...COMPLETE_SCOPE.ticks];
  }
  return {
    strategies: strategy ? [strategy] : strategyIds, users, nodes, depth, maxStates, symmetry, engine, json, all: strategy === undefined,
    abstraction: abstraction || complete, complete, threads, threadsGiven, ...(ticks ? { ticks } : {}), ...(maxItems !== undefined ? { maxItems } : {}), ...(shard ? { shard } : {}),
  };
}

/** The `explore --json` object (docs/json-contract.md). */
export interface ExploreJson {
  readonly strategy: StrategyId;
  readonly depth: number;
  readonly states: number;
  readonly distinctStates: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** The engine that ran: `flat` where it represents the strategy and the options, else `readable`. */
  readonly engine: Engine;
  /** Present when the flat engine was asked for and the readable one ran: why. */
  readonly engineFallback?: string;
  /** `--threads N` only: the worker threads the search ran on (1: it ran on the main thread; `threadsFallback` says why). */
  readonly threads?: number;
  /** `--threads N` with N > 1 only, when the search could not run on threads: why. */
  readonly threadsFallback?: string;
  readonly results: readonly ExploreJsonResult[];
  /** `--abstraction` or `--complete` only: the abstract space was searched. */
  readonly abstraction?: true;
  /**
   * `--abstraction` or `--complete` only: whether a level added no new state (the fixpoint): then
   * every sequence of every length at `scope` was checked, and each holding result is `proved`.
   */
  readonly fixpoint?: boolean;
  /** `--abstraction` or `--complete` only: levels searched (every sequence up to this length was checked). */
  readonly levels?: number;
  /** `--abstraction` or `--complete` only: the scope searched (`maxClock` null: the abstraction bounds no clock). */
  readonly scope?: { readonly users: number; readonly nodes: number; readonly maxNodes: number; readonly ticks: readonly number[]; readonly maxItems: number; readonly maxClock: null };
  /** `explore --shard I/N` only: what `sessioncheck merge` needs (docs/json-contract.md, *Sharding*). */
  readonly shard?: ExploreJsonShard;
}

/** One property's result in `explore --json`. */
export interface ExploreJsonResult {
  readonly property: string;
  readonly verdict: string;
  readonly counterexample: readonly string[] | null;
  readonly replay?: string;
  /**
   * `--abstraction` or `--complete` only: true when the verdict holds for every sequence of every
   * length at the scope (the search reached its fixpoint); false for "no counterexample up to the
   * depth searched" and for every other verdict.
   */
  readonly proved?: boolean;
}

/** The `shard` block of a sharded `explore --json` object. */
export interface ExploreJsonShard extends ExploreShard {
  readonly version: string;
  readonly users: number;
  readonly nodes: number;
  readonly symmetry: boolean;
  readonly maxStates: number;
  /** False when --max-states stopped this shard: its sub-trees are not complete. */
  readonly complete: boolean;
  /** Per property, in `results` order: the counterexample's length, or the depth checked. */
  readonly depths: readonly number[];
}

/** How many threads a search ran on, and why not on more (`--threads`). */
export interface ThreadsRun {
  readonly threads: number;
  readonly fallback?: string;
}

export function toJson(result: ExploreResult, seconds: number, maxStates = DEFAULT_MAX_STATES, threads?: ThreadsRun): ExploreJson {
  const shard: ExploreJsonShard | undefined = result.shard && {
    index: result.shard.index, count: result.shard.count, version: VERSION, users: result.users, nodes: result.nodes, symmetry: result.symmetry, maxStates,
    complete: result.complete, depths: result.results.map((r) => r.depth), firstActions: result.shard.firstActions, visited: result.shard.visited,
  };
  return {
    strategy: result.strategy,
    depth: result.depth,
    states: result.states,
    distinctStates: result.distinctStates,
    seconds: Number(seconds.toFixed(3)),
    statesPerSecond: seconds > 0 ? Math.round(result.states / seconds) : 0,
    engine: result.engine ?? 'readable',
    ...(result.engineFallback ? { engineFallback: result.engineFallback } : {}),
    ...(threads ? { threads: threads.threads, ...(threads.fallback ? { threadsFallback: threads.fallback } : {}) } : {}),
    results: result.results.map((r) => ({
      property: r.property, verdict: r.verdict, counterexample: r.counterexample,
      // A token `sessioncheck replay` takes, beside the action array (the contract keeps the array).
      ...(r.counterexample && isPropertyId(r.property)
        ? { replay: encodeReplay({ strategy: result.strategy, property: r.property, target: 'model', scope: result.scope, actions: r.counterexample }) }
        : {}),
      ...(result.abstraction ? { proved: result.fixpoint && r.verdict === 'holds' } : {}),
    })),
    ...(result.abstraction ? {
      abstraction: true as const, fixpoint: result.fixpoint, levels: result.verifiedDepth,
      scope: { users: result.scope.users, nodes: result.scope.nodes, maxNodes: result.scope.maxNodes, ticks: result.scope.ticks, maxItems: result.scope.maxItems, maxClock: null },
    } : {}),
    ...(shard ? { shard } : {}),
  };
}

const int = (n: number) => n.toLocaleString('en-US');

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n');
}

/** The head line's scope and extent: the depth searched, or the whole abstract space. */
function extent(result: ExploreResult): string {
  if (!result.abstraction) {
    return `${result.users} users, ${result.nodes} nodes, depth ${result.verifiedDepth}${result.complete ? '' : ` of ${result.depth} (stopped at ${int(result.distinctStates)} distinct states)`}`;
  }
  const items = result.scope.maxItems !== defaultScope.maxItems ? `, carts of up to ${result.scope.maxItems} items` : '';
  const scope = `${result.users} user${result.users === 1 ? '' : 's'}, ${result.nodes} nodes (up to ${result.scope.maxNodes}), ticks ${result.scope.ticks.join(', ')} s${items}, no clock bound, abstract space`;
  if (result.fixpoint) return `${scope}: COMPLETE, the whole abstract space is ${int(result.distinctStates)} states (fixpoint after ${result.verifiedDepth} levels)`;
  return `${scope}, depth ${result.verifiedDepth}${result.complete ? '' : ` (stopped at ${int(result.distinctStates)} distinct states, before the fixpoint)`}`;
}

function table(result: ExploreResult, seconds: number, threads?: ThreadsRun): string {
  const expected = new Map(catalog.map((p) => [p.id as string, p.expected[result.strategy]]));
  const head = `${result.strategy}${result.shard ? ` (shard ${result.shard.index}/${result.shard.count}: the sub-trees of ${result.shard.firstActions.join(", ") || "no first action"})` : ""}: ${extent(result)}; `
    + `${int(result.states)} states, ${int(result.distinctStates)} distinct${result.symmetry ? ' (symmetry reduced)' : ''}, `
    + `${seconds.toFixed(2)} s, ${int(Math.round(result.distinctStates / Math.max(seconds, 1e-9)))} distinct states/s; `
    + `${result.engine ?? 'readable'} engine${result.engineFallback ? ` (${result.engineFallback})` : ''}`
    + (threads ? (threads.fallback ? `, on this thread (${threads.fallback})` : `, ${threads.threads} thread${threads.threads === 1 ? '' : 's'}`) : '');
  const rows = [['property', 'verdict', 'expected', 'depth', 'counterexample']];
  for (const r of result.results) {
    const exp = expected.get(r.property) ?? '?';
    const proved = result.fixpoint && r.verdict === 'holds';
    const verdict = proved ? 'proved' : r.verdict === 'holds' && exp === 'refuted' ? 'holds*' : r.verdict === 'refuted' && exp === 'holds' ? 'REFUTED' : r.verdict;
    rows.push([r.property, verdict, exp, r.verdict === 'n/a' ? '' : proved ? 'all' : String(r.depth), r.counterexample?.join(', ') ?? '']);
  }
  const missing = result.sometimes.filter((s) => s.reached === false).map((s) => s.id);
  const notes = [
    result.fixpoint
      ? '  proved = proved for every sequence at this scope: no sequence of any length breaks it (the search reached the fixpoint of the abstract space)'
      : '  holds* = no counterexample up to this depth (expected refuted: its counterexample is longer)',
    `  sometimes: ${result.sometimes.filter((s) => s.reached === true).length} reached`
      + (missing.length > 0 ? `, not reached ${result.fixpoint ? 'by any sequence' : 'within the depth'}: ${missing.join(', ')}` : ' (every situation the properties speak of occurs)'),
  ];
  // The search resolves the balancer's choice one way (its round-robin pointer); a running
  // system may pick any live node, and is judged on its own trace by verify on a system target.
  if (modelStrategy(result.strategy).lbPolicy === 'round-robin') notes.push('  holds here is for the model\'s round-robin pointer, one of the balancer choices a real balancer may make');
  return `${head}\n${pad(rows).split('\n').map((l) => `  ${l}`).join('\n')}\n${notes.join('\n')}\n`;
}

/**
 * One bar per strategy: its level, states and elapsed time. A level's cost is not known before it
 * is searched, so the ETA is over the strategies: "–" during the first, then the time left at the
 * rate of the strategies done (`overall` says which strategy of how many, and since when).
 */
function progressBar(io: Io, args: ExploreArgs, strategy: StrategyId, overall: { index: number; count: number; started: number }): { update: (p: Progress) => void; stop: () => void } | null {
  // Quiet unless stdout and stderr are terminals, and under --json or NO_COLOR (cli/progress.ts).
  const stream = progressStream(io, args.json);
  if (!stream) return null;
  const left = eta(overall.index, overall.count, (performance.now() - overall.started) / 1000);
  const bar = new cliProgress.SingleBar({
    stream,
    format: `${strategy} (${overall.index + 1}/${overall.count}) [{bar}] level {level}/{depth} | {value} distinct of at most {total} | {states} states | elapsed {duration_formatted} | ETA ${left}`,
    hideCursor: true,
    clearOnComplete: true,
  }, cliProgress.Presets.shades_classic);
  const depth = args.complete ? 'fixpoint' : args.depth;
  bar.start(args.maxStates, 0, { level: 0, depth, states: 0 });
  return {
    update: (p) => bar.update(p.distinctStates, { level: p.level + 1, depth, states: p.states }),
    stop: () => bar.stop(),
  };
}

export const explore: Command = async (args, io) => {
  const parsed = parseExploreArgs(args);
  const properties = modelChecks();
  const out: ExploreJson[] = [];
  let contradicted = false;
  const overall = { index: 0, count: parsed.strategies.length, started: performance.now() };
  for (const [index, strategy] of parsed.strategies.entries()) {
    const bar = progressBar(io, parsed, strategy, { ...overall, index });
    const started = performance.now();
    let result: ExploreResult;
    let threads: ThreadsRun | undefined;
    try {
      const options = {
        users: parsed.users, nodes: parsed.nodes, depth: parsed.depth, maxStates: parsed.maxStates,
        symmetry: parsed.symmetry, engine: parsed.engine, properties, onProgress: bar?.update, ...(parsed.shard ? { shard: parsed.shard } : {}),
        abstraction: parsed.abstraction, untilFixpoint: parsed.complete, ...(parsed.ticks ? { ticks: parsed.ticks } : {}), ...(parsed.maxItems !== undefined ? { maxItems: parsed.maxItems } : {}),
      };
      const unthreaded = parsed.threads === 1 ? null : parsed.engine === 'readable' ? 'threads run the flat engine, and --engine readable was asked for' : threadsUnsupported(strategy, options);
      if (parsed.threads > 1 && unthreaded === null) {
        result = exploreThreaded(strategy, options, parsed.threads);
        threads = { threads: parsed.threads };
      } else {
        result = search(strategy, options);
        if (parsed.threadsGiven) threads = unthreaded === null ? { threads: 1 } : { threads: 1, fallback: unthreaded };
      }
    } finally {
      bar?.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    contradicted ||= result.results.some((r) => r.verdict === 'refuted' && catalog.find((p) => p.id === r.property)?.expected[strategy] === 'holds');
    if (parsed.json) out.push(toJson(result, seconds, parsed.maxStates, threads));
    else io.out(`${table(result, seconds, threads)}\n`);
  }
  if (parsed.json) io.out(`${JSON.stringify(parsed.all ? out : out[0], null, 2)}\n`);
  return contradicted ? 1 : 0;
};
