import { describe, expect, it } from 'vitest';
import { noLostUpdate } from '../../properties/security/lostUpdate.ts';
import { checkOptions } from './helpers.ts';

describe('concurrency.no-lost-update on the implementation (fc.scheduler)', () => {
  it.each(['in-memory', 'sticky', 'central-store'] as const)('%s keeps every acknowledged item whatever the interleaving', async (strategy) => {
    const verdict = await noLostUpdate(checkOptions(strategy, 20));
    expect(verdict.counterexample?.detail).toBeUndefined();
    expect(verdict.verdict).toBe('holds');
  });

  it('central-store-naive loses an item when both reads precede both writes, and reports the interleaving', async () => {
    const verdict = await noLostUpdate(checkOptions('central-store-naive', 50));
    expect(verdict.verdict).toBe('refuted');
    const schedule = verdict.counterexample?.schedule ?? '';
    const lines = schedule.split('\n');
    const reads = lines.filter((l) => l.includes('HMGET')).map((l) => lines.indexOf(l));
    const writes = lines.filter((l) => l.includes('HSET')).map((l) => lines.indexOf(l));
    // The minimal race: two requests, both reads before either write.
    expect(verdict.counterexample?.actions).toEqual(['login(u0)', 'addItem(u0)', 'addItem(u0)']);
    expect(reads).toHaveLength(2);
    expect(writes).toHaveLength(2);
    expect(Math.max(...reads)).toBeLessThan(Math.min(...writes));
    expect(verdict.counterexample?.detail).toMatch(/^2 concurrent addItem\(u0\) requests .*2 acknowledged, but the session holds 1 item/);
  });

  it.each(['jwt', 'jwt-refresh', 'jwt-denylist'] as const)('%s loses an item: two addItem with one token each re-sign the same cart', async (strategy) => {
    const verdict = await noLostUpdate(checkOptions(strategy, 20));
    expect(verdict.verdict).toBe('refuted');
    expect(verdict.counterexample?.detail).toMatch(/2 acknowledged, but the token the client keeps .* carries 1 item/);
  });
});
