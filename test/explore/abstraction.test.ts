/**
 * The explorer's finite abstraction (model/explore/abstraction.ts, docs/abstraction.md) changes no
 * verdict, no shortest counterexample's length and no reached "sometimes" situation: the searches
 * with and without it are compared for every strategy, and the abstraction is checked to commute
 * with the model's steps along random walks. Depth 6 is `npx tsx bench/abstraction.ts 6` (by hand).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abstractState, acceptsExpired, ABSTRACT_CLOCK, REVOCATION_AGE_HORIZON } from '../../model/explore/abstraction.ts';
import { Canonicaliser, explore, replayEdges } from '../../model/explore/index.ts';
import { actions, formatAction } from '../../model/actions.ts';
import { initState, nextState } from '../../model/nextState.ts';
import { modelStrategy, strategyIds } from '../../model/registry.ts';
import { makeScope } from '../../model/scope.ts';
import type { State } from '../../model/types.ts';
import { REVOCATION_WINDOW_SECONDS } from '../../properties/checks/revocation.ts';
import { compareSearches } from './compareAbstraction.ts';
import { toJson } from '../../cli/commands/explore.ts';
import { checkOf, modelProperties } from './helpers.ts';

const DEPTH = 5;
const scope = makeScope({ users: 2, nodes: 2 });

describe(`with and without the abstraction, to depth ${DEPTH} (2 users, 2 nodes)`, () => {
  it.each(strategyIds)('%s: the same verdicts, shortest counterexample lengths and reached situations', (strategy) => {
    const { concrete, abstract, differences } = compareSearches(strategy, DEPTH);
    expect(differences).toEqual([]);
    expect(abstract.distinctStates).toBeLessThan(concrete.distinctStates);
    // Abstract counterexamples replay on the concrete model (their details come from there).
    for (const r of abstract.results) if (r.counterexample) expect(replayEdges(modelStrategy(strategy), scope, r.counterexample)).toHaveLength(r.depth);
  });
});

/** Properties whose verdict on one edge may be true concretely and false abstractly (records of dead credentials). */
const countsRecords = new Set(['stateless.no-node-memory', 'store.none']);

describe('the abstraction commutes with the model', () => {
  const fingerprint = (canon: Canonicaliser, s: State) => {
    canon.fingerprint(s);
    return `${canon.hi}:${canon.lo}`;
  };

  it.each(strategyIds)('%s: along random walks, a state and its abstraction allow the same actions, observations, verdicts and abstract successors', (strategy) => {
    const model = modelStrategy(strategy);
    const canon = new Canonicaliser(scope, false);
    const checks = modelProperties.filter((p) => p.expected?.[strategy] !== 'n/a');
    fc.assert(fc.property(fc.array(fc.nat(), { minLength: 10, maxLength: 30 }), (choices) => {
      let concrete = initState(scope);
      for (const choice of choices) {
        const abstract = abstractState(concrete, scope);
        const enabled = actions(model, scope, concrete);
        expect(actions(model, scope, abstract).map(formatAction)).toEqual(enabled.map(formatAction));
        for (const action of enabled) {
          const c = nextState(model, scope, concrete, action);
          const a = nextState(model, scope, abstract, action);
          expect(a.observation).toEqual(c.observation);
          expect(fingerprint(canon, abstractState(a.state, scope))).toBe(fingerprint(canon, abstractState(c.state, scope)));
          const cEdge = { strategy: model, scope, before: concrete, action, observation: c.observation, after: c.state };
          const aEdge = { strategy: model, scope, before: abstract, action, observation: a.observation, after: a.state };
          for (const p of checks) {
            const onConcrete = p.check(cEdge) !== null;
            const onAbstract = p.check(aEdge) !== null;
            if (countsRecords.has(p.id)) expect(onAbstract && !onConcrete).toBe(false);
            else expect([p.id, formatAction(action), onAbstract]).toEqual([p.id, formatAction(action), onConcrete]);
          }
        }
        concrete = nextState(model, scope, concrete, enabled[choice % enabled.length]).state;
      }
    }), { seed: 13, numRuns: 4 });
  });

  it('is idempotent and has no clock: two states a tick apart with nothing live are one abstract state', () => {
    const model = modelStrategy('sticky');
    let s = initState(scope);
    for (const a of ['login(u0)', 'logout(u0)', 'login(u1)']) s = nextState(model, scope, s, actions(model, scope, s).find((x) => formatAction(x) === a)!).state;
    const once = abstractState(s, scope);
    expect(abstractState(once, scope)).toEqual(once);
    expect(once.clock).toBe(ABSTRACT_CLOCK);
    const later = nextState(model, scope, s, { type: 'tick', seconds: 3600 }).state;
    const canon = new Canonicaliser(scope, true);
    // After an hour every session has expired in both: only the expired copies are left.
    const afterHour = abstractState(later, scope);
    const twoHours = abstractState(nextState(model, scope, later, { type: 'tick', seconds: 3600 }).state, scope);
    expect(fingerprint(canon, twoHours)).toBe(fingerprint(canon, afterHour));
  });

  it('an edge that accepts an expired credential is flagged (the explorer then stops with an error: the abstraction forgets such credentials\' history)', () => {
    const model = modelStrategy('jwt');
    const [login, tick] = replayEdges(model, scope, ['login(u0)', 'tick(3600)']);
    const action = { type: 'whoami', user: 0 } as const;
    const refused = nextState(model, scope, tick.after, action);
    const edge = { strategy: model, scope, before: tick.after, action, observation: refused.observation, after: refused.state };
    expect(refused.observation.status).toBe(401);
    expect(acceptsExpired(edge)).toBe(false);
    expect(acceptsExpired({ ...edge, observation: { status: 200, user: 0, node: 0, storeTrips: 0 } })).toBe(true);
    // Unexpired, accepted: fine.
    const fresh = nextState(model, scope, login.after, action);
    expect(acceptsExpired({ strategy: model, scope, before: login.after, action, observation: fresh.observation, after: fresh.state })).toBe(false);
  });

  it('clamps revocation ages at the revocation window revocation.bounded compares', () => {
    expect(REVOCATION_AGE_HORIZON).toBe(REVOCATION_WINDOW_SECONDS);
  });
});

describe('the abstract space', () => {
  it('is finite: the search stops at a fixpoint (jwt, 1 user, 1 node, tick(3600) only, no cart), whose size is pinned; explore --json calls its holds proved', () => {
    const properties = [checkOf('safety.expiry')];
    const result = explore('jwt', { users: 1, nodes: 1, abstraction: true, untilFixpoint: true, ticks: [3600], maxItems: 0, properties, sometimes: [] });
    expect([result.fixpoint, result.complete, result.verifiedDepth, result.distinctStates]).toEqual([true, true, 14, 15920]);
    const json = toJson(result, 1);
    expect(json).toMatchObject({ depth: 14, abstraction: true, fixpoint: true, levels: 14, scope: { users: 1, nodes: 1, maxNodes: 3, ticks: [3600], maxItems: 0, maxClock: null } });
    // Proved: no sequence of any length at this scope accepts an expired token.
    expect(json.results.map((r) => [r.property, r.verdict, r.proved])).toEqual([['safety.expiry', 'holds', true]]);
  });

  it('a bounded search stops before the fixpoint and says so', () => {
    const result = explore('jwt', { users: 1, nodes: 1, abstraction: true, depth: 3, ticks: [3600], maxItems: 0, properties: [], sometimes: [] });
    expect([result.fixpoint, result.verifiedDepth]).toEqual([false, 3]);
  });
});
