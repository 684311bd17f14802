import { describe, expect, it } from 'vitest';
import { builtinStrategy, openSystem, type SystemUnderTest } from '../../impl/index.ts';
import { defaultScope } from '../../model/scope.ts';
import { checkStrategy } from '../../properties/checkStrategy.ts';
import { catalog } from '../../properties/catalog.ts';
import { checkOnSystem } from '../../properties/systemRunner.ts';
import { delegate } from '../support/delegate.ts';

describe('verdicts on a system do not depend on how many programs run at once', () => {
  it('in-memory nodes held to the sticky model: the same verdicts, first failing runs and shrunk counterexamples with 1 and 8 in flight', async () => {
    const one = await checkStrategy(builtinStrategy('in-memory'), { model: 'sticky', runs: 60, seed: 4, concurrency: 1 });
    const eight = await checkStrategy(builtinStrategy('in-memory'), { model: 'sticky', runs: 60, seed: 4, concurrency: 8 });
    expect(eight).toEqual(one);
    expect(one.conforms).toBe(false);
    const conformance = one.results.find((r) => r.property === 'conformance.model-impl')!;
    expect(conformance.verdict).toBe('refuted');
    expect(conformance.counterexample?.actions.length).toBeLessThanOrEqual(3);
    expect(one.results.filter((r) => r.verdict === 'refuted').length).toBeGreaterThan(3);
  });

  it('a system that throws ends the check with its error (from the smallest run that threw), not with verdicts', async () => {
    const properties = catalog.filter((p) => p.id === 'conformance.model-impl' || p.id === 'revocation.instant');
    for (const concurrency of [1, 8]) {
      let opened = 0;
      const open = async (): Promise<SystemUnderTest> => {
        const sut = await openSystem(builtinStrategy('jwt'), { target: 'impl', scope: defaultScope, seed: 1 });
        const n = opened++;
        // Systems are opened in run order; runs 4 and 6 fail, run 6 at once and run 4 later.
        return delegate(sut, {
          act: async (action, forged) => {
            if (n === 4) { await new Promise((r) => setTimeout(r, 20)); throw new Error('system 4 broke'); }
            if (n === 6) throw new Error('system 6 broke');
            return sut.act(action, forged);
          },
        });
      };
      await expect(checkOnSystem(properties, { runs: 30, seed: 1, scope: defaultScope, target: 'impl', open, model: 'jwt', name: 'jwt', concurrency }))
        .rejects.toThrow('system 4 broke');
    }
  });
});
