/**
 * The load balancer's policies: round-robin (first live node at or after the pointer, then move
 * the pointer past it) and cookie affinity with redispatch (the pinned node if it is live,
 * otherwise round-robin; the response re-pins the cookie).
 */
import type { LbPolicy, State } from './types.ts';

export interface Route {
  readonly node: number;
  readonly lbPointer: number;
}

/** Where the balancer sends a request, or `null` when no node is live (503). */
export function route(state: State, policy: LbPolicy, affinity: number | null): Route | null {
  if (policy === 'sticky' && affinity !== null && state.nodes[affinity]?.up) {
    return { node: affinity, lbPointer: state.lbPointer };
  }
  const n = state.nodes.length;
  for (let k = 0; k < n; k++) {
    const node = (state.lbPointer + k) % n;
    if (state.nodes[node].up) return { node, lbPointer: (node + 1) % n };
  }
  return null;
}

/** Live nodes, in index order. */
export function liveNodes(state: State): number[] {
  const live: number[] = [];
  state.nodes.forEach((node, i) => {
    if (node.up) live.push(i);
  });
  return live;
}
