/**
 * The paths of the model's breadth-first search to a depth, as bounded-exhaustive testing of a
 * system replays them (`checkStrategy(…, { exhaustive })`, `verify --exhaustive` on system
 * targets).
 *
 * The search is {@link explore}'s (same order: level by level, parents in discovery order, actions
 * in `actions()` order, states by canonical fingerprint), with user symmetry only by default: node
 * rotations (which the explorer applies once no node can be added) would merge states whose
 * round-robin pointer differs, and a system's nodes keep what the model does not (a cache filled
 * by the last request a node served), so a rotated state is not the same system state. Its tree of
 * first discoveries gives every distinct canonical state within `depth` steps one path; the search
 * itself checks more than those paths: every edge leaving a state above `depth`, including edges
 * into a state discovered before. Those edges matter for a system: the step a property judges
 * (`whoami(u0)` after `revoke(u0)`) often leads back to a state the search already knows, so the
 * tree's paths alone never take it. The plays are therefore one path per edge, with prefixes left
 * out: an edge into an already discovered state is played as its parent's tree path plus that
 * action; an edge that discovered a state is played only through the tree's paths to the leaves
 * below it. Every edge the model's search checks to `depth` is then the last step of, or a step
 * on, one played path: each transition is taken on the system once, from the state the model is
 * in at its tree path (a system that tells apart paths the model merges is tested along the first
 * one only).
 *
 * Memory: the fingerprint set, a parent pointer plus an action byte per distinct state, and two
 * numbers per play; no state is held as an object beyond the path being walked (as in the
 * explorer's level loop). Pure.
 */
import { actions } from '../actions.ts';
import { initState, nextState } from '../nextState.ts';
import type { ModelStrategy } from '../strategy.ts';
import type { ActionType, Scope, State } from '../types.ts';
import { Canonicaliser } from './canonical.ts';
import { FingerprintSet } from './fingerprintSet.ts';
import { indicesToActions, ParentTable } from './path.ts';

/** The deepest search whose paths a system may be asked to play (depth 7 is about 8× depth 6: millions of paths). */
export const MAX_PLAY_DEPTH = 8;

/** In {@link SearchTree.playAction}: the path is the tree path itself. */
export const NO_ACTION = 255;

export interface SearchTree {
  readonly depth: number;
  /** The paths to play, in BFS order of their edges (shorter first): tree index of the path's start… */
  readonly playFrom: Int32Array;
  /** …and the action index that ends it, or {@link NO_ACTION} when the path ends at `playFrom` (a tree leaf). */
  readonly playAction: Uint8Array;
  /** Parent pointer and action index of every distinct state (index 0 is the initial state), in BFS order. */
  readonly parents: ParentTable;
  /** Tree indices of the leaves (states with no first-discovered child), in BFS order: the state-covering paths, for comparison. */
  readonly leaves: Int32Array;
  /** Distinct states per depth (index 0: the initial state). */
  readonly levels: readonly number[];
  /** Edges the search checks: every enabled action of every distinct state above `depth`. */
  readonly edges: number;
}

/**
 * The search of `strategy` to `depth` steps over `scope`: its tree of first discoveries and the
 * paths to play. `only` narrows the vocabulary to those action kinds (tests keep their trees small
 * with it); action indices stay those of the full `actions()` list, so paths replay as usual.
 */
export function searchTree(strategy: ModelStrategy, scope: Scope, depth: number, options: { readonly symmetry?: boolean | 'users'; readonly only?: readonly ActionType[] } = {}): SearchTree {
  const only = options.only ? new Set(options.only) : null;
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`depth must be a whole number ≥ 0, got ${depth}`);
  const canon = new Canonicaliser(scope, options.symmetry ?? 'users');
  const seen = new FingerprintSet();
  const parents = new ParentTable();
  const init = initState(scope);
  canon.fingerprint(init);
  seen.add(canon.hi, canon.lo);
  const levelStart = [0, 1];
  let edges = 0;
  // Every edge in BFS order: where it leaves from, its action, and the state it discovered (or -1).
  let edgeFrom = new Int32Array(1 << 12);
  let edgeAction = new Uint8Array(1 << 12);
  let edgeChild = new Int32Array(1 << 12);
  for (let level = 0; level < depth; level++) {
    if (levelStart[level] === levelStart[level + 1]) break;
    const cursor = levelStart.slice();
    // Depth-first over the tree built so far, re-running nextState along its edges, expanding the
    // states at `level` in index order (the explorer's walk: the search stays breadth-first).
    const visit = (index: number, state: State, j: number): void => {
      const enabled = actions(strategy, scope, state);
      if (j === level) {
        if (enabled.length > 255) throw new RangeError('more than 255 enabled actions: the parent table stores action indices in a byte');
        for (let a = 0; a < enabled.length; a++) {
          if (only && !only.has(enabled[a].type)) continue;
          if (edges === edgeFrom.length) {
            edgeFrom = grow(edgeFrom, new Int32Array(edges * 2));
            edgeAction = grow(edgeAction, new Uint8Array(edges * 2));
            edgeChild = grow(edgeChild, new Int32Array(edges * 2));
          }
          canon.fingerprint(nextState(strategy, scope, state, enabled[a]).state);
          edgeFrom[edges] = index;
          edgeAction[edges] = a;
          edgeChild[edges] = seen.add(canon.hi, canon.lo) ? parents.push(index, a) : -1;
          edges++;
        }
        return;
      }
      const end = levelStart[j + 2];
      while (cursor[j + 1] < end && parents.parent[cursor[j + 1]] === index) {
        const child = cursor[j + 1]++;
        visit(child, nextState(strategy, scope, state, enabled[parents.action[child]]).state, j + 1);
      }
    };
    visit(0, init, 0);
    levelStart.push(parents.size);
  }
  const hasChild = new Uint8Array(parents.size);
  for (let i = 1; i < parents.size; i++) hasChild[parents.parent[i]] = 1;
  let count = 0;
  for (let i = 0; i < parents.size; i++) if (!hasChild[i]) count++;
  const leaves = new Int32Array(count);
  for (let i = 0, k = 0; i < parents.size; i++) if (!hasChild[i]) leaves[k++] = i;
  let plays = 0;
  for (let e = 0; e < edges; e++) if (edgeChild[e] < 0 || !hasChild[edgeChild[e]]) plays++;
  const playFrom = new Int32Array(plays);
  const playAction = new Uint8Array(plays);
  for (let e = 0, k = 0; e < edges; e++) {
    const child = edgeChild[e];
    if (child >= 0 && hasChild[child]) continue;
    playFrom[k] = child < 0 ? edgeFrom[e] : child;
    playAction[k++] = child < 0 ? edgeAction[e] : NO_ACTION;
  }
  const levels = levelStart.slice(1).map((end, j) => end - levelStart[j]).filter((n, j) => j === 0 || n > 0);
  return { depth, playFrom, playAction, parents, leaves, levels, edges };
}

function grow<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The action strings of play `k` (they replay from `initState`). */
export function playPath(strategy: ModelStrategy, scope: Scope, tree: SearchTree, k: number): string[] {
  const indices = tree.parents.indices(tree.playFrom[k]);
  if (tree.playAction[k] !== NO_ACTION) indices.push(tree.playAction[k]);
  return indicesToActions(strategy, scope, indices);
}
