/**
 * `central-store`: sessions live in the shared store (Redis), so any node serves any request at
 * the price of one round trip per request. Every update is atomic in one round trip: login is a
 * MULTI (session hash + the user's index set), addItem and revoke are Lua scripts.
 *
 * Layout: `sess:{sid}` hash {user, exp, profile, items, item:1..n}; `user-sess:{uN}` set of sids.
 * `exp` (model clock) decides expiry; the Redis TTL is only a safety net for cleanup.
 */
import { json } from '../http/respond.ts';
import { createApp } from '../http/app.ts';
import { userIndex, userName } from '../http/incoming.ts';
import { unauthorized } from '../errors.ts';
import { fakeItemBody, fakeProfile, newSessionId } from '../session/data.ts';
import type { NodeContext, SessionNode, SessionStrategy } from '../strategy.ts';
import { clearedSessionCookie, sessionCookie, sessionId } from './credentials.ts';

/** Slack added to real Redis TTLs: logical expiry is decided by `exp`, never by the TTL. */
export const TTL_SAFETY_SECONDS = 86_400;

export const ADD_ITEM = `
local user = redis.call('HGET', KEYS[1], 'user')
if not user then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'exp')) <= tonumber(ARGV[1]) then return 0 end
local n = tonumber(redis.call('HGET', KEYS[1], 'items'))
if n < tonumber(ARGV[2]) then
  n = n + 1
  redis.call('HSET', KEYS[1], 'items', n, 'item:' .. n, ARGV[3])
end
return user`;

// Deletes keys it finds through the index set: fine on one Redis, not cluster-safe (by design here).
export const REVOKE_USER = `
local ids = redis.call('SMEMBERS', KEYS[1])
for i = 1, #ids do redis.call('DEL', 'sess:' .. ids[i]) end
redis.call('DEL', KEYS[1])
return #ids`;

/** The built-in `central-store` strategy (atomic updates). */
export const centralStoreStrategy: SessionStrategy = {
  name: 'central-store',
  lbPolicy: 'round-robin',
  createNode: (ctx) => createStoreNode(ctx, 'atomic'),
};

/**
 * `central-store-naive`: the same store, updated the way express-session with connect-redis
 * does it: read the session, change it in the node, write it back. Two round trips and no
 * atomicity, so two concurrent addItem calls can lose one item (`concurrency.no-lost-update`).
 */
export const centralStoreNaiveStrategy: SessionStrategy = {
  name: 'central-store-naive',
  lbPolicy: 'round-robin',
  createNode: (ctx) => createStoreNode(ctx, 'read-modify-write'),
};

type UpdateMode = 'atomic' | 'read-modify-write';

function createStoreNode(ctx: NodeContext, mode: UpdateMode): SessionNode {
  const { store, clock, scope, faker } = ctx;
  store.defineScript('sessioncheckAddItem', { numberOfKeys: 1, lua: ADD_ITEM });
  store.defineScript('sessioncheckRevokeUser', { numberOfKeys: 1, lua: REVOKE_USER });
  const ttl = scope.ttl.session + TTL_SAFETY_SECONDS;

  const handle = createApp(
    {
      async login(user) {
        const sid = newSessionId();
        const exp = clock.now() + scope.ttl.session;
        const index = `user-sess:${userName(user)}`;
        await store.multi((m) => m
          .hset(`sess:${sid}`, { user: userName(user), exp, profile: JSON.stringify(fakeProfile(faker)), items: 0 })
          .expire(`sess:${sid}`, ttl)
          .sadd(index, sid)
          .expire(index, ttl));
        return json(200, { user: userName(user) }, [sessionCookie(sid)]);
      },
      async me(incoming) {
        // The cart count rides along in the same round trip (`items`: the wire convention that
        // lets a checker see a lost update on the wire).
        const [user, exp, items] = await store.hmget(`sess:${sessionId(incoming)}`, ['user', 'exp', 'items']);
        if (user === null || !(clock.now() < Number(exp))) throw unauthorized();
        return json(200, { user, items: Number(items) });
      },
      async cart(incoming) {
        const key = `sess:${sessionId(incoming)}`;
        // The line number is the hash field's (`item:n`), assigned where the count is read.
        const item = JSON.stringify(fakeItemBody(faker));
        if (mode === 'atomic') {
          const user = await store.script('sessioncheckAddItem', [key], [clock.now(), scope.maxItems, item]);
          if (userIndex(user) === undefined) throw unauthorized();
          return json(200, { user });
        }
        const [user, exp, items] = await store.hmget(key, ['user', 'exp', 'items']);
        if (user === null || !(clock.now() < Number(exp))) throw unauthorized();
        const n = Number(items);
        // The write-back: a concurrent update between the read and this write is overwritten.
        if (n < scope.maxItems) await store.hset(key, { items: n + 1, [`item:${n + 1}`]: item });
        else await store.hset(key, { items: n });
        return json(200, { user });
      },
      async logout(incoming) {
        await store.del(`sess:${sessionId(incoming)}`);
        return json(200, { ok: true }, [clearedSessionCookie()]);
      },
      async refresh() {
        throw unauthorized('this strategy has no refresh tokens');
      },
      async revoke(user) {
        await store.script('sessioncheckRevokeUser', [`user-sess:${userName(user)}`], []);
        return json(200, { ok: true });
      },
    },
    { scope, adminKey: ctx.keys.adminKey, log: ctx.log },
  );

  return { handle, localSessionCount: () => 0, close: async () => {} };
}
