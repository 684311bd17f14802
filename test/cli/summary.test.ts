import { describe, expect, it } from 'vitest';
import { sessioncheck } from './capture.ts';

describe('summary lines come from the same evidence as the counterexamples', () => {
  it('verify --runs 10: the revocation window of jwt is the one its counterexample (found by exhaustive search) shows, not 0', async () => {
    const args = ['verify', '--runs', '10', '--strategy', 'jwt', '--property', 'revocation.bounded'];
    const text = (await sessioncheck(...args)).out;
    const json = JSON.parse((await sessioncheck(...args, '--json')).out) as { results: { verdict: string; window?: number; counterexample?: { detail: string } }[] };
    const [result] = json.results;
    expect(result.verdict).toBe('refuted');
    expect(result.counterexample?.detail).toContain('accepted 300s after its revocation');
    expect(result.window).toBe(300);
    expect(text).toContain('revocation.bounded on jwt: the runs saw a revoked credential accepted up to 300s after the revoke');
    expect(text).not.toContain('up to 0s');
  });
});
