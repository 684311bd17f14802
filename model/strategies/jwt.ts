/**
 * `jwt`: a signed token (1 h) carries the user and the cart; servers verify it and keep nothing.
 * Logout only makes the client forget the token, and an admin revoke has nothing to act on:
 * both are acknowledged, and neither stops a copy of the token.
 */
import { match } from 'ts-pattern';
import { answer, type ModelStrategy } from '../strategy.ts';
import { claims, isLive, issue } from '../world.ts';

export const jwt: ModelStrategy = {
  id: 'jwt',
  lbPolicy: 'round-robin',
  nodeMemory: false,
  refreshTokens: false,
  serve(state, _node, request, scope) {
    return match(request)
      .with({ type: 'login' }, ({ user }) => {
        const [s, id] = issue(state, { owner: user, kind: 'jwt', expiresAt: state.clock + scope.ttl.jwt });
        return answer.ok(s, 0, user, { main: id, refresh: null });
      })
      .with({ type: 'whoami' }, ({ credential }) => {
        const token = claims(state, credential.main);
        return token && isLive(state, token) && token.kind === 'jwt' ? answer.ok(state, 0, token.owner) : answer.unauthorized(state, 0);
      })
      // The cart lives in the token: adding an item re-signs a bigger token with the same expiry.
      .with({ type: 'addItem' }, ({ credential }) => {
        const token = claims(state, credential.main);
        if (!token || !isLive(state, token) || token.kind !== 'jwt') return answer.unauthorized(state, 0);
        const items = Math.min(token.items + 1, scope.maxItems);
        const [s, id] = issue(state, { owner: token.owner, kind: 'jwt', expiresAt: token.expiresAt, items });
        return answer.ok(s, 0, token.owner, { main: id, refresh: null });
      })
      .with({ type: 'logout' }, () => answer.ok(state, 0))
      .with({ type: 'refresh' }, () => answer.unauthorized(state, 0))
      .with({ type: 'revoke' }, () => answer.ok(state, 0))
      .exhaustive();
  },
};
