import { describe, expect, it } from 'vitest';
import { builtinStrategy, openSystem } from '../../impl/index.ts';
import { credentialBytes, defaultScope, parseAction, SESSION_ID_BYTES, type CredentialKind, type StrategyId } from '../../model/index.ts';

/** Measured bytes of the credential a whoami carries, for carts of 0..maxItems, averaged over sessions. */
async function measure(id: StrategyId, sessions: number): Promise<number[]> {
  const totals = new Array<number>(defaultScope.maxItems + 1).fill(0);
  for (let seed = 1; seed <= sessions; seed++) {
    const sut = await openSystem(builtinStrategy(id), { target: 'impl', scope: defaultScope, seed });
    try {
      await sut.step(parseAction('login(u0)'));
      for (let items = 0; items <= defaultScope.maxItems; items++) {
        totals[items] += (await sut.step(parseAction('whoami(u0)'))).credentialBytes ?? NaN;
        await sut.step(parseAction('addItem(u0)'));
      }
    } finally {
      await sut.close();
    }
  }
  return totals.map((t) => t / sessions);
}

const kinds: [StrategyId, CredentialKind][] = [['jwt', 'jwt'], ['jwt-refresh', 'access'], ['jwt-denylist', 'jwt']];

describe("the model's credential sizes match the implementation's encoding", () => {
  for (const [id, kind] of kinds) {
    it(`${id}: model bytes track measured bytes for carts of 0..${defaultScope.maxItems} items`, async () => {
      const measured = await measure(id, 6);
      const error = (items: number) => Math.abs(credentialBytes({ kind, items }, id) - measured[items]) / measured[items];
      const why = (items: number) => `${items} items: model ${credentialBytes({ kind, items }, id)}, measured ${measured[items].toFixed(0)}`;
      measured.forEach((_, items) => expect(error(items), why(items)).toBeLessThanOrEqual(0.05));
      expect(error(defaultScope.maxItems), why(defaultScope.maxItems)).toBeLessThanOrEqual(0.03);
      // The cart is what makes the token outgrow a cookie: token.fits-cookie is decided, not vacuous.
      expect(measured[defaultScope.maxItems]).toBeGreaterThan(4096);
    });
  }

  it('session IDs are exactly SESSION_ID_BYTES whatever the cart holds', async () => {
    for (const id of ['in-memory', 'central-store'] as const) {
      const measured = await measure(id, 1);
      expect(new Set(measured)).toEqual(new Set([SESSION_ID_BYTES]));
    }
  });
});
