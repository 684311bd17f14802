/**
 * `central-store`: every node reads and writes sessions in the shared store (Redis), one round
 * trip per request; updates are atomic (a script), so no node holds anything of its own.
 */
import { answer, type Handler, type Handlers, type ModelStrategy, type ServerRequest } from '../strategy.ts';
import type { State } from '../types.ts';
import { issue, storeDrop, storeFind, storePut } from '../world.ts';

export const findSession = (state: State, id: number) => storeFind(state, 'session', (e) => e.id === id);

/** Every request needs the store: while it is unreachable, answer 503 (fail closed). */
export function needsStore<R extends ServerRequest>(handler: Handler<R>): Handler<R> {
  return (state, node, request, scope) => (state.store.up ? handler(state, node, request, scope) : answer.storeDown(state));
}

/** The handlers, exported for central-store-naive, which differs only in how it updates. */
export const centralStoreHandlers: Handlers = {
  login: needsStore((state, _node, { user }, scope) => {
    const expiresAt = state.clock + scope.ttl.session;
    const [s, id] = issue(state, { owner: user, kind: 'session', expiresAt });
    return answer.ok(storePut(s, { kind: 'session', id, user, items: 0, expiresAt }, () => false), 1, user, { main: id, refresh: null });
  }),
  whoami: needsStore((state, _node, { credential }) => {
    const session = findSession(state, credential.main);
    return session ? answer.ok(state, 1, session.user) : answer.unauthorized(state, 1);
  }),
  addItem: needsStore((state, _node, { credential }, scope) => {
    const session = findSession(state, credential.main);
    if (!session) return answer.unauthorized(state, 1);
    const updated = { ...session, items: Math.min(session.items + 1, scope.maxItems) };
    return answer.ok(storePut(state, updated, (e) => e === session), 1, session.user);
  }),
  logout: needsStore((state, _node, { credential }) =>
    answer.ok(storeDrop(state, (e) => e.kind === 'session' && e.id === credential.main), 1)),
  refresh: (state) => answer.unauthorized(state, 0),
  revoke: needsStore((state, _node, { user }) => answer.ok(storeDrop(state, (e) => e.kind === 'session' && e.user === user), 1)),
};

export const centralStore: ModelStrategy = { id: 'central-store', lbPolicy: 'round-robin', nodeMemory: false, refreshTokens: false, handlers: centralStoreHandlers };
