/**
 * The "Expected minimal counterexamples" table of docs/catalog.md (scope: 2 users, 2 nodes), found by the
 * exhaustive search: breadth-first, so the first counterexample is a shortest one.
 */
import { describe, expect, it } from 'vitest';
import { explore, replayEdges } from '../../model/explore/index.ts';
import { modelStrategy } from '../../model/registry.ts';
import { makeScope } from '../../model/scope.ts';
import { checkOf } from './helpers.ts';
import { designCounterexamples } from '../fixtures/designCounterexamples.ts';

const designTable = designCounterexamples;

describe("the exhaustive search finds the minimal counterexamples docs/catalog.md lists", () => {
  it.each(designTable)('%s refutes %s in exactly the listed actions', (strategy, property, listed) => {
    const result = explore(strategy, { users: 2, nodes: 2, depth: listed.length, properties: [checkOf(property)], stopWhenAllRefuted: true });
    const [outcome] = result.results;
    expect(outcome.verdict).toBe('refuted');
    expect(outcome.counterexample).toEqual(listed);
    expect(outcome.depth).toBe(listed.length);
  });

  it.each(designTable)('%s: no sequence shorter than the listed one refutes %s', (strategy, property, listed) => {
    const result = explore(strategy, { users: 2, nodes: 2, depth: listed.length - 1, properties: [checkOf(property)] });
    expect(result.complete).toBe(true);
    expect(result.results[0].verdict).toBe('holds');
  });

  it.each(designTable)('%s: the counterexample for %s replays from the initial state to a violation', (strategy, property, listed) => {
    const edges = replayEdges(modelStrategy(strategy), makeScope({ users: 2, nodes: 2 }), listed);
    const check = checkOf(property).check;
    expect(edges.slice(0, -1).map(check)).toEqual(edges.slice(0, -1).map(() => null));
    expect(check(edges[edges.length - 1])).not.toBeNull();
  });
});
