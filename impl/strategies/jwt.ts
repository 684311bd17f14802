/**
 * `jwt`: a signed token (1 h) carries the user, the profile and the cart; nodes verify it and
 * keep nothing. Adding an item re-signs a bigger token (new `jti`, same `exp`). Logout only
 * tells the client to forget the token and an admin revoke has nothing to act on: both are
 * acknowledged, and neither stops a copy of the token (the table's "Revoke instantly? Hard").
 */
import { json } from '../http/respond.ts';
import { createApp } from '../http/app.ts';
import { userName } from '../http/incoming.ts';
import { unauthorized } from '../errors.ts';
import { unixSeconds } from '../clock.ts';
import { TokenService } from '../jwt/tokens.ts';
import { fakeProfile } from '../session/data.ts';
import type { NodeContext, SessionNode, SessionStrategy } from '../strategy.ts';
import { bearerToken } from './credentials.ts';
import { addItemTo, cartOf } from './cart-claims.ts';

/** The built-in `jwt` strategy. */
export const jwtStrategy: SessionStrategy = {
  name: 'jwt',
  lbPolicy: 'round-robin',
  createNode(ctx: NodeContext): SessionNode {
    const { clock, scope, faker } = ctx;
    const tokens = new TokenService(ctx.keys, clock);
    const verify = async (token: string) => (await tokens.verify('jwt', token)) ?? Promise.reject(unauthorized());

    const handle = createApp(
      {
        async login(user) {
          const exp = unixSeconds(clock) + scope.ttl.jwt;
          const token = await tokens.sign('jwt', { sub: userName(user), exp, profile: fakeProfile(faker), cart: [] });
          return json(200, { user: userName(user), token });
        },
        async me(incoming) {
          const { payload } = await verify(bearerToken(incoming));
          return json(200, { user: payload.sub, items: cartOf(payload).length });
        },
        async cart(incoming) {
          const { payload } = await verify(bearerToken(incoming));
          const token = await tokens.sign('jwt', addItemTo(payload, faker, scope.maxItems));
          return json(200, { user: payload.sub, token });
        },
        // The client forgets the token; the server has nothing to erase. An expired token is fine.
        async logout(incoming) {
          if (!(await tokens.verify('jwt', bearerToken(incoming), { allowExpired: true }))) throw unauthorized();
          return json(200, { ok: true });
        },
        async refresh() {
          throw unauthorized('this strategy has no refresh tokens');
        },
        async revoke() {
          return json(200, { ok: true });
        },
      },
      { scope, adminKey: ctx.keys.adminKey, log: ctx.log },
    );
    return { handle, localSessionCount: () => 0, close: async () => {} };
  },
};
