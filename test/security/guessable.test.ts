import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GUESS_SAMPLES, guessBound, MIN_CREDENTIAL_BITS } from '../../properties/security/guessable.ts';

const samples = (make: (i: number) => string) => Array.from({ length: GUESS_SAMPLES }, (_, i) => make(i));

/**
 * `n` random-looking bytes for sample `i`, the same on every run (a test on `randomBytes` failed
 * about once in 45 runs: 24 samples of 4 random bytes hold no base64url-only character with
 * probability (62/64)^120).
 */
const bytes = (i: number, n: number) => createHash('sha512').update(`sample ${i}`).digest().subarray(0, n);

describe('the guess bound (an upper bound on the bits a credential carries)', () => {
  it('finds 128-bit random IDs strong, in every common encoding', () => {
    for (const encoding of ['hex', 'base64url', 'base64'] as const) {
      const bound = guessBound(samples((i) => bytes(i, 16).toString(encoding)));
      expect(bound.bits, encoding).toBeGreaterThanOrEqual(MIN_CREDENTIAL_BITS);
    }
  });

  it('finds 32 random bits padded to a long ID weak, and says how many positions vary', () => {
    const ids = samples((i) => bytes(i, 4).toString('base64url').padEnd(22, 'A'));
    // What makes the alphabet base64 and not alphanumeric: some sample holds '-' or '_'.
    expect(ids.some((id) => /[-_]/.test(id))).toBe(true);
    const bound = guessBound(ids);
    expect(bound.varying).toBeLessThanOrEqual(6);
    expect(bound.bits).toBeLessThan(MIN_CREDENTIAL_BITS);
    expect(bound.alphabet).toBe('base64');
  });

  it('finds counters weak however long their padding', () => {
    const bound = guessBound(samples((i) => `node0-${String(i + 1).padStart(40, '0')}`));
    expect(bound.varying).toBe(2);
    expect(bound.bits).toBeLessThan(MIN_CREDENTIAL_BITS);
  });

  it('finds a MAC of each user\'s session strong: it differs between users in every position of its signature', () => {
    const mac = (user: string) => `session=${Buffer.from(`{"user":"${user}"}`).toString('base64')} session.sig=${createHmac('sha1', 'k').update(user).digest('base64url')}`;
    expect(guessBound(samples((i) => mac(`u${i % 2}`))).bits).toBeGreaterThanOrEqual(MIN_CREDENTIAL_BITS);
  });

  it('counts length differences as varying positions, and bytes beyond ASCII as a 256-letter alphabet', () => {
    expect(guessBound(['ab', 'abcd']).varying).toBe(2);
    expect(guessBound(['1ü', '2é']).alphabet).toBe('bytes');
    expect(() => guessBound(['only one'])).toThrow(/two samples/);
  });
});
