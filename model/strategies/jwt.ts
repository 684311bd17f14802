/**
 * `jwt`: a signed token (1 h) carries the user and the cart; servers verify it and keep nothing.
 * Logout only makes the client forget the token, and an admin revoke has nothing to act on:
 * both are acknowledged, and neither stops a copy of the token.
 */
import { answer, type Handlers, type ModelStrategy } from '../strategy.ts';
import type { State } from '../types.ts';
import { claims, isLive, issue } from '../world.ts';

function verified(state: State, id: number) {
  const token = claims(state, id);
  return token && token.kind === 'jwt' && isLive(state, token) ? token : undefined;
}

const handlers: Handlers = {
  login(state, _node, { user }, scope) {
    const [s, id] = issue(state, { owner: user, kind: 'jwt', expiresAt: state.clock + scope.ttl.jwt });
    return answer.ok(s, 0, user, { main: id, refresh: null });
  },
  whoami(state, _node, { credential }) {
    const token = verified(state, credential.main);
    return token ? answer.ok(state, 0, token.owner) : answer.unauthorized(state, 0);
  },
  // The cart lives in the token: adding an item re-signs a bigger token with the same expiry.
  addItem(state, _node, { credential }, scope) {
    const token = verified(state, credential.main);
    if (!token) return answer.unauthorized(state, 0);
    const items = Math.min(token.items + 1, scope.maxItems);
    const [s, id] = issue(state, { owner: token.owner, kind: 'jwt', expiresAt: token.expiresAt, items });
    return answer.ok(s, 0, token.owner, { main: id, refresh: null });
  },
  logout: (state) => answer.ok(state, 0),
  refresh: (state) => answer.unauthorized(state, 0),
  revoke: (state) => answer.ok(state, 0),
};

export const jwt: ModelStrategy = { id: 'jwt', lbPolicy: 'round-robin', nodeMemory: false, refreshTokens: false, handlers };
