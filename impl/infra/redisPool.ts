/**
 * Idle redis-server processes kept for the next system of the same run. Starting redis-server
 * takes 100–400 ms, and a property run opens a fresh system per generated program; a server
 * handed back healthy is emptied (FLUSHALL, SCRIPT FLUSH) and reused, so every program still
 * starts from an empty store. `stopIdleRedisServers()` stops them (tests call it in afterAll);
 * anything left is SIGKILLed when this process exits (cleanup.ts).
 */
import { RedisServer } from './redisServer.ts';

const idle: RedisServer[] = [];
/** Idle primary/replica pairs (the replica replicating the primary, both empty). */
const idlePairs: [RedisServer, RedisServer][] = [];
const everyServer = new Set<RedisServer>();

/** An empty primary: a pooled one if any, else a new process. */
export async function acquireRedisServer(): Promise<RedisServer> {
  const pooled = idle.pop();
  if (pooled) return pooled;
  const server = await RedisServer.start();
  everyServer.add(server);
  return server;
}

/** Hands a server back: emptied and pooled when it answers, stopped otherwise. */
export async function releaseRedisServer(server: RedisServer): Promise<void> {
  try {
    const admin = await server.admin();
    try {
      await admin.flushall();
      await admin.script('FLUSH');
    } finally {
      admin.disconnect();
    }
    idle.push(server);
  } catch {
    everyServer.delete(server);
    await server.stop();
  }
}

/** An empty primary and its replica, in sync: a pooled pair if any, else two new processes. */
export async function acquireRedisPair(): Promise<[RedisServer, RedisServer]> {
  const pooled = idlePairs.pop();
  if (pooled) return pooled;
  const pair = await RedisServer.startPair();
  for (const s of pair) everyServer.add(s);
  return pair;
}

/**
 * Hands back a pair after a run, roles possibly swapped by a failover: `primary` is the one
 * clients used last, `other` the paused replica or the frozen old primary. Both are resumed,
 * `other` made a replica of `primary`, `primary` emptied; pooled once the replica is in sync.
 */
export async function releaseRedisPair(primary: RedisServer, other: RedisServer): Promise<void> {
  try {
    other.resume();
    primary.resume();
    const a = await primary.admin();
    const b = await other.admin();
    try {
      await a.replicaof('NO', 'ONE');
      await b.replicaof('127.0.0.1', String(primary.port));
      await a.flushall();
      await a.script('FLUSH');
      // WAIT makes the primary ask for an acknowledgement now (INFO offsets update once a second).
      let synced = false;
      for (let attempt = 0; attempt < 12 && !synced; attempt++) synced = (await a.wait(1, 500)) >= 1; // well below commandTimeout
      if (!synced) throw new Error('the replica did not resynchronise');
    } finally {
      a.disconnect();
      b.disconnect();
    }
    idlePairs.push([primary, other]);
  } catch {
    for (const s of [primary, other]) {
      everyServer.delete(s);
      await s.stop();
    }
  }
}

/** Stops every idle pooled server. */
export async function stopIdleRedisServers(): Promise<void> {
  const servers = [...idle.splice(0), ...idlePairs.splice(0).flat()];
  for (const s of servers) everyServer.delete(s);
  await Promise.all(servers.map((s) => s.stop()));
}

/** How many pooled servers are idle (tests check nothing is left behind). */
export function idleRedisServers(): number {
  return idle.length + 2 * idlePairs.length;
}

