/**
 * `central-store-naive`: the central store as express-session with connect-redis uses it — an
 * update reads the session (GET), changes it in the node, and writes it back (SET): two round
 * trips and no atomicity. One request at a time it behaves exactly like `central-store`; two
 * concurrent updates of one session can lose one (`concurrency.no-lost-update`, decided on the
 * implementation with fast-check's scheduler).
 */
import { answer, type Handlers, type ModelStrategy } from '../strategy.ts';
import { storePut } from '../world.ts';
import { centralStoreHandlers, findSession, needsStore } from './central-store.ts';

const handlers: Handlers = {
  ...centralStoreHandlers,
  addItem: needsStore((state, _node, { credential }, scope) => {
    const session = findSession(state, credential.main);
    if (!session) return answer.unauthorized(state, 1);
    const updated = { ...session, items: Math.min(session.items + 1, scope.maxItems) };
    return answer.ok(storePut(state, updated, (e) => e === session), 2, session.user);
  }),
};

export const centralStoreNaive: ModelStrategy = { id: 'central-store-naive', lbPolicy: 'round-robin', nodeMemory: false, refreshTokens: false, handlers };
