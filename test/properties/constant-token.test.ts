/**
 * A plug-in's sizes are measured on the wire: a JWT that carries a cart count instead of the cart
 * never grows, so token.constant-size holds for it, whatever the model's byte counts say about
 * the built-in jwt (whose token carries the items).
 */
import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createApp, json, unauthorized, userIndex, userName, type NodeContext, type SessionNode, type SessionStrategy } from '../../index.ts';
import { EPOCH_BASE } from '../../impl/clock.ts';
import { checkStrategy } from '../../properties/checkStrategy.ts';

/** A JWT of constant shape: user, expiry, a fresh jti and the number of cart items. */
function countingJwtStrategy(): SessionStrategy {
  const secret = randomBytes(32);
  return {
    name: 'counting-jwt',
    lbPolicy: 'round-robin',
    createNode(ctx: NodeContext): SessionNode {
      const now = () => EPOCH_BASE + ctx.clock.now();
      const sign = (user: string, items: number) => new SignJWT({ items }).setProtectedHeader({ alg: 'HS256' }).setSubject(user)
        .setIssuedAt(now()).setExpirationTime(now() + ctx.scope.ttl.jwt).setJti(randomBytes(16).toString('base64url')).sign(secret);
      const verify = async (token: string | null) => {
        if (token === null) throw unauthorized();
        try {
          const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], currentDate: new Date(now() * 1000) });
          if (typeof payload.sub !== 'string' || userIndex(payload.sub) === undefined || typeof payload.items !== 'number') throw unauthorized();
          return { user: payload.sub, items: payload.items };
        } catch {
          throw unauthorized();
        }
      };
      const handle = createApp({
        login: async (user) => json(200, { user: userName(user), token: await sign(userName(user), 0) }),
        me: async (incoming) => json(200, { user: (await verify(incoming.bearer)).user }),
        cart: async (incoming) => {
          const { user, items } = await verify(incoming.bearer);
          return json(200, { user, token: await sign(user, Math.min(ctx.scope.maxItems, items + 1)) });
        },
        // The server cannot un-sign a token: logout only tells the client to drop it.
        logout: async (incoming) => {
          if (incoming.bearer === null) throw unauthorized();
          return json(200, { ok: true });
        },
        refresh: async () => { throw unauthorized('no refresh tokens'); },
        revoke: async () => json(200, { ok: true }),
      }, { scope: ctx.scope, adminKey: ctx.keys.adminKey, log: ctx.log });
      return { handle, localSessionCount: () => 0, close: async () => {} };
    },
  };
}

describe('credential sizes are measured on the system', () => {
  it('a conforming JWT plug-in that never grows gets token.constant-size holds (and the built-in jwt, measured the same way, refuted)', async () => {
    const check = await checkStrategy(countingJwtStrategy(), { model: 'jwt', runs: 100, properties: ['conformance.model-impl', 'token.constant-size', 'token.fits-cookie'] });
    expect(check.errors).toEqual([]);
    expect(check.conforms).toBe(true);
    expect(check.results.find((r) => r.property === 'token.constant-size')).toMatchObject({ verdict: 'holds' });
    expect(check.results.find((r) => r.property === 'token.fits-cookie')).toMatchObject({ verdict: 'holds' });
    const { builtinStrategy } = await import('../../impl/index.ts');
    const builtin = await checkStrategy({ ...builtinStrategy('jwt'), name: 'jwt-as-plug-in' }, { model: 'jwt', runs: 30, properties: ['token.constant-size'] });
    expect(builtin.results[0].verdict).toBe('refuted');
  });
});
