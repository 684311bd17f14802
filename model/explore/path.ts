/**
 * Paths of the search as concrete action strings. The search keeps, per expanded state, only a
 * parent index and the index of the action (in `actions()` order) that reached it; a path is
 * rebuilt by replaying those indices from `initState`, which is also what makes the strings
 * trustworthy: they are the actions `nextState` actually took.
 */
import { actions, formatAction, parseAction } from '../actions.ts';
import { initState, nextState } from '../nextState.ts';
import type { ModelStrategy } from '../strategy.ts';
import type { Scope, State } from '../types.ts';
import type { Edge } from './types.ts';

/** Parent pointers of expanded states, in BFS order (index 0 is the initial state). */
export class ParentTable {
  parent: Int32Array;
  action: Uint8Array;
  size = 1;

  /** `shared`: the tables live in SharedArrayBuffers (other threads read them; a growth makes new ones). */
  constructor(private readonly shared = false) {
    this.parent = new Int32Array(this.buffer(4 << 12));
    this.action = new Uint8Array(this.buffer(1 << 12));
    this.parent[0] = -1;
  }

  private buffer(bytes: number): ArrayBuffer | SharedArrayBuffer {
    return this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  }

  get bytes(): number {
    return this.parent.byteLength + this.action.byteLength;
  }

  /** Records a state reached from `parent` by its `actionIndex`-th enabled action; returns its index. */
  push(parent: number, actionIndex: number): number {
    if (this.size === this.parent.length) {
      const parents = new Int32Array(this.buffer(this.size * 8));
      parents.set(this.parent);
      const acts = new Uint8Array(this.buffer(this.size * 2));
      acts.set(this.action);
      this.parent = parents;
      this.action = acts;
    }
    this.parent[this.size] = parent;
    this.action[this.size] = actionIndex;
    return this.size++;
  }

  /** Action indices from the initial state to `index`. */
  indices(index: number): number[] {
    const out: number[] = [];
    for (let i = index; i > 0; i = this.parent[i]) out.push(this.action[i]);
    return out.reverse();
  }
}

/**
 * Replays action indices (in `actions()` order) from `initState`; returns the action strings.
 * `normalise` is the search's abstraction (the indices were taken in abstract states).
 */
export function indicesToActions(strategy: ModelStrategy, scope: Scope, indices: readonly number[], normalise: (s: State) => State = (s) => s): string[] {
  let state: State = normalise(initState(scope));
  const out: string[] = [];
  for (const i of indices) {
    const enabled = actions(strategy, scope, state);
    const action = enabled[i];
    if (action === undefined) throw new Error(`path replay: action #${i} is not enabled after ${out.join(', ')}`);
    out.push(formatAction(action));
    state = normalise(nextState(strategy, scope, state, action).state);
  }
  return out;
}

/**
 * Replays action strings from `initState` and returns every edge. Throws if an action is not
 * enabled where it is replayed, so a counterexample that does not replay cannot pass silently.
 */
export function replayEdges(strategy: ModelStrategy, scope: Scope, path: readonly string[]): Edge[] {
  let state: State = initState(scope);
  const edges: Edge[] = [];
  for (const text of path) {
    const wanted = formatAction(parseAction(text));
    const action = actions(strategy, scope, state).find((a) => formatAction(a) === wanted);
    if (!action) throw new Error(`replay: ${text} is not enabled after [${edges.map((e) => formatAction(e.action)).join(', ')}]`);
    const t = nextState(strategy, scope, state, action);
    edges.push({ strategy, scope, before: state, action, observation: t.observation, after: t.state });
    state = t.state;
  }
  return edges;
}
