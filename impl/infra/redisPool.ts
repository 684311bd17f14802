/**
 * Idle redis-server processes kept for the next system of the same run. Starting redis-server
 * takes 100–400 ms, and a property run opens a fresh system per generated program; a server
 * handed back healthy is emptied (FLUSHALL, SCRIPT FLUSH) and reused, so every program still
 * starts from an empty store. `stopIdleRedisServers()` stops them (tests call it in afterAll);
 * anything left is SIGKILLed when this process exits.
 */
import { RedisServer } from './redisServer.ts';

const idle: RedisServer[] = [];
const everyServer = new Set<RedisServer>();
let exitHookInstalled = false;

/** An empty primary: a pooled one if any, else a new process. */
export async function acquireRedisServer(): Promise<RedisServer> {
  installExitHook();
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

/** Stops every idle pooled server. */
export async function stopIdleRedisServers(): Promise<void> {
  const servers = idle.splice(0);
  for (const s of servers) everyServer.delete(s);
  await Promise.all(servers.map((s) => s.stop()));
}

/** How many pooled servers are idle (tests check nothing is left behind). */
export function idleRedisServers(): number {
  return idle.length;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const s of everyServer) s.killNow();
  });
}
