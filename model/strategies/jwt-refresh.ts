/**
 * `jwt-refresh`: a short access token (5 min) that is never looked up, plus a rotating refresh
 * token whose family lives in the store. Presenting a rotated-out refresh token revokes the whole
 * family (reuse detection, RFC 9700 §4.14.2); logout and admin revoke revoke families.
 */
import { answer, type Handlers, type ModelStrategy } from '../strategy.ts';
import type { State } from '../types.ts';
import { claims, freshId, isLive, issue, storeFind, storePut, withStoreEntries } from '../world.ts';

function validAccess(state: State, id: number) {
  const token = claims(state, id);
  return token && token.kind === 'access' && isLive(state, token) ? token : undefined;
}

const handlers: Handlers = {
  login(state, _node, { user }, scope) {
    if (!state.store.up) return answer.storeDown(state);
    let [s, family] = freshId(state);
    const familyExpiresAt = s.clock + scope.ttl.refresh;
    let refresh: number;
    let access: number;
    [s, refresh] = issue(s, { owner: user, kind: 'refresh', expiresAt: familyExpiresAt, family });
    [s, access] = issue(s, { owner: user, kind: 'access', expiresAt: s.clock + scope.ttl.access, family });
    s = storePut(s, { kind: 'family', id: family, user, current: refresh, revoked: false, expiresAt: familyExpiresAt }, () => false);
    return answer.ok(s, 1, user, { main: access, refresh });
  },
  whoami(state, _node, { credential }) {
    const token = validAccess(state, credential.main);
    return token ? answer.ok(state, 0, token.owner) : answer.unauthorized(state, 0);
  },
  addItem(state, _node, { credential }, scope) {
    const token = validAccess(state, credential.main);
    if (!token) return answer.unauthorized(state, 0);
    const items = Math.min(token.items + 1, scope.maxItems);
    const [s, id] = issue(state, { owner: token.owner, kind: 'access', expiresAt: token.expiresAt, items, family: token.family });
    return answer.ok(s, 0, token.owner, { main: id, refresh: credential.refresh });
  },
  refresh(state, _node, { credential }, scope) {
    const token = credential.refresh === null ? undefined : claims(state, credential.refresh);
    if (!token || token.kind !== 'refresh' || !isLive(state, token)) return answer.unauthorized(state, 0);
    if (!state.store.up) return answer.storeDown(state);
    const family = storeFind(state, 'family', (f) => f.id === token.family);
    if (!family || family.revoked) return answer.unauthorized(state, 1);
    if (family.current !== token.id) {
      // Reuse of a rotated-out token: someone else holds the family. Revoke all of it.
      return answer.unauthorized(storePut(state, { ...family, revoked: true }, (e) => e === family), 1);
    }
    // The cart travels in the (possibly expired) access token sent along; it is not a credential.
    const previous = claims(state, credential.main);
    const items = previous && previous.owner === token.owner ? previous.items : 0;
    let [s, refresh] = issue(state, { owner: token.owner, kind: 'refresh', expiresAt: family.expiresAt, family: family.id });
    let access: number;
    [s, access] = issue(s, { owner: token.owner, kind: 'access', expiresAt: s.clock + scope.ttl.access, items, family: family.id });
    s = storePut(s, { ...family, current: refresh }, (e) => e === family);
    return answer.ok(s, 1, token.owner, { main: access, refresh });
  },
  logout(state, _node, { credential }) {
    if (!state.store.up) return answer.storeDown(state);
    const token = credential.refresh === null ? undefined : claims(state, credential.refresh);
    const family = token && storeFind(state, 'family', (f) => f.id === token.family);
    return answer.ok(family ? storePut(state, { ...family, revoked: true }, (e) => e === family) : state, 1);
  },
  revoke(state, _node, { user }) {
    if (!state.store.up) return answer.storeDown(state);
    const entries = state.store.entries.map((e) => (e.kind === 'family' && e.user === user && !e.revoked ? { ...e, revoked: true } : e));
    return answer.ok(withStoreEntries(state, entries), 1);
  },
};

export const jwtRefresh: ModelStrategy = { id: 'jwt-refresh', lbPolicy: 'round-robin', nodeMemory: false, refreshTokens: true, handlers };
