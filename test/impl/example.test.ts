import { describe, expect, it } from 'vitest';
import { signedCookieStrategy } from '../../examples/signed-cookie.ts';
import { checkConformance, defaultScope, openSystem, parseAction } from '../../index.ts';

describe('a plug-in strategy written outside the package internals', () => {
  it('the signed-cookie example runs through openSystem like a built-in', async () => {
    const sut = await openSystem(signedCookieStrategy(), { target: 'impl', scope: defaultScope, seed: 1 });
    try {
      const seen = [];
      for (const a of ['login(u0)', 'whoami(u0)', 'addItem(u0)', 'logout(u0)', 'replayStolen(u0)']) seen.push(await sut.step(parseAction(a)));
      expect(seen.map((o) => [o.status, o.node, o.storeTrips])).toEqual([[200, 0, 0], [200, 1, 0], [200, 0, 0], [200, 1, 0], [200, 0, 0]]);
      // The cookie grows with the cart, like a JWT carrying it.
      expect(seen[3].credentialBytes).toBeGreaterThan(seen[1].credentialBytes ?? Infinity);
    } finally {
      await sut.close();
    }
  });

  it('it conforms to the jwt model (stateless, no hop, not revocable), in-process and over sockets', async () => {
    expect(await checkConformance(signedCookieStrategy(), 'jwt', { target: 'impl', runs: 100, seed: 11 })).toEqual({ verdict: 'holds', runs: 100 });
    expect(await checkConformance(signedCookieStrategy(), 'jwt', { target: 'sockets', runs: 8, seed: 11, maxCommands: 12 })).toEqual({ verdict: 'holds', runs: 8 });
  });

  it('it does not conform to the central-store model, and the counterexample says why', async () => {
    const result = await checkConformance(signedCookieStrategy(), 'central-store', { target: 'impl', runs: 100, seed: 11 });
    expect(result.verdict).toBe('refuted');
    expect(result.actions).toHaveLength(1);
    expect(result.detail).toMatch(/storeTrips/);
  });
});
