/**
 * Explorer throughput and memory: distinct states per second of wall time and of this process's
 * CPU time (user + system: less sensitive to a shared machine), and bytes per distinct state,
 * both as the search's own structures (fingerprint and parent tables: exact) and as the peak
 * growth of the process's heap and array buffers sampled during the search (an upper bound: it
 * includes frontier objects and garbage not yet collected).
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { explore, type EdgeCheck, type Engine } from '../model/explore/index.ts';
import { exploreThreaded } from '../properties/exploreThreads.ts';
import type { StrategyId } from '../model/types.ts';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

export interface ExplorerFigures {
  readonly strategy: StrategyId;
  /** The engine that ran. */
  readonly engine: Engine;
  /** Worker threads (1: the search ran on the main thread). */
  readonly threads: number;
  readonly symmetry: boolean;
  readonly users: number;
  readonly nodes: number;
  readonly depth: number;
  readonly maxStates: number;
  readonly complete: boolean;
  readonly verifiedDepth: number;
  readonly states: number;
  readonly distinctStates: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly distinctStatesPerSecond: number;
  readonly distinctStatesPerCpuSecond: number;
  readonly statesPerSecond: number;
  /** Fingerprint table + parent table, per distinct state. */
  readonly tableBytesPerState: number;
  /** Peak (heapUsed + arrayBuffers) growth during the search, per distinct state. */
  readonly peakBytesPerState: number;
}

const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** `threads` > 1: the flat engine on that many worker threads (properties/exploreThreads.ts); CPU time then counts every thread. */
export function benchExplorer(strategy: StrategyId, depth: number, maxStates: number, properties: readonly EdgeCheck[], engine: Engine = 'readable', symmetry = true, threads = 1): ExplorerFigures {
  gc();
  const base = used();
  let peak = base;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const options = { users: 2, nodes: 2, depth, maxStates, properties, engine, symmetry, onProgress: () => { peak = Math.max(peak, used()); } };
  const result = threads > 1 ? exploreThreaded(strategy, options, threads) : explore(strategy, options);
  const seconds = (performance.now() - started) / 1000;
  const spent = process.cpuUsage(cpu);
  const cpuSeconds = (spent.user + spent.system) / 1e6;
  peak = Math.max(peak, used());
  const { fingerprintBytes, parentBytes } = result.memory;
  return {
    strategy,
    engine: result.engine ?? engine,
    threads,
    symmetry,
    users: 2,
    nodes: 2,
    depth,
    maxStates,
    complete: result.complete,
    verifiedDepth: result.verifiedDepth,
    states: result.states,
    distinctStates: result.distinctStates,
    seconds: round(seconds, 3),
    cpuSeconds: round(cpuSeconds, 3),
    distinctStatesPerSecond: Math.round(result.distinctStates / seconds),
    distinctStatesPerCpuSecond: Math.round(result.distinctStates / cpuSeconds),
    statesPerSecond: Math.round(result.states / seconds),
    tableBytesPerState: round((fingerprintBytes + parentBytes) / result.distinctStates, 1),
    peakBytesPerState: round((peak - base) / result.distinctStates, 1),
  };
}

export const round = (x: number, digits: number) => Number(x.toFixed(digits));
