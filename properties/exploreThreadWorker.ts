/**
 * One worker thread of the threaded flat search (exploreThreads.ts). It builds the same
 * `FlatSearch` as the main thread would (the catalog's predicates, found by ID), then, level by
 * level, takes chunks of the level from a shared counter, expands them and posts each chunk's
 * candidates (every edge's target: the worker does not look targets up), first violations and
 * first witnesses, numbered by the chunk's own edge count, for the main thread to merge in
 * breadth-first order.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { FlatSearch, type EdgeSink, type FoundEdge } from '../model/explore/flat/search.ts';
import { sometimesChecks } from '../model/explore/sometimes.ts';
import { modelStrategy } from '../model/registry.ts';
import { makeScope } from '../model/scope.ts';
import { catalog, explorerCheck } from './catalog.ts';
import { Control, type ChunkResult, type LevelTask, type ThreadSetup, type ToMain } from './exploreThreadProtocol.ts';

/** A judge or situation found in an earlier level: never judged again. */
const DONE: FoundEdge = Object.freeze({ from: -1, actionIndex: -1, length: 0, detail: null, edge: 0 });

/**
 * Growable list of candidates: (hi, lo, from, action index, edge) per edge. Every target counts as
 * new here (so the worker judges after-state-only predicates on every edge, a superset of the
 * discovering edges: flat/search.ts): looking each one up in the main thread's visited set cost
 * more than the main thread's adding the targets already there (2 threads, sticky to depth 8:
 * 0.91–1.01 → 1.07–1.34 M distinct states/s, 31–34 → 23–29 CPU-s; central-store 1.02–1.08 → 1.04–1.41 M).
 */
class Candidates implements EdgeSink {
  readonly stopped = false;
  buffer = new Uint32Array(5 * 1024);
  length = 0;

  target(hi: number, lo: number, from: number, actionIndex: number, edge: number): boolean {
    if (this.length + 5 > this.buffer.length) {
      const grown = new Uint32Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    const b = this.buffer;
    const at = this.length;
    b[at] = hi;
    b[at + 1] = lo;
    b[at + 2] = from;
    b[at + 3] = actionIndex;
    b[at + 4] = edge;
    this.length += 5;
    return true;
  }

  /** The candidates so far, in a buffer of their own (transferred to the main thread); the list is then empty. */
  take(): Uint32Array {
    const out = this.buffer.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

export function runWorker(setup: ThreadSetup, port: MessagePort): void {
  const control = new Int32Array(setup.control);
  const post = (message: ToMain, transfer: ArrayBuffer[] = []) => {
    port.postMessage(message, transfer);
    Atomics.add(control, Control.POSTED, 1);
    Atomics.notify(control, Control.POSTED);
  };
  try {
    const strategy = modelStrategy(setup.strategy);
    const scope = makeScope({ users: setup.users, nodes: setup.nodes });
    const checks = setup.properties.map((id) => {
      const p = catalog.find((c) => c.id === id);
      const check = p?.check && explorerCheck({ ...p, check: p.check });
      if (!check?.judge) throw new RangeError(`property ${id} has no predicate over step facts`);
      return { id, judge: check.judge, ...(check.judgeOn ? { judgeOn: check.judgeOn } : {}) };
    });
    const sometimes = setup.sometimes ? sometimesChecks.filter((c) => c.appliesTo(strategy)) : [];
    const search = new FlatSearch(strategy, scope, setup.depth, setup.symmetry, checks, sometimes);
    const sink = new Candidates();
    let generation = 0;
    for (;;) {
      Atomics.wait(control, Control.GENERATION, generation);
      generation = Atomics.load(control, Control.GENERATION);
      const received = receiveMessageOnPort(port);
      if (!received) throw new Error('a level was announced and no task came with it');
      const task = received.message as LevelTask | { readonly kind: 'stop' };
      if (task.kind === 'stop') return;
      const parents = { parent: task.parent, action: task.action };
      for (let chunk = Atomics.add(control, Control.NEXT_CHUNK, 1); chunk < task.chunks.length / 2; chunk = Atomics.add(control, Control.NEXT_CHUNK, 1)) {
        for (let p = 0; p < checks.length; p++) search.found[p] = task.found[p] ? DONE : null;
        for (let k = 0; k < sometimes.length; k++) search.witnesses[k] = task.witnessed[k] ? DONE : null;
        search.open = task.found.filter((f) => !f).length;
        search.unseen = task.witnessed.filter((w) => !w).length;
        search.edges = 0;
        search.walk(parents, task.levelStart, task.level, task.chunks[2 * chunk], task.chunks[2 * chunk + 1], sink);
        const candidates = sink.take();
        const result: ChunkResult = {
          kind: 'chunk',
          chunk,
          edges: search.edges,
          candidates,
          found: search.found.map((f) => (f === DONE ? null : f)),
          witnesses: search.witnesses.map((w) => (w === DONE ? null : w)),
        };
        post(result, [candidates.buffer as ArrayBuffer]);
      }
      post({ kind: 'idle' });
    }
  } catch (error) {
    post({ kind: 'error', name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  }
}
