/**
 * Explorer throughput and memory: distinct states per second of wall time, and bytes per distinct
 * state, both as the search's own structures (fingerprint and parent tables: exact) and as the
 * peak growth of the process's heap and array buffers sampled during the search (an upper bound:
 * it includes frontier objects and garbage not yet collected).
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { explore, type EdgeCheck } from '../model/explore/index.ts';
import type { StrategyId } from '../model/types.ts';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

export interface ExplorerFigures {
  readonly strategy: StrategyId;
  readonly users: number;
  readonly nodes: number;
  readonly depth: number;
  readonly maxStates: number;
  readonly complete: boolean;
  readonly verifiedDepth: number;
  readonly states: number;
  readonly distinctStates: number;
  readonly seconds: number;
  readonly distinctStatesPerSecond: number;
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

export function benchExplorer(strategy: StrategyId, depth: number, maxStates: number, properties: readonly EdgeCheck[]): ExplorerFigures {
  gc();
  const base = used();
  let peak = base;
  const started = performance.now();
  const result = explore(strategy, {
    users: 2, nodes: 2, depth, maxStates, properties,
    onProgress: () => { peak = Math.max(peak, used()); },
  });
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, used());
  const { fingerprintBytes, parentBytes } = result.memory;
  return {
    strategy,
    users: 2,
    nodes: 2,
    depth,
    maxStates,
    complete: result.complete,
    verifiedDepth: result.verifiedDepth,
    states: result.states,
    distinctStates: result.distinctStates,
    seconds: round(seconds, 3),
    distinctStatesPerSecond: Math.round(result.distinctStates / seconds),
    statesPerSecond: Math.round(result.states / seconds),
    tableBytesPerState: round((fingerprintBytes + parentBytes) / result.distinctStates, 1),
    peakBytesPerState: round((peak - base) / result.distinctStates, 1),
  };
}

export const round = (x: number, digits: number) => Number(x.toFixed(digits));
