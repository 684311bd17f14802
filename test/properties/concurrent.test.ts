/**
 * Concurrent batches inside generated programs: `concurrent(addItem(u0),addItem(u0))` sends its
 * requests at once under a scheduled store latency; it conforms when some order of the batch
 * explains every answer, and afterwards every acknowledged write must be visible
 * (`concurrency.no-lost-update`, judged on the system's own trace).
 */
import { describe, expect, it } from 'vitest';
import { builtinStrategy, openSystem, type SessionStrategy } from '../../impl/index.ts';
import { batchSeed, scheduledLatency } from '../../impl/store/latency.ts';
import { actions, ActionSyntaxError, formatAction, isEnabled, parseAction } from '../../model/actions.ts';
import { initState, nextState } from '../../model/nextState.ts';
import { modelStrategy } from '../../model/registry.ts';
import { defaultScope } from '../../model/scope.ts';
import type { StrategyId } from '../../model/types.ts';
import { property } from '../../properties/catalog.ts';
import { checkStrategy } from '../../properties/checkStrategy.ts';
import { executeLockstep } from '../../properties/lockstep.ts';
import { centralStoreReadModifyWrite, centralStoreSharedCurrentUser } from '../mutants/central-store.ts';
import { stickyAsyncCart } from '../mutants/node-memory.ts';
import { MUTANT_RUNS } from '../mutants/table.ts';
import { delegate } from '../support/delegate.ts';

const open = (strategy: SessionStrategy) => () => openSystem(strategy, { target: 'impl', scope: defaultScope, seed: 1 });
const lostUpdate = property('concurrency.no-lost-update');
const conformance = property('conformance.model-impl');
const play = (id: StrategyId, program: string[], system = open(builtinStrategy(id))) =>
  executeLockstep(system, modelStrategy(id), defaultScope, [lostUpdate, conformance], program);

describe('the batch action', () => {
  it('reads back what it writes, with 2 or 3 ordinary requests', () => {
    for (const text of ['concurrent(addItem(u0),addItem(u0))', 'concurrent(addItem(u1),whoami(u1),addItem(u0))']) expect(formatAction(parseAction(text))).toBe(text);
    expect(parseAction('concurrent(addItem(u0), whoami(u0))')).toEqual({ type: 'concurrent', requests: [{ type: 'addItem', user: 0 }, { type: 'whoami', user: 0 }] });
    for (const bad of ['concurrent(addItem(u0))', 'concurrent(addItem(u0),addItem(u0),addItem(u0),addItem(u0))', 'concurrent(logout(u0),addItem(u0))', 'concurrent()', 'concurrent(addItem(n0),addItem(u0))']) {
      expect(() => parseAction(bad), bad).toThrow(ActionSyntaxError);
    }
  });

  it('is enabled when every request is, and the exhaustive search never enumerates it', () => {
    const sticky = modelStrategy('sticky');
    const batch = parseAction('concurrent(addItem(u0),addItem(u0))');
    let state = initState(defaultScope);
    expect(isEnabled(sticky, defaultScope, state, batch)).toBe(false);
    state = nextState(sticky, defaultScope, state, parseAction('login(u0)')).state;
    expect(isEnabled(sticky, defaultScope, state, batch)).toBe(true);
    expect(isEnabled(sticky, defaultScope, state, parseAction('concurrent(addItem(u0),addItem(u1))'))).toBe(false);
    expect(actions(sticky, defaultScope, state).some((a) => a.type === 'concurrent')).toBe(false);
  });

  it('is, on the model, its requests one after another in the written order', () => {
    const model = modelStrategy('central-store');
    let state = nextState(model, defaultScope, initState(defaultScope), parseAction('login(u0)')).state;
    const batch = nextState(model, defaultScope, state, parseAction('concurrent(addItem(u0),whoami(u0))'));
    const first = nextState(model, defaultScope, state, parseAction('addItem(u0)'));
    const second = nextState(model, defaultScope, first.state, parseAction('whoami(u0)'));
    state = second.state;
    expect(batch.state).toEqual(state);
    expect(batch.observation).toEqual({ status: 200, storeTrips: first.observation.storeTrips + second.observation.storeTrips });
  });
});

describe('the store latency of a batch', () => {
  it('is scheduled: the same seed waits the same turns', async () => {
    const turns = async (seed: number) => {
      const latency = scheduledLatency(seed);
      const out: number[] = [];
      for (let i = 0; i < 12; i++) {
        let counted = 0;
        let done = false;
        const tick = () => setImmediate(() => { if (!done) { counted++; tick(); } });
        tick();
        await latency();
        done = true;
        out.push(counted);
      }
      return out;
    };
    const seed = batchSeed('concurrent(addItem(u0),addItem(u0))', 3);
    expect(await turns(seed)).toEqual(await turns(seed));
    expect(new Set(await turns(seed)).size).toBeGreaterThan(1);
  });

  it('makes racing read-modify-write updates lose items, the same ones for the same program', async () => {
    const program = ['login(u0)', ...Array.from({ length: 8 }, () => 'concurrent(addItem(u0),addItem(u0))'), 'whoami(u0)'];
    const items = async () => {
      const system = await open(builtinStrategy('central-store-naive'))();
      try {
        const seen: number[] = [];
        for (const text of program) {
          await system.act(parseAction(text));
          const credential = system.jars()[0].credential;
          if (credential) seen.push((await system.probe(0, credential))?.items ?? -1);
        }
        return seen;
      } finally {
        await system.close();
      }
    };
    const first = await items();
    expect(first).toEqual(await items());
    // 8 batches of two acknowledged addItems: fewer than 16 items means some were lost, more than 8 that some batches did not race.
    expect(first[first.length - 1]).toBeLessThan(16);
    expect(first[first.length - 1]).toBeGreaterThan(8);
  });
});

describe('judging a batch', () => {
  it('a batch on central-store conforms, and every acknowledged item is visible', async () => {
    const run = await play('central-store', ['login(u0)', 'addItem(u0)', 'concurrent(addItem(u0),addItem(u0),addItem(u0))', 'concurrent(addItem(u0),whoami(u0))']);
    expect(run.violations).toEqual(new Map());
    expect(run.run.witnessed.has('concurrency.no-lost-update')).toBe(true);
  });

  it('jwt loses an update: two addItems re-sign the same token and the client keeps one', async () => {
    const run = await play('jwt', ['login(u0)', 'concurrent(addItem(u0),addItem(u0))']);
    expect(run.violations.has('conformance.model-impl')).toBe(false);
    expect(run.violations.get('concurrency.no-lost-update')?.detail).toMatch(/2 acknowledged, so u0's cart must hold 2 items, but n\d's GET \/me then reports 1: an acknowledged update was lost/);
  });

  it('a sticky batch re-routed from a dead pin leaves the jar pinned where the last answer pinned it, and the model follows (found by the bench\'s 2,000 conformance programs)', async () => {
    // Both requests carry the pin to the crashed n0 and are re-pinned, one to n1, one to n2; the
    // jar keeps the cookie of the answer that arrived last. The model once played the second request
    // with the first one's new pin, so the next login was "pinned to n1" when the jar said n2.
    const run = await play('sticky', ['login(u0)', 'crash(n0)', 'addNode()', 'concurrent(addItem(u0),whoami(u0))', 'login(u0)', 'whoami(u0)']);
    expect(run.violations).toEqual(new Map());
    expect(run.executed).toHaveLength(6);
  });

  it('safety.no-impersonation reads each answer of a batch: a node-wide "current user" races two users\' addItems on the one live node', async () => {
    const steps = ['login(u0)', 'login(u1)', 'crash(n1)', 'concurrent(addItem(u0),addItem(u1))'];
    const lockstep = (strategy: SessionStrategy) => executeLockstep(open(strategy), modelStrategy('central-store'), defaultScope, [property('safety.no-impersonation')], steps);
    const mutant = await lockstep(centralStoreSharedCurrentUser);
    expect(mutant.violations.get('safety.no-impersonation')?.detail).toBe('in a concurrent batch, addItem(u1) (request 2) presented u1\'s credential and was accepted as u0');
    const builtin = await lockstep(builtinStrategy('central-store'));
    expect(builtin.violations.size).toBe(0);
    expect(builtin.run.witnessed.has('safety.no-impersonation')).toBe(true);
  });

  it('a batch whose answers no order explains refutes conformance', async () => {
    const system = async () => {
      const sut = await open(builtinStrategy('central-store'))();
      return delegate(sut, {
        act: async (action, forged) => {
          const record = await sut.act(action, forged);
          if (!record.batch) return record;
          const [first, ...rest] = record.batch;
          return { ...record, batch: [{ ...first, observation: { ...first.observation, status: 401 as const, user: undefined } }, ...rest] };
        },
      });
    };
    const run = await play('central-store', ['login(u0)', 'concurrent(addItem(u0),addItem(u0))'], system);
    expect(run.violations.get('conformance.model-impl')?.detail).toMatch(/step 2 concurrent\(addItem\(u0\),addItem\(u0\)\): no order of the 2 concurrent requests explains their answers; in the order they arrived, addItem\(u0\) \(request 1\): the implementation answered status=401/);
  });

  it('a system whose /me reports no cart count never reaches the witness (vacuous, never holds)', async () => {
    const system = async () => {
      const sut = await open(builtinStrategy('jwt'))();
      return delegate(sut, { probe: async (node, credential) => { const a = await sut.probe(node, credential); return a && { status: a.status, ...(a.user !== undefined ? { user: a.user } : {}) }; } });
    };
    const run = await play('jwt', ['login(u0)', 'concurrent(addItem(u0),addItem(u0))'], system);
    expect(run.run.witnessed.has('concurrency.no-lost-update')).toBe(false);
    expect(run.violations.has('concurrency.no-lost-update')).toBe(false);
  });
});

describe('mutants that lose updates are refuted on their own trace through checkStrategy', () => {
  for (const [mutant, model] of [[centralStoreReadModifyWrite, 'central-store'], [stickyAsyncCart, 'sticky']] as const) {
    it(`${mutant.name}: the refutation is a generated batch (the runs' trace, not the implementation check)`, async () => {
      const check = await checkStrategy(mutant, { model, properties: ['concurrency.no-lost-update'], runs: MUTANT_RUNS, seed: 1 });
      const result = check.results.find((r) => r.property === 'concurrency.no-lost-update');
      expect(result?.verdict).toBe('refuted');
      expect(result?.counterexample?.actions.some((a) => a.startsWith('concurrent('))).toBe(true);
      expect(result?.counterexample?.detail).toMatch(/an acknowledged update was lost/);
    });
  }
});
