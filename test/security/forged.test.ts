import { describe, expect, it } from 'vitest';
import { generateKeys, ManualClock, TokenService } from '../../impl/index.ts';
import { forge, noneVariant } from '../../properties/security/forgeries.ts';
import { FORGERIES_PER_RUN, forgedRejected } from '../../properties/security/forgedRejected.ts';
import { checkOptions, strategies } from './helpers.ts';

describe('safety.forged-rejected on the implementation', () => {
  it.each(strategies)('%s accepts none of the generated forgeries and counts them', async (strategy) => {
    const verdict = await forgedRejected(checkOptions(strategy, 4));
    expect(verdict.counterexample?.detail).toBeUndefined();
    expect(verdict.verdict).toBe('holds');
    expect(verdict.trials).toBeGreaterThan(4 * FORGERIES_PER_RUN * 0.9);
  });

  it('a default run tries at least 100,000 forged credentials across the strategies', () => {
    expect(200 * FORGERIES_PER_RUN * strategies.length).toBeGreaterThanOrEqual(100_000);
  });

  it('alg "none" is forged in all 16 case variants', () => {
    const variants = new Set(Array.from({ length: 16 }, (_, i) => noneVariant(i)));
    expect(variants.size).toBe(16);
    expect(variants).toContain('nOnE');
  });

  it('a token whose signature is re-spelt (padding, other unused bits) is refused', async () => {
    const keys = await generateKeys('HS256');
    const tokens = new TokenService(keys, new ManualClock());
    const valid = await tokens.sign('jwt', { sub: 'u0', exp: 1_700_003_600 });
    const ctx = { valid, keys, now: 1_700_000_000, typ: 'JWT' };
    expect(await tokens.verify('jwt', valid)).not.toBeNull();
    for (const how of ['last-segment-tail', 'last-segment-padding', 'standard-alphabet'] as const) {
      const { value } = await forge({ kind: 're-encode', how }, ctx);
      expect(value).not.toBe(valid);
      expect(await tokens.verify('jwt', value)).toBeNull();
    }
  });

  it('HS256 signed with the public key of an ES256 system is refused', async () => {
    const keys = await generateKeys('ES256');
    const tokens = new TokenService(keys, new ManualClock());
    const valid = await tokens.sign('jwt', { sub: 'u0', exp: 1_700_003_600 });
    for (const keyForm of ['spki-pem', 'jwk-json', 'jwk-x'] as const) {
      const { value } = await forge({ kind: 'alg-confusion', keyForm }, { valid, keys, now: 1_700_000_000, typ: 'JWT' });
      expect(await tokens.verify('jwt', value)).toBeNull();
    }
  });
});
