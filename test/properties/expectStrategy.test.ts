import { describe, expect, it } from 'vitest';
import { expectStrategy, StrategyCheckFailure } from '../../index.ts';
import { signedCookieStrategy } from '../../examples/signed-cookie.ts';
import type { SessionStrategy } from '../../impl/index.ts';

/** The signed-cookie example with each node signing with a secret of its own: another node refuses the cookie. */
function perNodeSecret(): SessionStrategy {
  return { ...signedCookieStrategy(), name: 'signed-cookie-per-node-secret', createNode: (ctx) => signedCookieStrategy().createNode(ctx) };
}

describe('expectStrategy, for a user\'s own test suite', () => {
  it('resolves to the check when every property the model holds holds', async () => {
    const check = await expectStrategy(signedCookieStrategy(), { model: 'jwt', runs: 10, seed: 1 });
    expect(check.conforms).toBe(true);
    expect(check.results.find((r) => r.property === 'stateless.any-node-serves')?.verdict).toBe('holds');
  }, 60_000);

  it('throws with each counterexample, its last step and the replay command when one is refuted', async () => {
    const failure = await expectStrategy(perNodeSecret(), { model: 'jwt', runs: 10, seed: 1 }).then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(StrategyCheckFailure);
    const f = failure as StrategyCheckFailure;
    expect(f.code).toBe('ERR_PROPERTY_REFUTED');
    expect(f.failed.map((r) => r.property)).toContain('stateless.any-node-serves');
    expect(f.message).toMatch(/^sessioncheck: signed-cookie-per-node-secret \(held to the jwt model\) fails \d+ propert(y|ies) it should hold \(seed 1\):/);
    expect(f.message).toMatch(/✗ stateless\.any-node-serves: .*\(refuted, after \d+ runs?\)\n {2}counterexample: login\(u0\)[^\n]*\n {2}at the last step: .+\n {2}replay: npx sessioncheck replay sc1\.\S+ {3}\(replays the actions on the jwt model\)/);
  }, 60_000);

  it('fails a property named in `holds` that is not decided, so a test cannot pass by checking nothing', async () => {
    const failure = await expectStrategy(signedCookieStrategy(), { model: 'jwt', runs: 5, seed: 1, holds: ['stateless.any-node-serves', 'store.failover-durable'] })
      .then(() => null, (e: unknown) => e) as StrategyCheckFailure;
    expect(failure?.code).toBe('ERR_PROPERTY_REFUTED');
    expect(failure.failed.map((r) => `${r.property} ${r.verdict}`)).toEqual(['store.failover-durable n/a']);
    expect(failure.message).toContain('✗ store.failover-durable');
  }, 60_000);

  it('reports a harness failure as such, never as a verdict', async () => {
    const broken: SessionStrategy = { ...signedCookieStrategy(), name: 'throws', createNode() { throw Object.assign(new Error('no nodes today'), { code: 'ERR_BROKEN' }); } };
    const failure = await expectStrategy(broken, { model: 'jwt', runs: 2, seed: 1 }).then(() => null, (e: unknown) => e) as StrategyCheckFailure;
    expect(failure?.code).toBe('ERR_HARNESS');
    expect(failure.message).toContain('could not be checked');
  }, 60_000);
});
