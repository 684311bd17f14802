/**
 * Bounded-exhaustive testing of systems (properties/exhaustiveSystem.ts): the paths played are
 * the model's breadth-first search, every edge of it once, shortest first; a bug a few steps deep
 * in a plug-in is found at a named depth without random luck; verdicts stay honest.
 */
import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../../impl/strategies/index.ts';
import { actions, formatAction } from '../../model/actions.ts';
import { explore } from '../../model/explore/index.ts';
import { NO_ACTION, playPath, searchTree } from '../../model/explore/tree.ts';
import { initState, nextState } from '../../model/nextState.ts';
import { modelStrategy } from '../../model/registry.ts';
import { defaultScope, makeScope } from '../../model/scope.ts';
import type { State } from '../../model/types.ts';
import { checkStrategy } from '../../properties/checkStrategy.ts';
import { mergeTreeVerdicts } from '../../properties/exhaustiveSystem.ts';
import type { SystemVerdict } from '../../properties/systemRunner.ts';
import { centralStoreNodeCache, centralStoreStaleOnError } from '../mutants/central-store.ts';
import { jwtDenylistCounterEpoch } from '../mutants/jwt-denylist.ts';

/** One user, two nodes that never scale out, no ticks. */
const small = makeScope({ users: 1, nodes: 2, maxNodes: 2, ticks: [] });
/**
 * The sessions' own actions only: tens of paths at depth 4 (the whole vocabulary of `small` is 822
 * paths there and flags the same counterexample; at the default scope, see test/mutants/TABLE.md).
 */
const sessionActions = ['login', 'whoami', 'addItem', 'logout', 'revoke'] as const;

describe('the paths of the model\'s search', () => {
  it('play every edge the explorer checks, each as the last step of one path or on the way to a leaf, shortest first', () => {
    const strategy = modelStrategy('central-store');
    const depth = 3;
    // With the explorer's symmetry (users and node rotations), the explorer's search: the same distinct states and edges.
    const explored = explore('central-store', { depth, properties: [] });
    const same = searchTree(strategy, defaultScope, depth, { symmetry: true });
    expect(same.parents.size).toBe(explored.distinctStates);
    expect(same.edges).toBe(explored.states - 1);
    // By default users only: rotated nodes are different systems (a node's cache is not in the model).
    const tree = searchTree(strategy, defaultScope, depth);
    expect(tree.parents.size).toBeGreaterThan(same.parents.size);
    const paths = Array.from({ length: tree.playFrom.length }, (_, k) => playPath(strategy, defaultScope, tree, k));
    // Shortest first, and none a prefix of another (prefixes are played inside longer paths).
    for (let k = 1; k < paths.length; k++) expect(paths[k].length).toBeGreaterThanOrEqual(paths[k - 1].length);
    const joined = new Set(paths.map((p) => p.join(' ')));
    expect(joined.size).toBe(paths.length);
    for (const p of paths) for (let n = 1; n < p.length; n++) expect(joined.has(p.slice(0, n).join(' ')), p.join(', ')).toBe(false);
    // Every edge of the search (a tree state above the depth and one enabled action) is a step of some path.
    const steps = new Set<string>();
    for (const p of paths) for (let n = 1; n <= p.length; n++) steps.add(p.slice(0, n).join(' '));
    let edges = 0;
    const walk = (index: number, state: State, prefix: string[], level: number) => {
      if (level === depth) return;
      const enabled = actions(strategy, defaultScope, state);
      for (const action of enabled) {
        edges++;
        expect(steps.has([...prefix, formatAction(action)].join(' ')), [...prefix, formatAction(action)].join(', ')).toBe(true);
      }
      for (let child = index + 1; child < tree.parents.size; child++) {
        if (tree.parents.parent[child] !== index) continue;
        const action = enabled[tree.parents.action[child]];
        walk(child, nextState(strategy, defaultScope, state, action).state, [...prefix, formatAction(action)], level + 1);
      }
    };
    walk(0, initState(defaultScope), [], 0);
    expect(edges).toBe(tree.edges);
    // More paths than the tree's leaves: edges back into known states are played too.
    expect(tree.playFrom.length).toBeGreaterThan(tree.leaves.length);
    expect([...tree.playAction].some((a) => a !== NO_ACTION)).toBe(true);
  });

  it('narrows to the action kinds asked for, and the paths still replay', () => {
    const strategy = modelStrategy('jwt-denylist');
    const only = ['login', 'revoke', 'whoami'] as const;
    const tree = searchTree(strategy, small, 3, { only });
    const paths = Array.from({ length: tree.playFrom.length }, (_, k) => playPath(strategy, small, tree, k));
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) for (const a of p) expect(only.some((t) => a.startsWith(`${t}(`)), a).toBe(true);
  });
});

describe('checkStrategy with exhaustive', () => {
  const options = { model: 'central-store', properties: ['revocation.instant', 'conformance.model-impl'], runs: 0, seed: 1, scope: small } as const;

  it('flags central-store-node-cache at depth 4 without random runs (not at 3); the unmutated built-in holds at depth 4', async () => {
    // login(u0), whoami(u0) (the second node caches the session), revoke(u0) (served by the first), whoami(u0).
    const at3 = await checkStrategy(centralStoreNodeCache, { ...options, exhaustive: { depth: 3, actions: sessionActions } });
    expect(at3.results.find((r) => r.property === 'revocation.instant')?.verdict).not.toBe('refuted');
    const check = await checkStrategy(centralStoreNodeCache, { ...options, exhaustive: { depth: 4, actions: sessionActions } });
    expect(check.errors).toEqual([]);
    const verdict = check.results.find((r) => r.property === 'revocation.instant');
    expect(verdict?.verdict).toBe('refuted');
    expect(verdict?.counterexample?.actions).toEqual(['login(u0)', 'whoami(u0)', 'revoke(u0)', 'whoami(u0)']);
    expect(verdict?.counterexample?.detail).toMatch(/of the model's search tree to depth 4, played on target impl/);
    expect(verdict?.counterexample?.replay).toMatch(/^sc1\./);
    expect(verdict?.exhaustiveSystem?.depth).toBe(4);
    expect(verdict?.reproducible).toBeUndefined();

    // With progress: random runs, then each path of the search, counted up to their totals.
    const progress: string[] = [];
    const control = await checkStrategy({ ...builtinStrategy('central-store'), name: centralStoreNodeCache.name }, {
      ...options, runs: 3, exhaustive: { depth: 4, actions: sessionActions }, onProgress: ({ phase, done, total }) => progress.push(`${phase} ${done}/${total}`),
    });
    const held = control.results.find((r) => r.property === 'revocation.instant');
    expect(held?.verdict).toBe('holds');
    const paths = progress.filter((p) => p.startsWith('paths'));
    expect(progress.slice(0, 3)).toEqual(['runs 1/3', 'runs 2/3', 'runs 3/3']);
    expect(paths.length).toBe(held?.exhaustiveSystem?.paths);
    expect(paths.at(-1)).toBe(`paths ${held?.exhaustiveSystem?.paths}/${held?.exhaustiveSystem?.paths}`);
    expect(held?.exhaustiveSystem).toEqual(verdict?.exhaustiveSystem);
    expect(held?.note).toMatch(/^no path of the model's search tree to depth 4 \(\d+ paths/);
    expect(held?.witnessed).toBeGreaterThan(0);
  });

  it('flags jwt-denylist-counter-epoch, a five-step bug 500 random runs were needed for, at depth 5 (not at 4); the unmutated built-in holds at depth 5', async () => {
    // One user, one node, the four action kinds the bug needs: about a hundred paths at depth 5.
    const tiny = makeScope({ users: 1, nodes: 1, maxNodes: 1, ticks: [] });
    const search = { actions: ['login', 'revoke', 'storeWipe', 'whoami'] as const };
    const o = { model: 'jwt-denylist', properties: ['revocation.instant'], runs: 0, seed: 1, scope: tiny } as const;
    const at4 = await checkStrategy(jwtDenylistCounterEpoch, { ...o, exhaustive: { depth: 4, ...search } });
    expect(at4.results[0].verdict).not.toBe('refuted');
    const check = await checkStrategy(jwtDenylistCounterEpoch, { ...o, exhaustive: { depth: 5, ...search } });
    // The epoch is a counter: revoke(u0) makes it 1, the login's token carries 1, the wipe forgets
    // it, and the next revoke makes it 1 again, so the token revoked by it is still accepted.
    expect(check.results[0]).toMatchObject({ property: 'revocation.instant', verdict: 'refuted', counterexample: { actions: ['revoke(u0)', 'login(u0)', 'storeWipe()', 'revoke(u0)', 'whoami(u0)'] } });
    const control = await checkStrategy({ ...builtinStrategy('jwt-denylist'), name: jwtDenylistCounterEpoch.name }, { ...o, exhaustive: { depth: 5, ...search } });
    expect(control.results[0].verdict).toBe('holds');
  });

  it('flags central-store-stale-on-error, pending under random runs, at depth 5 on a small vocabulary; the unmutated built-in holds there', async () => {
    const search = { actions: ['login', 'whoami', 'logout', 'revoke', 'storeDown', 'replayStolen'] as const };
    const o = { model: 'central-store', properties: ['safety.fail-closed'], runs: 0, seed: 1, scope: small } as const;
    const check = await checkStrategy(centralStoreStaleOnError, { ...o, exhaustive: { depth: 5, ...search } });
    // The second node read the session (whoami), logout deleted it, and with the store down that node answers from its stale copy.
    expect(check.results[0]).toMatchObject({ verdict: 'refuted', counterexample: { actions: ['login(u0)', 'whoami(u0)', 'logout(u0)', 'storeDown()', 'replayStolen(u0)'] } });
    const control = await checkStrategy({ ...builtinStrategy('central-store'), name: centralStoreStaleOnError.name }, { ...o, exhaustive: { depth: 5, ...search } });
    expect(control.results[0].verdict).toBe('holds');
  });

  it('rejects a depth it cannot play', async () => {
    await expect(checkStrategy(centralStoreNodeCache, { ...options, exhaustive: 0 })).rejects.toThrow(RangeError);
    await expect(checkStrategy(centralStoreNodeCache, { ...options, exhaustive: 2.5 })).rejects.toThrow(/whole number from 1 to/);
  });
});

describe('merging the tree\'s verdicts with the random runs\'', () => {
  const tree = (verdicts: SystemVerdict[]) => ({ depth: 5, paths: 100, verdicts });
  const cx = (n: number) => ({ actions: Array.from({ length: n }, () => 'whoami(u0)'), replay: 'sc1.x', detail: `${n} steps` });

  it('keeps vacuous when neither the runs nor the paths reached the witness, and holds with the paths\' note otherwise', () => {
    const random: SystemVerdict[] = [{ property: 'revocation.instant', verdict: 'vacuous', runs: 10, witnessed: 0 }];
    expect(mergeTreeVerdicts(random, tree([{ property: 'revocation.instant', verdict: 'vacuous', runs: 100, witnessed: 0 }]), 'impl')[0]).toMatchObject({ verdict: 'vacuous', runs: 110, witnessed: 0 });
    const held = mergeTreeVerdicts(random, tree([{ property: 'revocation.instant', verdict: 'holds', runs: 100, witnessed: 7 }]), 'impl')[0];
    expect(held).toMatchObject({ verdict: 'holds', runs: 110, witnessed: 7, exhaustiveSystem: { depth: 5, paths: 100 } });
    expect(held.note).toMatch(/no path of the model's search tree to depth 5 \(100 paths/);
  });

  it('keeps the shorter counterexample (the tree\'s on a tie), and a refutation from either side', () => {
    const refutedRandom: SystemVerdict = { property: 'logout.invalidates', verdict: 'refuted', runs: 3, counterexample: cx(3), witnessed: 2 };
    const refutedTree: SystemVerdict = { property: 'logout.invalidates', verdict: 'refuted', runs: 40, counterexample: cx(3), witnessed: 9 };
    expect(mergeTreeVerdicts([refutedRandom], tree([refutedTree]), 'impl')[0].counterexample).toBe(refutedTree.counterexample);
    expect(mergeTreeVerdicts([{ ...refutedRandom, counterexample: cx(2) }], tree([refutedTree]), 'impl')[0].counterexample?.detail).toBe('2 steps');
    const found = mergeTreeVerdicts([{ property: 'logout.invalidates', verdict: 'holds', runs: 10, witnessed: 4 }], tree([refutedTree]), 'impl')[0];
    expect(found).toMatchObject({ verdict: 'refuted', runs: 50, witnessed: 13 });
    expect(mergeTreeVerdicts([refutedRandom], tree([{ property: 'logout.invalidates', verdict: 'holds', runs: 100, witnessed: 1 }]), 'impl')[0]).toMatchObject({ verdict: 'refuted', runs: 3 });
  });
});
