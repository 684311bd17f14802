/**
 * `central-store`: every node reads and writes sessions in the shared store (Redis), one round
 * trip per request; updates are atomic (a script), so no node holds anything of its own.
 */
import { match } from 'ts-pattern';
import { answer, type ModelStrategy } from '../strategy.ts';
import { issue, storeDrop, storeFind, storePut } from '../world.ts';

export const centralStore: ModelStrategy = {
  id: 'central-store',
  lbPolicy: 'round-robin',
  nodeMemory: false,
  refreshTokens: false,
  serve(state, _node, request, scope) {
    if (!state.store.up) return answer.storeDown(state);
    const find = (id: number) => storeFind(state, 'session', (e) => e.id === id);
    return match(request)
      .with({ type: 'login' }, ({ user }) => {
        const expiresAt = state.clock + scope.ttl.session;
        const [s, id] = issue(state, { owner: user, kind: 'session', expiresAt });
        const entry = { kind: 'session', id, user, items: 0, expiresAt } as const;
        return answer.ok(storePut(s, entry, () => false), 1, user, { main: id, refresh: null });
      })
      .with({ type: 'whoami' }, ({ credential }) => {
        const session = find(credential.main);
        return session ? answer.ok(state, 1, session.user) : answer.unauthorized(state, 1);
      })
      .with({ type: 'addItem' }, ({ credential }) => {
        const session = find(credential.main);
        if (!session) return answer.unauthorized(state, 1);
        const updated = { ...session, items: Math.min(session.items + 1, scope.maxItems) };
        return answer.ok(storePut(state, updated, (e) => e === session), 1, session.user);
      })
      .with({ type: 'logout' }, ({ credential }) =>
        answer.ok(storeDrop(state, (e) => e.kind === 'session' && e.id === credential.main), 1))
      .with({ type: 'refresh' }, () => answer.unauthorized(state, 0))
      .with({ type: 'revoke' }, ({ user }) =>
        answer.ok(storeDrop(state, (e) => e.kind === 'session' && e.user === user), 1))
      .exhaustive();
  },
};
