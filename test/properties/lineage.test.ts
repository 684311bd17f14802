/**
 * Issue 13's regression: credentials derived after a revoke must not start with a clean history.
 * A jwt-refresh whose addItem slides the access token's expiry hands out, after an acknowledged
 * revoke, a token that is still accepted 420 s later; the token is derived from a revoked one, so
 * it inherits the revocation (lineage) and revocation.bounded is refuted. Without that
 * inheritance the derived token looks fresh and the bug goes unseen.
 */
import { describe, expect, it } from 'vitest';
import { unixSeconds } from '../../impl/clock.ts';
import { unauthorized } from '../../impl/errors.ts';
import { json } from '../../impl/http/respond.ts';
import { builtinStrategy, openSystem, type SessionStrategy } from '../../impl/index.ts';
import { TokenService } from '../../impl/jwt/tokens.ts';
import { addItemTo } from '../../impl/strategies/cart-claims.ts';
import { bearerToken } from '../../impl/strategies/credentials.ts';
import { replayEdges } from '../../model/explore/index.ts';
import { modelStrategy } from '../../model/index.ts';
import { defaultScope, makeScope } from '../../model/scope.ts';
import { property } from '../../properties/catalog.ts';
import { executeLockstep } from '../../properties/lockstep.ts';
import { withRoutes } from '../mutants/support.ts';

/** jwt-refresh whose POST /cart re-signs the access token with a fresh 5-minute expiry. */
const slidingCart: SessionStrategy = withRoutes(builtinStrategy('jwt-refresh'), 'jwt-refresh-sliding-cart', (ctx) => {
  const tokens = new TokenService(ctx.keys, ctx.clock);
  return {
    async cart(incoming) {
      const verified = await tokens.verify('access', bearerToken(incoming));
      if (!verified) throw unauthorized();
      const claims = addItemTo(verified.payload, ctx.faker, ctx.scope.maxItems);
      const accessToken = await tokens.sign('access', { ...claims, exp: unixSeconds(ctx.clock) + ctx.scope.ttl.access });
      return json(200, { user: verified.payload.sub, accessToken });
    },
  };
});

const ticks = (n: number) => Array.from({ length: n }, () => 'tick(60)');
/** Revoke at t=0, addItem at t=180 (the sliding token then lives until t=480), whoami at t=420. */
const program = ['login(u0)', 'revoke(u0)', ...ticks(3), 'addItem(u0)', ...ticks(4), 'whoami(u0)'];

describe('a credential derived after a revoke inherits the revocation', () => {
  it('a jwt-refresh whose addItem slides the expiry is refuted by revocation.bounded: its derived token is accepted 420 s after the revoke', async () => {
    const run = await executeLockstep(() => openSystem(slidingCart, { target: 'impl', scope: defaultScope, seed: 1 }),
      modelStrategy('jwt-refresh'), defaultScope, [property('revocation.bounded')], program);
    expect(run.executed).toEqual(program);
    expect(run.violations.get('revocation.bounded')?.detail).toBe("u0's access token #3 is accepted 420s after its revocation (window 300s)");
    expect(run.run.window).toBe(420);
  });

  it('the built-in jwt-refresh keeps the expiry, on the implementation and on the model: the token has expired by t=420', async () => {
    const run = await executeLockstep(() => openSystem(builtinStrategy('jwt-refresh'), { target: 'impl', scope: defaultScope, seed: 1 }),
      modelStrategy('jwt-refresh'), defaultScope, [property('revocation.bounded')], program);
    expect(run.executed).toEqual(program);
    expect(run.violations.size).toBe(0);
    expect(run.run.witnessed.has('revocation.bounded')).toBe(true);
    const edges = replayEdges(modelStrategy('jwt-refresh'), makeScope({ users: 2, nodes: 2 }), program);
    expect(edges[edges.length - 1].observation.status).toBe(401);
    expect(edges.map(property('revocation.bounded').check!)).toEqual(edges.map(() => null));
  });
});
