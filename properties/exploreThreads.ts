/**
 * The flat search on several threads, with the one-thread search's results: the same distinct
 * states, the same edges counted, the same first counterexamples and witnesses, the same parent
 * table (so the same replayed paths), whatever the number of threads and however the work is
 * shared out.
 *
 * Level by level, as the one-thread search: the main thread cuts the level (parent-table indices)
 * into chunks; worker threads (exploreThreadWorker.ts) take chunks from a shared counter and
 * expand them with the shared `FlatSearch`, and post each chunk's candidates (every edge's
 * target), violations and witnesses. The main thread merges
 * the chunks in index order, which is the one-thread search's edge order: it adds each candidate
 * to the visited set (the first edge into a state discovers it and gets its parent-table index)
 * and keeps the first violation of each check. Where the one-thread search would stop (the
 * `maxStates` cap, `stopWhenAllRefuted`) the merge stops at the same edge and drops what came
 * after it. Why the workers' judging gives the same first violations: flat/search.ts.
 *
 * Workers run the catalog's predicates, found by property ID; a check that is not the catalog's
 * (or custom "sometimes" checks) cannot cross a thread boundary, and such a search is refused
 * with the reason ({@link threadsUnsupported}).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { FingerprintSet } from '../model/explore/fingerprintSet.ts';
import { flatResult, flatSettings, flatUnsupported } from '../model/explore/flat/explore.ts';
import { expectedStates, FlatSearch, type FoundEdge } from '../model/explore/flat/search.ts';
import { ParentTable } from '../model/explore/path.ts';
import { sometimesChecks } from '../model/explore/sometimes.ts';
import type { ExploreOptions, ExploreResult } from '../model/explore/types.ts';
import { modelStrategy } from '../model/registry.ts';
import type { StrategyId } from '../model/types.ts';
import { catalog, explorerCheck } from './catalog.ts';
import { Control, type ChunkResult, type LevelTask, type ThreadSetup, type ToMain } from './exploreThreadProtocol.ts';

const COMPILED = import.meta.url.endsWith('.js');
const WORKER_MODULE = new URL(COMPILED ? './exploreThreadWorker.js' : './exploreThreadWorker.ts', import.meta.url).href;
/** Chunks per thread and level: enough to share out unequal sub-trees, few enough to merge cheaply. */
const CHUNKS_PER_THREAD = 16;
/** A worker that posts nothing for this long is taken to be lost (the search then fails). */
const SILENCE_MS = 120_000;

/** Why this search cannot run on threads (null: it can). */
export function threadsUnsupported(strategyId: StrategyId, options: ExploreOptions): string | null {
  const flat = flatUnsupported(modelStrategy(strategyId), options);
  if (flat) return flat;
  for (const p of options.properties) {
    if (p.expected?.[strategyId] === 'n/a') continue;
    // The worker builds each check as explorerCheck does; the one given must be that one.
    const property = catalog.find((c) => c.id === p.id);
    const theirs = property?.check && explorerCheck({ ...property, check: property.check });
    if (p.judge === undefined || theirs?.judge !== p.judge || theirs.judgeOn !== p.judgeOn) return `check ${p.id} is not the catalog's predicate, and only the catalog's can be judged on other threads`;
  }
  if (options.sometimes !== undefined && options.sometimes !== sometimesChecks && options.sometimes.length > 0) return 'custom "sometimes" checks cannot be run on other threads';
  return null;
}

/** Starts one worker thread; from the sources it loads through tsx, as the CLI does. */
function startWorker(setup: ThreadSetup, port: MessagePort): Worker {
  const load = COMPILED
    ? `import(${JSON.stringify(WORKER_MODULE)})`
    : `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_MODULE)}); })`;
  // A failure to load is reported the way the worker reports its own failures, and so is an exit
  // before the search ended (process.exit in a check, say; a thread killed outright may give no
  // word, and the silence timeout reports it). Only dynamic imports: the code runs as CommonJS or
  // as a module (under --input-type=module) alike.
  const source = `import('node:worker_threads').then(async ({ workerData }) => {
  const report = (name, message, stack) => {
    workerData.port.postMessage({ kind: 'error', name, message, stack });
    const control = new Int32Array(workerData.setup.control);
    Atomics.add(control, ${Control.POSTED}, 1);
    Atomics.notify(control, ${Control.POSTED});
  };
  let ended = false;
  process.on('exit', (code) => { if (!ended) report('WorkerExit', 'the thread exited (code ' + code + ') before its search ended'); });
  try {
    const m = await ${load};
    m.runWorker(workerData.setup, workerData.port);
  } catch (error) {
    report(error?.name ?? 'Error', String(error?.message ?? error), error?.stack);
  }
  ended = true;
});`;
  const worker = new Worker(source, { eval: true, workerData: { setup, port }, transferList: [port] });
  worker.unref();
  return worker;
}

/** An error a worker thread reported, rethrown on the main thread with the worker's stack. */
export class ExploreThreadError extends Error {
  constructor(name: string, message: string, stack?: string) {
    super(`${name} in an explorer thread: ${message}`);
    this.name = 'ExploreThreadError';
    if (stack) this.stack = `${this.name}: ${this.message}\n--- in the worker thread ---\n${stack}`;
  }
}

/**
 * `explore(strategy, { ...options, engine: 'flat' })` on `threads` worker threads (the main thread
 * merges). Throws a RangeError when {@link threadsUnsupported} gives a reason.
 */
export function exploreThreaded(strategyId: StrategyId, options: ExploreOptions, threads: number): ExploreResult {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
  const unsupported = threadsUnsupported(strategyId, options);
  if (unsupported) throw new RangeError(unsupported);
  const settings = flatSettings(strategyId, options);
  const { strategy, users, nodes, depth, maxStates, symmetry, scope, applicable, sometimes } = settings;
  const stopWhenAllRefuted = options.stopWhenAllRefuted ?? false;
  const sometimesOn = sometimes.length > 0;
  const found: (FoundEdge | null)[] = applicable.map(() => null);
  const witnesses: (FoundEdge | null)[] = sometimes.map(() => null);
  let open = found.length;

  const init = new FlatSearch(strategy, scope, depth, symmetry, [], []);
  const seen = new FingerprintSet();
  const parents = new ParentTable(true);
  seen.add(init.initHi, init.initLo);
  let states = 1;
  const progress = (level: number) => options.onProgress?.({ level, depth, states, distinctStates: seen.size, maxStates });

  const control = new Int32Array(new SharedArrayBuffer(4 * Control.WORDS));
  const setup: ThreadSetup = { strategy: strategyId, users, nodes, depth, symmetry, properties: applicable.map((p) => p.id), sometimes: sometimesOn, control: control.buffer as SharedArrayBuffer };
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];

  const pending = new Map<number, ChunkResult>();
  let idle = 0;
  /** Takes every posted message; waits (without spinning) until `ready()`. */
  const waitUntil = (ready: () => boolean) => {
    for (;;) {
      const posted = Atomics.load(control, Control.POSTED);
      for (const port of ports) {
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
          const message = m.message as ToMain;
          if (message.kind === 'error') throw new ExploreThreadError(message.name, message.message, message.stack);
          if (message.kind === 'idle') idle++;
          else pending.set(message.chunk, message);
        }
      }
      if (ready()) return;
      if (Atomics.wait(control, Control.POSTED, posted, SILENCE_MS) === 'timed-out') throw new ExploreThreadError('Timeout', `no explorer thread posted anything for ${SILENCE_MS / 1000} s (one may have died without a word: out of memory?)`);
    }
  };
  const announce = (message: LevelTask | { readonly kind: 'stop' }) => {
    for (const port of ports) port.postMessage(message);
    Atomics.add(control, Control.GENERATION, 1);
    Atomics.notify(control, Control.GENERATION);
  };

  const levelStart = [0, 1];
  let verifiedDepth = 0;
  let fixpoint = false;
  let stopped = false;
  try {
    // Inside the try: if a thread cannot start, those started are stopped by the finally.
    for (let t = 0; t < threads; t++) {
      const channel = new MessageChannel();
      ports.push(channel.port1);
      workers.push(startWorker(setup, channel.port2));
    }
    for (let level = 0; level < depth && !stopped; level++) {
      const first = levelStart[level];
      const end = levelStart[level + 1];
      if (first === end) {
        fixpoint = true;
        break;
      }
      const keep = level + 1 < depth;
      const size = Math.max(1, Math.ceil((end - first) / (threads * CHUNKS_PER_THREAD)));
      const count = Math.ceil((end - first) / size);
      const chunks = new Int32Array(2 * count);
      for (let k = 0; k < count; k++) {
        chunks[2 * k] = first + k * size;
        chunks[2 * k + 1] = Math.min(end, first + (k + 1) * size);
      }
      idle = 0;
      Atomics.store(control, Control.NEXT_CHUNK, 0);
      announce({ kind: 'level', level, levelStart: levelStart.slice(), parent: parents.parent, action: parents.action, chunks, found: found.map((f) => f !== null), witnessed: witnesses.map((w) => w !== null) });
      // While the workers start on the level: make room for about as many new states as the
      // level's growth so far predicts, so the table does not grow in the middle of the merge.
      seen.reserve(Math.min(expectedStates(seen.size, levelStart, level), maxStates));
      for (let k = 0; k < count && !stopped; k++) {
        waitUntil(() => pending.has(k));
        const chunk = pending.get(k)!;
        pending.delete(k);
        stopped = merge(chunk, keep);
        progress(level);
      }
      // No worker takes another chunk of this level; wait until each has said it is done with it.
      if (stopped) Atomics.store(control, Control.NEXT_CHUNK, 1 << 30);
      waitUntil(() => idle === threads);
      pending.clear();
      levelStart.push(parents.size);
      if (!stopped) verifiedDepth = level + 1;
    }
  } finally {
    announce({ kind: 'stop' });
    for (const worker of workers) void worker.terminate();
    for (const port of ports) port.close();
  }
  if (!stopped) verifiedDepth = depth;

  /**
   * Merges one chunk in edge order (the one-thread search's order within it): each edge's
   * candidate, then its violations and witnesses, then the stop conditions. Returns whether the
   * search stops at an edge of this chunk.
   */
  function merge(chunk: ChunkResult, keep: boolean): boolean {
    // The chunk's violations and witnesses, as (edge, index) pairs in edge order; witnesses' indices offset by the judges'.
    const events: number[] = [];
    chunk.found.forEach((f, p) => { if (f) events.push(f.edge, p); });
    chunk.witnesses.forEach((w, k) => { if (w) events.push(w.edge, found.length + k); });
    const order = Array.from({ length: events.length / 2 }, (_, i) => i).sort((x, y) => events[2 * x] - events[2 * y]);
    const c = chunk.candidates;
    let i = 0;
    let e = 0;
    while (i < c.length || e < order.length) {
      const candidateEdge = i < c.length ? c[i + 4] : Infinity;
      const eventEdge = e < order.length ? events[2 * order[e]] : Infinity;
      const edge = Math.min(candidateEdge, eventEdge);
      let capped = false;
      if (candidateEdge === edge) {
        if (seen.add(c[i], c[i + 1])) {
          if (keep) parents.push(c[i + 2], c[i + 3]);
          capped = seen.size >= maxStates;
        }
        i += 5;
      }
      for (; e < order.length && events[2 * order[e]] === edge; e++) {
        const index = events[2 * order[e] + 1];
        if (index < found.length) {
          if (found[index] === null) {
            found[index] = chunk.found[index];
            open--;
          }
        } else {
          witnesses[index - found.length] ??= chunk.witnesses[index - found.length];
        }
      }
      if (capped || (stopWhenAllRefuted && open === 0 && applicable.length > 0)) {
        states += edge;
        return true;
      }
    }
    states += chunk.edges;
    return false;
  }

  return { ...flatResult(settings, options, { found, witnesses, parents, seen, states, verifiedDepth, complete: !stopped, fixpoint }), engine: 'flat', engineFallback: null };
}
