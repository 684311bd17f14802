/**
 * Sessions in node memory: the code of an app that keeps `req.session` in a process-local map.
 * in-memory and sticky run this same node code; only the load balancer differs.
 */
import { answer, type Handlers } from '../strategy.ts';
import { issue, nodeSession, withNodeSessions } from '../world.ts';

export const nodeMemoryHandlers: Handlers = {
  login(state, node, { user }, scope) {
    const expiresAt = state.clock + scope.ttl.session;
    const [s, id] = issue(state, { owner: user, kind: 'session', expiresAt });
    const sessions = [...s.nodes[node].sessions, { id, user, items: 0, expiresAt }];
    return answer.ok(withNodeSessions(s, node, sessions), 0, user, { main: id, refresh: null });
  },
  whoami(state, node, { credential }) {
    const session = nodeSession(state, node, credential.main);
    return session ? answer.ok(state, 0, session.user) : answer.unauthorized(state, 0);
  },
  addItem(state, node, { credential }, scope) {
    const session = nodeSession(state, node, credential.main);
    if (!session) return answer.unauthorized(state, 0);
    const items = Math.min(session.items + 1, scope.maxItems);
    const sessions = state.nodes[node].sessions.map((r) => (r === session ? { ...r, items } : r));
    return answer.ok(withNodeSessions(state, node, sessions), 0, session.user);
  },
  // Destroying a session this node does not hold is a successful no-op, as with
  // express-session's `req.session.destroy()`: the node cannot know another node holds it.
  logout(state, node, { credential }) {
    const sessions = state.nodes[node].sessions.filter((r) => r.id !== credential.main);
    return answer.ok(withNodeSessions(state, node, sessions), 0);
  },
  refresh: (state) => answer.unauthorized(state, 0),
  // The admin "kills" the user's sessions on every node (the table's "Yes (kill server)").
  revoke(state, _node, { user }) {
    let s = state;
    state.nodes.forEach((n, i) => {
      if (n.sessions.some((r) => r.user === user)) s = withNodeSessions(s, i, n.sessions.filter((r) => r.user !== user));
    });
    return answer.ok(s, 0);
  },
};
