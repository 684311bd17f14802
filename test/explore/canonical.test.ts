/**
 * What the search counts as "the same state": ID renaming, store order, user permutations, node
 * rotations (only when no node can be added), and pinned state counts for small presets.
 */
import { describe, expect, it } from 'vitest';
import { Canonicaliser, explore, replayEdges } from '../../model/explore/index.ts';
import { modelStrategy, strategyIds } from '../../model/registry.ts';
import { makeScope } from '../../model/scope.ts';
import type { Scope, State, StrategyId } from '../../model/types.ts';
import { modelProperties } from './helpers.ts';

function reach(strategy: StrategyId, scope: Scope, path: string[]): State {
  const edges = replayEdges(modelStrategy(strategy), scope, path);
  return edges[edges.length - 1].after;
}

function fingerprint(scope: Scope, symmetry: boolean, state: State): string {
  const canon = new Canonicaliser(scope, symmetry);
  canon.fingerprint(state);
  return `${canon.hi}:${canon.lo}`;
}

/** The same state with every credential ID shifted: what another path's counter would give. */
function shiftIds(state: State, by: number): State {
  const shift = (c: { main: number; refresh: number | null } | null) => c && { main: c.main + by, refresh: c.refresh === null ? null : c.refresh + by };
  return {
    ...state,
    nextId: state.nextId + by,
    ledger: state.ledger.map((e) => ({ ...e, id: e.id + by })),
    nodes: state.nodes.map((n) => ({ ...n, sessions: n.sessions.map((r) => ({ ...r, id: r.id + by })) })),
    clients: state.clients.map((c) => ({ ...c, credential: shift(c.credential), stolen: shift(c.stolen) })),
    store: { ...state.store, entries: state.store.entries.map((e) => (e.kind === 'session' ? { ...e, id: e.id + by } : e)) },
  };
}

describe('canonical fingerprints', () => {
  const scope = makeScope({ users: 2, nodes: 2 });

  it('states that differ only by credential IDs are the same state', () => {
    const state = reach('central-store', scope, ['login(u0)', 'login(u1)', 'addItem(u0)']);
    expect(fingerprint(scope, false, shiftIds(state, 7))).toBe(fingerprint(scope, false, state));
  });

  it('encoding() of a state larger than its first buffer is the whole encoding (regression: it read the buffer before growing it)', () => {
    const state = reach('sticky', scope, Array.from({ length: 30 }, () => 'login(u0)'));
    const first = new Canonicaliser(scope, false).encoding(state);
    expect(first.length).toBeGreaterThan(256);
    expect(first).toEqual(new Canonicaliser(scope, false).encoding(state));
    const warm = new Canonicaliser(scope, false);
    warm.encoding(state);
    expect(warm.encoding(state)).toEqual(first);
  });

  it('the order of store entries carries nothing', () => {
    const state = reach('central-store', scope, ['login(u0)', 'login(u1)']);
    const reordered = { ...state, store: { ...state.store, entries: [...state.store.entries].reverse() } };
    expect(fingerprint(scope, false, reordered)).toBe(fingerprint(scope, false, state));
  });

  it('renaming users is a symmetry: the two login orders are one state with symmetry, two without', () => {
    const a = reach('in-memory', scope, ['login(u0)', 'login(u1)']);
    const b = reach('in-memory', scope, ['login(u1)', 'login(u0)']);
    expect(fingerprint(scope, true, a)).toBe(fingerprint(scope, true, b));
    expect(fingerprint(scope, false, a)).not.toBe(fingerprint(scope, false, b));
  });

  it('rotating nodes is a symmetry only once no node can be added', () => {
    const rotate = (s: State): State => ({ ...s, nodes: [...s.nodes.slice(1), s.nodes[0]], lbPointer: (s.lbPointer - 1 + s.nodes.length) % s.nodes.length });
    const full = makeScope({ users: 1, nodes: 3, maxNodes: 3 });
    const atMax = reach('in-memory', full, ['crash(n1)', 'login(u0)']);
    expect(fingerprint(full, true, rotate(atMax))).toBe(fingerprint(full, true, atMax));
    expect(fingerprint(full, false, rotate(atMax))).not.toBe(fingerprint(full, false, atMax));
    // With room for addNode(), a new node would join the round-robin cycle after the last index.
    const growing = reach('in-memory', scope, ['login(u0)']);
    expect(fingerprint(scope, true, rotate(growing))).not.toBe(fingerprint(scope, true, growing));
  });
});

describe('pinned state counts (they change only when the model or the reduction does)', () => {
  const presets: [StrategyId, number, number, number, boolean, number, number][] = [
    // strategy, users, nodes, depth, symmetry, states, distinct (states grew with replayOlder, round 3: the
    // attacker's older copy; no distinct state is new at these depths, as a replay changes nothing but the pointer)
    ['sticky', 2, 2, 4, true, 6636, 3287],
    ['sticky', 2, 2, 4, false, 12036, 6496],
    ['central-store', 2, 2, 4, true, 5553, 2473],
    ['central-store', 2, 2, 4, false, 10090, 5100],
    ['jwt-refresh', 1, 1, 5, true, 22611, 12039],
    ['jwt-refresh', 1, 1, 5, false, 23186, 12460],
    ['jwt-denylist', 1, 3, 4, true, 4910, 2159],
    ['jwt-denylist', 1, 3, 4, false, 6061, 2886],
  ];
  it.each(presets)('%s, %i users, %i nodes, depth %i, symmetry %s: %i states, %i distinct', (strategy, users, nodes, depth, symmetry, states, distinct) => {
    const result = explore(strategy, { users, nodes, depth, symmetry, properties: [] });
    expect([result.states, result.distinctStates]).toEqual([states, distinct]);
  });

  // The same presets on the abstract space (model/explore/abstraction.ts): dead credentials,
  // the clock and unread fields gone, so fewer distinct states (and fewer edges from them).
  const abstractPresets: [StrategyId, number, number, number, number, number][] = [
    ['sticky', 2, 2, 4, 3665, 1582],
    ['central-store', 2, 2, 4, 2837, 1070],
    ['jwt-refresh', 1, 1, 5, 12985, 5469],
    ['jwt-denylist', 1, 3, 4, 2481, 875],
  ];
  it.each(abstractPresets)('%s, %i users, %i nodes, depth %i, with the abstraction: %i states, %i distinct', (strategy, users, nodes, depth, states, distinct) => {
    const result = explore(strategy, { users, nodes, depth, abstraction: true, properties: [] });
    expect([result.states, result.distinctStates]).toEqual([states, distinct]);
  });

  it.each(strategyIds)('%s with 1 user and 3 nodes (rotations apply): symmetry changes no verdict', (strategy) => {
    const reduced = explore(strategy, { users: 1, nodes: 3, depth: 4, symmetry: true, properties: modelProperties });
    const full = explore(strategy, { users: 1, nodes: 3, depth: 4, symmetry: false, properties: modelProperties });
    expect(reduced.distinctStates).toBeLessThan(full.distinctStates);
    expect(reduced.results.map((r) => [r.property, r.verdict, r.depth])).toEqual(full.results.map((r) => [r.property, r.verdict, r.depth]));
  });

  it('a maxStates cap stops the search and says so', () => {
    const result = explore('sticky', { depth: 6, maxStates: 500, properties: modelProperties });
    expect(result.complete).toBe(false);
    expect(result.distinctStates).toBe(500);
    expect(result.verifiedDepth).toBeLessThan(6);
    expect(result.results.filter((r) => r.verdict === 'holds').every((r) => r.depth === result.verifiedDepth)).toBe(true);
  });
});
