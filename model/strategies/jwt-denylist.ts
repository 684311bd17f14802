/**
 * `jwt-denylist`: a JWT (1 h) plus revocation state in the store, checked on every request in one
 * round trip. Logout denies the token's session until its expiry: the token and every token
 * re-signed from it for a bigger cart share it (their `family`), so denying one `jti` alone would
 * leave the earlier versions valid. An admin revoke stores a fresh,
 * unique revocation epoch for the user (never a counter: a counter restarts after a store wipe
 * and can match an old token again). Login reads the epoch into the token. Every store read
 * fails closed (503) while the store is down.
 */
import { answer, type Handlers, type ModelStrategy, type Outcome } from '../strategy.ts';
import type { State } from '../types.ts';
import { claims, freshId, isLive, issue, storeFind, storePut, type Claims } from '../world.ts';

function currentEpoch(state: State, user: number): number {
  return storeFind(state, 'epoch', (e) => e.user === user)?.epoch ?? 0;
}

/** Verifies locally, then checks `jti` and epoch in the store (one round trip). */
function check(state: State, id: number): { token: Claims } | { refused: Outcome } {
  const token = claims(state, id);
  if (!token || token.kind !== 'jwt' || !isLive(state, token)) return { refused: answer.unauthorized(state, 0) };
  if (!state.store.up) return { refused: answer.storeDown(state) };
  const denied = storeFind(state, 'deny', (e) => e.session === token.family) !== undefined;
  if (denied || currentEpoch(state, token.owner) !== token.epoch) return { refused: answer.unauthorized(state, 1) };
  return { token };
}

const handlers: Handlers = {
  login(state, _node, { user }, scope) {
    if (!state.store.up) return answer.storeDown(state);
    const epoch = currentEpoch(state, user);
    let [s, session] = freshId(state);
    let id: number;
    [s, id] = issue(s, { owner: user, kind: 'jwt', expiresAt: s.clock + scope.ttl.jwt, epoch, family: session });
    return answer.ok(s, 1, user, { main: id, refresh: null });
  },
  whoami(state, _node, { credential }) {
    const checked = check(state, credential.main);
    return 'refused' in checked ? checked.refused : answer.ok(state, 1, checked.token.owner);
  },
  addItem(state, _node, { credential }, scope) {
    const checked = check(state, credential.main);
    if ('refused' in checked) return checked.refused;
    const { token } = checked;
    const items = Math.min(token.items + 1, scope.maxItems);
    const [s, id] = issue(state, { owner: token.owner, kind: 'jwt', expiresAt: token.expiresAt, items, epoch: token.epoch, family: token.family });
    return answer.ok(s, 1, token.owner, { main: id, refresh: null });
  },
  logout(state, _node, { credential }) {
    const token = claims(state, credential.main);
    if (!token || !isLive(state, token)) return answer.ok(state, 0); // nothing left to deny
    if (!state.store.up) return answer.storeDown(state);
    const deny = { kind: 'deny', session: token.family!, expiresAt: token.expiresAt } as const;
    return answer.ok(storePut(state, deny, (e) => e.kind === 'deny' && e.session === token.family), 1);
  },
  refresh: (state) => answer.unauthorized(state, 0),
  revoke(state, _node, { user }) {
    if (!state.store.up) return answer.storeDown(state);
    const [s, epoch] = freshId(state);
    return answer.ok(storePut(s, { kind: 'epoch', user, epoch }, (e) => e.kind === 'epoch' && e.user === user), 1);
  },
};

export const jwtDenylist: ModelStrategy = { id: 'jwt-denylist', lbPolicy: 'round-robin', nodeMemory: false, refreshTokens: false, handlers };
