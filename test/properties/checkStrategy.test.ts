import { describe, expect, it } from 'vitest';
import { checkSignedCookie } from '../../examples/check-signed-cookie.ts';
import { signedCookieStrategy } from '../../examples/signed-cookie.ts';
import { checkStrategy } from '../../index.ts';

describe('checkStrategy on a plug-in written outside the package', () => {
  it('gives the signed-cookie example verdicts and the JWT row of the table', async () => {
    const check = await checkSignedCookie(100);
    expect(check.strategy).toBe('signed-cookie');
    expect(check.conforms).toBe(true);
    expect(check.table).toEqual({ serverStateless: 'Yes', revokeInstantly: 'Hard', extraHop: 'No', failureOfOneNode: 'Sessions survive' });
    const verdict = (id: string) => check.results.find((r) => r.property === id)?.verdict;
    expect(verdict('logout.invalidates')).toBe('refuted');
    expect(verdict('token.constant-size')).toBe('refuted');
    expect(verdict('safety.no-impersonation')).toBe('holds');
    // A plug-in has no expectations: results carry verdicts only.
    expect(check.results.every((r) => !('expected' in r))).toBe(true);
  });

  it('says where a plug-in does not behave like the model it names', async () => {
    const check = await checkStrategy(signedCookieStrategy(), { model: 'central-store', runs: 20, properties: ['conformance.model-impl'] });
    expect(check.conforms).toBe(false);
    const conformance = check.results.find((r) => r.property === 'conformance.model-impl')!;
    // One request is enough: the model's store would take a round trip, the cookie never does.
    expect(conformance.counterexample?.actions).toHaveLength(1);
    expect(conformance.counterexample?.detail).toMatch(/storeTrips=0 where the model says storeTrips ≥ 1/);
  });
});
