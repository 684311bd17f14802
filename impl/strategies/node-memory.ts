/**
 * Sessions in node memory: `req.session` in a process-local Map, as with express-session's
 * default MemoryStore. `in-memory` and `sticky` run this same node code; only the balancer in
 * front differs. Admin revoke "kills" the user's sessions on every node by calling its peers.
 */
import type { LbPolicy } from '../../model/index.ts';
import { json } from '../http/respond.ts';
import { createApp, ADMIN_KEY_HEADER } from '../http/app.ts';
import { userName } from '../http/incoming.ts';
import { unauthorized } from '../errors.ts';
import { fakeItem, fakeProfile, newSessionId, type CartItem, type Profile } from '../session/data.ts';
import type { NodeContext, SessionNode, SessionStrategy } from '../strategy.ts';
import { clearedSessionCookie, sessionCookie, sessionId } from './credentials.ts';

interface MemorySession {
  readonly user: number;
  readonly profile: Profile;
  readonly items: CartItem[];
  /** Absolute expiry, model clock seconds. */
  readonly expiresAt: number;
}

/** Marks a revoke a node forwards to its peers, so they do not forward it again. */
const FANOUT_HEADER = 'x-sessioncheck-fanout';

/** A node-memory strategy behind the given balancer policy. */
export function nodeMemoryStrategy(name: string, lbPolicy: LbPolicy): SessionStrategy {
  return { name, lbPolicy, createNode: createMemoryNode };
}

function createMemoryNode(ctx: NodeContext): SessionNode {
  const sessions = new Map<string, MemorySession>();
  const { clock, scope, faker } = ctx;

  /** A live session; an expired one is swept on sight (the model's TTL purge). */
  const find = (sid: string): MemorySession => {
    const session = sessions.get(sid);
    if (session && clock.now() < session.expiresAt) return session;
    if (session) sessions.delete(sid);
    throw unauthorized();
  };

  const handle = createApp(
    {
      async login(user) {
        const sid = newSessionId();
        sessions.set(sid, { user, profile: fakeProfile(faker), items: [], expiresAt: clock.now() + scope.ttl.session });
        return json(200, { user: userName(user) }, [sessionCookie(sid)]);
      },
      async me(incoming) {
        const session = find(sessionId(incoming));
        return json(200, { user: userName(session.user), items: session.items.length });
      },
      async cart(incoming) {
        const session = find(sessionId(incoming));
        if (session.items.length < scope.maxItems) session.items.push(fakeItem(faker, session.items.length + 1));
        return json(200, { user: userName(session.user), items: session.items.length });
      },
      // Destroying a session this node does not hold succeeds: it cannot know another node holds it.
      async logout(incoming) {
        sessions.delete(sessionId(incoming));
        return json(200, { ok: true }, [clearedSessionCookie()]);
      },
      async refresh() {
        throw unauthorized('this strategy has no refresh tokens');
      },
      async revoke(user, incoming) {
        for (const [sid, session] of sessions) if (session.user === user) sessions.delete(sid);
        if (!incoming.request.headers.has(FANOUT_HEADER)) {
          await Promise.all(ctx.peers().map((peer) => peer.send(fanout(incoming.request.url, user, ctx.keys.adminKey)).catch((error: unknown) => {
            ctx.log(`revoke could not reach node n${peer.nodeId}`, error);
          })));
        }
        return json(200, { ok: true });
      },
    },
    { scope, adminKey: ctx.keys.adminKey, log: ctx.log },
  );

  return {
    handle,
    localSessionCount: () => [...sessions.values()].filter((s) => clock.now() < s.expiresAt).length,
    close: async () => sessions.clear(),
  };
}

function fanout(url: string, user: number, adminKey: string): Request {
  return new Request(new URL('/admin/revoke', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ADMIN_KEY_HEADER]: adminKey, [FANOUT_HEADER]: '1' },
    body: JSON.stringify({ user: userName(user) }),
  });
}
