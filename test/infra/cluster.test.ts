import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConformance } from '../../properties/checkConformance.ts';
import { haproxyConfig } from '../../impl/infra/index.ts';
import { strategyIds } from '../../model/registry.ts';
import { builtinStrategy as impl, openSystem } from '../../impl/index.ts';
import { parseAction } from '../../model/actions.ts';
import { initState, nextState } from '../../model/nextState.ts';
import { defaultScope } from '../../model/scope.ts';
import { modelStrategy } from '../../model/registry.ts';
import { property } from '../../properties/catalog.ts';
import { executeLockstep } from '../../properties/lockstep.ts';
import type { Result } from '../../properties/results.ts';
import { runVerify } from '../../properties/runner.ts';
import { deriveTable } from '../../properties/table.ts';
import type { PropertyId } from '../../properties/types.ts';
import { requireBinaries, stopEverything } from './helpers.ts';

const tableProperties: PropertyId[] = ['stateless.any-node-serves', 'revocation.instant', 'revocation.bounded', 'hop.none-per-request', 'failover.sessions-survive'];

describe('the generated HAProxy configuration', () => {
  const servers = [41001, 41002, null];

  it('balances round-robin on one thread, checks health, redispatches, and keeps unstarted slots in maintenance', () => {
    const cfg = haproxyConfig({ policy: 'round-robin', port: 40000, socket: '/tmp/x.sock', servers });
    expect(cfg).toMatch(/^\s+balance roundrobin$/m);
    expect(cfg).toMatch(/^\s+nbthread 1$/m);
    expect(cfg).toMatch(/^\s+option redispatch$/m);
    expect(cfg).toMatch(/^\s+option httpchk GET \/__sessioncheck\/health$/m);
    expect(cfg).toMatch(/^\s+bind 127\.0\.0\.1:40000$/m);
    expect(cfg).toMatch(/^\s+stats socket \/tmp\/x\.sock mode 600 level admin$/m);
    expect(cfg).toMatch(/^\s+server n2 127\.0\.0\.1:1 check disabled$/m);
    expect(cfg).not.toMatch(/cookie/);
  });

  it('pins sticky sessions with an inserted, indirect, non-cached cookie', () => {
    const cfg = haproxyConfig({ policy: 'sticky', port: 40000, socket: '/tmp/x.sock', servers });
    expect(cfg).toMatch(/^\s+cookie lb insert indirect nocache$/m);
    expect(cfg).toMatch(/^\s+server n0 127\.0\.0\.1:41001 check cookie n0$/m);
  });
});

describe('target cluster: HAProxy in front of node processes, a real redis-server', () => {
  beforeAll(() => requireBinaries('redis-server', 'haproxy'));
  afterAll(stopEverything);

  it('the model follows HAProxy: nodes it picks after crash, drain and addNode differ from the model\'s own pointer, and jwt still conforms', async () => {
    const program = ['login(u0)', 'login(u1)', 'crash(n0)', 'whoami(u0)', 'restart(n0)', 'whoami(u0)', 'whoami(u1)', 'addNode()',
      'whoami(u0)', 'whoami(u1)', 'whoami(u0)', 'drain(n1)', 'whoami(u0)', 'whoami(u1)', 'whoami(u0)', 'addItem(u1)'];
    // What the model's own round-robin pointer would pick, step by step, and what HAProxy picked.
    const model = modelStrategy('jwt');
    let state = initState(defaultScope);
    const picked: (number | undefined)[] = [];
    const wouldPick: (number | undefined)[] = [];
    const sut = await openSystem(impl('jwt'), { target: 'cluster', scope: defaultScope, seed: 1 });
    try {
      for (const text of program) {
        const action = parseAction(text);
        const expected = nextState(model, defaultScope, state, action);
        wouldPick.push(expected.observation.node);
        const observed = await sut.step(action);
        picked.push(observed.node);
        // Follow the system, so each step compares one choice (as the engine does).
        state = observed.node === undefined ? expected.state : nextState(model, defaultScope, { ...state, lbPointer: observed.node }, action).state;
      }
    } finally {
      await sut.close();
    }
    expect(picked.some((n, i) => n !== wouldPick[i]), `HAProxy ${JSON.stringify(picked)} vs model pointer ${JSON.stringify(wouldPick)}`).toBe(true);
    const run = await executeLockstep(() => openSystem(impl('jwt'), { target: 'cluster', scope: defaultScope, seed: 1 }), model, defaultScope,
      [property('conformance.model-impl'), property('failover.sessions-survive'), property('login.follows-user')], program);
    expect(run.executed).toEqual(program);
    expect([...run.violations.keys()]).toEqual([]);
  });

  it.each(strategyIds)('%s conforms to the model (status, user, node and store round trips)', async (id) => {
    const result = await checkConformance(impl(id), id, { target: 'cluster', runs: 3, seed: 3, maxCommands: 20 });
    expect(result.detail ?? '').toBe('');
    expect(result.verdict).toBe('holds');
  });

  it.each(['sticky', 'in-memory'] as const)('%s: an admin revoke reaches every node process (the fan-out over the peers list)', async (id) => {
    const system = await openSystem(impl(id), { target: 'cluster', scope: defaultScope, seed: 1 });
    try {
      const steps = ['login(u0)', 'login(u1)', 'revoke(u0)', 'revoke(u1)', 'whoami(u0)', 'whoami(u1)'];
      const seen = [];
      for (const s of steps) seen.push((await system.step(parseAction(s))).status);
      expect(seen).toEqual([200, 200, 200, 200, 401, 401]);
    } finally {
      await system.close();
    }
  });

  // Random programs find the refuting cells only after dozens of ~1 s cluster programs, so
  // within the test budget: every cell the model refutes is confirmed on the cluster by replaying
  // the model's shrunk counterexample there, and every cell it holds gets random cluster runs.
  it('derives the same comparison table as the model for the source\'s three approaches', async () => {
    const strategies = ['sticky', 'central-store', 'jwt'] as const;
    const model = await runVerify({ strategies, properties: tableProperties, runs: 100, seed: 1, target: 'model' });
    const onCluster: Result[] = [];
    for (const strategy of strategies) {
      const holding = model.results.filter((m) => m.strategy === strategy && m.verdict === 'holds').map((m) => m.property);
      const random = await runVerify({ strategies: [strategy], properties: holding, runs: 2, seed: 1, target: 'cluster' });
      expect(random.errors, `${strategy} on the cluster: ${JSON.stringify(random.errors)}`).toBeUndefined();
      // Two programs may not reach every witness (vacuous), but none may refute what the model proves.
      expect(random.results.map((r) => r.verdict).filter((v) => v !== 'holds' && v !== 'vacuous')).toEqual([]);
      // A vacuous cell says nothing: the table takes the model's holding verdict only where the cluster did not refute it.
      onCluster.push(...random.results.map((r) => (r.verdict === 'vacuous' ? { ...r, verdict: 'holds' as const } : r)));
    }
    for (const m of model.results) {
      if (m.verdict !== 'refuted') continue;
      const open = () => openSystem(impl(m.strategy), { target: 'cluster', scope: defaultScope, seed: 1 });
      const run = await executeLockstep(open, modelStrategy(m.strategy), defaultScope, [property(m.property)], m.counterexample!.actions);
      expect(run.violations.get(m.property), `${m.strategy} ${m.property}: ${m.counterexample!.actions.join(', ')} on the cluster`).toBeDefined();
      onCluster.push({ ...m, runs: 1 });
    }
    const table = deriveTable(onCluster, strategies);
    expect(table).toEqual(model.table);
    expect(table.map((r) => [r.serverStateless, r.revokeInstantly, r.extraHop, r.failureOfOneNode])).toEqual([
      ['No', 'Yes (kill server)', 'No', 'Sessions lost'],
      ['Yes', 'Yes', 'Yes', 'Sessions survive'],
      ['Yes', 'Hard', 'No', 'Sessions survive'],
    ]);
  });
});
