/**
 * The threaded flat search (properties/exploreThreads.ts) gives the one-thread flat search's
 * result, field for field (the tables' byte counts included), whatever the
 * number of threads: the same counts, the same first counterexamples and witnesses, the same stop.
 */
import { describe, expect, it } from 'vitest';
import { modelChecks } from '../../cli/commands/explore.ts';
import { explore, type ExploreOptions, type ExploreResult } from '../../model/explore/index.ts';
import type { StrategyId } from '../../model/types.ts';
import { exploreThreaded, threadsUnsupported } from '../../properties/exploreThreads.ts';

const properties = modelChecks();

function same(strategy: StrategyId, options: ExploreOptions, threads: number) {
  const one = explore(strategy, { ...options, engine: 'flat' });
  expect(one.engine).toBe('flat');
  const many = exploreThreaded(strategy, options, threads);
  expect(many).toEqual(one);
  return one;
}

describe('exploreThreaded', () => {
  // Each call starts its worker threads (loading the sources through tsx): few calls, each telling.
  it.each([
    ['sticky', ['holds', 'refuted', 'n/a']], ['central-store', ['holds', 'refuted', 'n/a']], ['jwt-refresh', ['holds', 'refuted']],
  ] as const)('%s at depth 5 on 2 threads: the one-thread result', (strategy, verdicts) => {
    const one = same(strategy, { depth: 5, properties }, 2);
    expect(one.complete).toBe(true);
    // Both verdicts occur, so counterexamples are compared as well as holding cells.
    expect(new Set(one.results.map((r) => r.verdict))).toEqual(new Set(verdicts));
  }, 60_000);

  it('on 3 threads too (in-memory, depth 5, no symmetry)', () => {
    same('in-memory', { depth: 5, properties, symmetry: false }, 3);
  }, 60_000);

  it('stops where the one-thread search stops: the maxStates cap in the middle of a level', () => {
    const one = same('central-store', { depth: 6, properties, maxStates: 12_345 }, 2);
    expect(one.complete).toBe(false);
    expect(one.distinctStates).toBe(12_345);
  }, 60_000);

  it('stops where the one-thread search stops: stopWhenAllRefuted', () => {
    const refuted = properties.filter((p) => p.id === 'failover.sessions-survive' || p.id === 'stateless.any-node-serves');
    const one = same('sticky', { depth: 6, properties: refuted, stopWhenAllRefuted: true, sometimes: [] }, 2);
    expect(one.complete).toBe(false);
    expect(one.results.map((r) => r.verdict)).toEqual(['refuted', 'refuted']);
  }, 60_000);

  it('refuses what cannot cross a thread boundary, saying why', () => {
    expect(threadsUnsupported('jwt', { properties, ticks: [30] })).toMatch(/default tick vocabulary only/);
    const custom = [{ ...properties[0], judge: () => null }];
    expect(threadsUnsupported('sticky', { properties: custom })).toMatch(/not the catalog's predicate/);
    expect(threadsUnsupported('sticky', { properties, sometimes: [{ id: 'x', statement: 'x', appliesTo: () => true, test: () => true }] })).toMatch(/custom "sometimes"/);
    expect(() => exploreThreaded('jwt', { properties, ticks: [30] }, 2)).toThrow(RangeError);
    expect(() => exploreThreaded('sticky', { properties }, 0)).toThrow(/threads must be a whole number/);
    expect(threadsUnsupported('sticky', { properties })).toBeNull();
  });
});

describe('onActions (Judged.on): what lets the flat engine skip a predicate', () => {
  it('guards the judge with the action types it declares, so `on` never says more than the judge does', async () => {
    const { onActions } = await import('../../properties/checks/common.ts');
    const always = { witness: () => true, judge: () => ({ detail: 'fired' }) };
    const guarded = onActions(['login'], always);
    expect(guarded.on).toEqual(['login']);
    const step = (type: string) => ({ action: { type, user: 0 } }) as never;
    expect(guarded.judge(step('login'))).toEqual({ detail: 'fired' });
    expect(guarded.judge(step('whoami'))).toBeNull();
  });

  it('every catalog predicate with `on` came from onActions, and modelChecks hands it to the explorer', () => {
    const withOn = properties.filter((p) => p.judgeOn !== undefined);
    expect(withOn.map((p) => p.id)).toContain('hop.none-per-request');
    for (const p of withOn) {
      const outside = ['tick', 'crash', 'storeWipe', 'addNode', 'login', 'whoami', 'forge'].find((t) => !p.judgeOn!.includes(t));
      if (outside) expect(p.judge!({ action: { type: outside, user: 0, node: 0, seconds: 60 } } as never), p.id).toBeNull();
    }
  });
});

describe('an explorer thread that fails', () => {
  it('reports its failure to the main thread as a message (then the search throws it, never a verdict)', async () => {
    const { MessageChannel, receiveMessageOnPort } = await import('node:worker_threads');
    const { runWorker } = await import('../../properties/exploreThreadWorker.ts');
    const { Control } = await import('../../properties/exploreThreadProtocol.ts');
    const { port1, port2 } = new MessageChannel();
    const control = new SharedArrayBuffer(4 * Control.WORDS);
    runWorker({ strategy: 'sticky', users: 2, nodes: 2, depth: 3, symmetry: true, properties: ['no.such-property'], sometimes: false, control }, port2);
    const message = receiveMessageOnPort(port1)?.message as { kind: string; name: string; message: string };
    expect(message).toMatchObject({ kind: 'error', name: 'RangeError', message: 'property no.such-property has no predicate over step facts' });
    // The main thread, waiting on the posted counter, is woken.
    expect(new Int32Array(control)[Control.POSTED]).toBe(1);
    port1.close();
    port2.close();
  });
});
