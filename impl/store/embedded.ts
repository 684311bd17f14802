/**
 * The embedded store (ioredis-mock), made fast enough to check thousands of programs a second
 * without changing what it does.
 *
 * ioredis-mock is the project's embedded Redis, and it stays that: every command still runs in
 * ioredis-mock's own command emulators, on its keyspace. Three of its costs were measured to
 * dominate the in-process target (Node 20, this repository's bench machine):
 *
 * - a script call (`defineCommand` / EVAL) builds a new Lua VM (fengari), opens the standard
 *   libraries, defines `redis.call` and compiles the script — about 1.1 ms per call;
 * - `multi()` builds a `Pipeline` that copies every command (~400 closures) — about 165 µs;
 * - `new RedisMock()` sets up every command again and registers a keyspace that is never
 *   released — about 460 µs per system, and memory that grows with every program checked.
 *
 * So here: Lua scripts run in the same VM (fengari), compiled once per process, with
 * `redis.call` dispatching synchronously to ioredis-mock's command emulators (a script is
 * atomic because nothing else runs while it does, as in ioredis-mock and in Redis); one
 * `Pipeline` per connection is reused for MULTI while it is empty (ioredis-mock runs a transaction's queued
 * commands in one synchronous pass, which is what makes it atomic); and connections are pooled
 * per process (FLUSHALL between systems). A real Redis (by URL) does not use any of this: its
 * scripts go through ioredis `defineCommand` (EVALSHA) and its MULTI through ioredis.
 *
 * Script semantics follow Redis where a script can tell: arguments are strings (numbers in their
 * shortest decimal form, `5` not `5.0`), a nil reply is `false`, arrays (and HGETALL's hash) are
 * 1-based tables, status replies are `{ ok = … }`, `redis.error_reply`/`status_reply` exist, each
 * call has a fresh environment with KEYS and ARGV in which globals cannot be created or misread,
 * and the reply converts back as Redis converts it (number → integer, table → array up to the
 * first nil, `{ err = … }` → error, `false`/nil → null, `true` → 1). Not emulated: the VM is
 * Lua 5.3 (fengari) where Redis runs 5.1, so 5.3-only syntax such as `//` is accepted here, and
 * `_G` itself is not read-only. test/infra/embedded-store.test.ts runs the strategies' scripts on
 * generated keyspaces, and scripts probing each rule above, on this engine and on a real
 * redis-server, and compares replies, errors and keyspaces. Each pooled connection is reset when
 * its system closes (scripts' names, transaction state, FLUSHALL), and a closed system's clients
 * fail like an unreachable store (hub.ts), so nothing crosses from one system to the next.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import fengari from 'fengari';

const { lua, lauxlib, lualib, to_luastring: toLua } = fengari;

/** One of ioredis-mock's command emulators: runs synchronously on the connection's keyspace. */
type Emulator = (this: Redis, ...args: string[]) => unknown;

/** The command emulators, read once from ioredis-mock (through the exported Pipeline class). */
let emulators: Map<string, Emulator> | undefined;

function commandEmulators(redis: Redis): Map<string, Emulator> {
  if (emulators) return emulators;
  const found = new Map<string, Emulator>();
  // ioredis-mock's Pipeline receives every emulator in `_createCommand(name, emulator)` while it
  // builds itself; a subclass that records them is the one way in that needs no private import.
  const { Pipeline } = RedisMock as unknown as { Pipeline: new (redis: Redis) => object };
  class Recorder extends Pipeline {
    _createCommand(name: string, emulator: Emulator): () => void {
      found.set(name.toLowerCase(), emulator);
      return () => {};
    }
  }
  new Recorder(redis);
  for (const name of ['hget', 'hset', 'hmget', 'del', 'exists', 'smembers', 'sadd', 'expire', 'get', 'set']) {
    if (!found.has(name)) throw new Error(`ioredis-mock does not expose the "${name}" emulator (version changed?)`);
  }
  emulators = found;
  return found;
}

/** The connection a running script calls into (scripts run synchronously, one at a time). */
let current: Redis | null = null;

/** A script compiled once, in its own Lua state, callable on any pooled connection. */
class CompiledScript {
  private readonly L = lauxlib.luaL_newstate();
  private readonly ref: number;
  /** Whether the script draws random numbers (then each call starts from the same seed). */
  private readonly usesRandom: boolean;

  constructor(readonly source: string, private readonly commands: Map<string, Emulator>) {
    const L = this.L;
    lualib.luaL_openlibs(L);
    lua.lua_createtable(L, 0, 2);
    lua.lua_pushjsfunction(L, (state: unknown) => this.redisCall(state, false));
    lua.lua_setfield(L, -2, toLua('call'));
    lua.lua_pushjsfunction(L, (state: unknown) => this.redisCall(state, true));
    lua.lua_setfield(L, -2, toLua('pcall'));
    lua.lua_setglobal(L, toLua('redis'));
    if (lauxlib.luaL_loadstring(L, toLua(PRELUDE)) !== lua.LUA_OK || lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK) {
      throw new Error(`internal: the Lua prelude failed: ${lua.lua_tojsstring(L, -1)}`);
    }
    if (lauxlib.luaL_loadstring(L, toLua(this.source)) !== lua.LUA_OK) {
      throw new Error(`store script does not compile: ${lua.lua_tojsstring(L, -1)}`);
    }
    this.ref = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    this.usesRandom = source.includes('math.random');
  }

  private reseedRandom(): void {
    const L = this.L;
    lua.lua_getglobal(L, toLua('math'));
    lua.lua_getfield(L, -1, toLua('randomseed'));
    lua.lua_pushinteger(L, 0);
    lua.lua_call(L, 1, 0);
    lua.lua_pop(L, 1);
  }

  /** Runs the script with KEYS and ARGV on `redis`; the reply as Redis would give it. */
  run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): unknown {
    const L = this.L;
    lua.lua_settop(L, 0);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.ref);
    // A fresh environment per call: KEYS and ARGV, other globals read through (see PRELUDE).
    lua.lua_createtable(L, 0, 2);
    pushArray(L, keys);
    lua.lua_setfield(L, 2, toLua('KEYS'));
    pushArray(L, args);
    lua.lua_setfield(L, 2, toLua('ARGV'));
    lua.lua_getglobal(L, toLua('__sessioncheck_env_meta'));
    lua.lua_setmetatable(L, 2);
    lua.lua_setupvalue(L, 1, 1);
    if (this.usesRandom) this.reseedRandom();
    current = redis;
    try {
      if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
        const message = errorMessage(L, -1);
        lua.lua_settop(L, 0);
        throw new Error(`ERR Error running script: ${message}`);
      }
      const reply = toReply(L, -1);
      lua.lua_settop(L, 0);
      if (reply instanceof Error) throw reply;
      return reply;
    } finally {
      current = null;
    }
  }

  /** `redis.call` / `redis.pcall` inside the script. */
  private redisCall(L: unknown, protectedCall: boolean): number {
    const n = lua.lua_gettop(L);
    const args: string[] = [];
    for (let i = 1; i <= n; i++) {
      const type = lua.lua_type(L, i);
      if (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER) {
        return fail(L, protectedCall, 'ERR Lua redis() command arguments must be strings or integers');
      }
      // Redis formats a number argument as the shortest decimal that reads back the same (5, not 5.0).
      args.push(type === lua.LUA_TNUMBER ? String(lua.lua_tonumber(L, i)) : lua.lua_tojsstring(L, i));
    }
    const name = (args[0] ?? '').toLowerCase();
    const emulator = this.commands.get(name);
    if (!emulator || current === null) return fail(L, protectedCall, 'ERR Unknown Redis command called from Lua script');
    let result: unknown;
    try {
      result = emulator.apply(current, args.slice(1));
    } catch (error) {
      return fail(L, protectedCall, error instanceof Error ? error.message : String(error));
    }
    if (typeof result === 'string' && STATUS_REPLIES.has(name)) pushStatus(L, result);
    else pushValue(L, result);
    return 1;
  }
}

/**
 * Run once in every script's Lua state. Each call gets a new environment table holding KEYS and
 * ARGV whose reads fall through to the standard globals; like Redis, a script may not create
 * globals (`__newindex` fails) or read ones that do not exist (`_G`'s own `__index` fails), so
 * nothing a call does survives into the next call or into another system. A script that uses
 * `math.random` starts each call from the same seed.
 */
const PRELUDE = `
setmetatable(_G, {
  __index = function(_, name)
    error("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 2)
  end,
})
__sessioncheck_env_meta = {
  __index = _G,
  __newindex = function(_, name)
    error("Script attempted to create global variable '" .. tostring(name) .. "'", 2)
  end,
}
redis.error_reply = function(message) return { err = message } end
redis.status_reply = function(message) return { ok = message } end`;

/** Commands whose reply is a status (`+OK`): a script sees `{ ok = … }`, as in Redis. */
const STATUS_REPLIES = new Set(['set', 'setex', 'psetex', 'mset', 'hmset', 'flushall', 'flushdb', 'rename', 'ltrim', 'lset', 'type', 'ping', 'select']);

/** Scripts are compiled once per process and shared by every connection. */
const compiled = new Map<string, CompiledScript>();

/**
 * The embedded store's fast paths for one ioredis-mock connection: scripts on the cached VMs,
 * MULTI on a reused pipeline.
 */
export class EmbeddedStore {
  private readonly scripts = new Map<string, CompiledScript>();
  private pipeline: ChainableCommander | null = null;

  constructor(readonly redis: Redis) {}

  /** Registers `lua` under `name` for this connection. */
  define(name: string, luaSource: string): void {
    let script = compiled.get(luaSource);
    if (!script) {
      script = new CompiledScript(luaSource, commandEmulators(this.redis));
      compiled.set(luaSource, script);
    }
    this.scripts.set(name, script);
  }

  /** Whether `name` was defined on this connection (since it was last released). */
  has(name: string): boolean {
    return this.scripts.has(name);
  }

  /** Calls a registered script; runs now, resolves with the reply (fails when disconnected). */
  call(name: string, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const script = this.scripts.get(name);
    if (!script) return Promise.reject(new TypeError(`store script "${name}" was not defined on this connection`));
    if (!isConnected(this.redis)) return Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    try {
      return Promise.resolve(script.run(this.redis, keys, args));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * A MULTI to fill and `exec()` at once. The pipeline is reused, so build and exec it
   * synchronously; its commands run at exec, where ioredis-mock refuses them if disconnected.
   */
  multi(): ChainableCommander {
    // Reused only while empty: a build that threw midway, or an aborted WATCH (ioredis-mock then
    // drops the batch), must not leave commands for the next transaction.
    const batch = (this.pipeline as unknown as { batch?: unknown[] } | null)?.batch;
    if (this.pipeline === null || !Array.isArray(batch) || batch.length > 0) this.pipeline = this.redis.multi();
    return this.pipeline;
  }

  /**
   * Forgets what one system left on the connection: its scripts' names and any WATCH state. (The
   * pipeline stays: `multi()` reuses it only while it is empty.)
   */
  reset(): void {
    this.scripts.clear();
    const state = this.redis as unknown as { dirty?: boolean; watching?: Set<string> };
    state.dirty = false;
    state.watching?.clear();
  }
}

function isConnected(redis: Redis): boolean {
  return (redis as unknown as { connected: boolean }).connected;
}

/** Idle embedded connections, reused by the next system (each was FLUSHALLed when released). */
const idle: Redis[] = [];
let created = 0;

/** An embedded connection with an empty keyspace that no other open system uses. */
export async function acquireEmbedded(): Promise<Redis> {
  const reused = idle.pop();
  if (reused) return reused;
  // ioredis-mock shares data between instances with the same host:port, so each gets its own.
  return new RedisMock({ host: `sessioncheck-mock-${process.pid}-${++created}`, port: 6379, enableOfflineQueue: false }) as unknown as Redis;
}

/** How many embedded connections were created in this process, and how many are idle now. */
export function embeddedPoolStats(): { created: number; idle: number } {
  return { created, idle: idle.length };
}

/** Returns a connection to the pool: reconnected if needed, emptied, its fast paths kept. */
export async function releaseEmbedded(redis: Redis): Promise<void> {
  if (!isConnected(redis)) await redis.connect();
  await redis.flushall();
  idle.push(redis);
}

// ---------------------------------------------------------------------------------------------
// Lua ⇄ Redis value conversion (as Redis converts, see the module comment).

function pushArray(L: unknown, values: readonly (string | number)[]): void {
  lua.lua_createtable(L, values.length, 0);
  for (let i = 0; i < values.length; i++) {
    lua.lua_pushstring(L, toLua(String(values[i])));
    lua.lua_rawseti(L, -2, i + 1);
  }
}

function pushStatus(L: unknown, status: string): void {
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushstring(L, toLua(status));
  lua.lua_setfield(L, -2, toLua('ok'));
}

/** The message of a Lua error value: a string, or an `{ err = … }` table as Redis reads it. */
function errorMessage(L: unknown, index: number): string {
  if (lua.lua_type(L, index) === lua.LUA_TTABLE) {
    const at = lua.lua_absindex(L, index);
    const found = lua.lua_getfield(L, at, toLua('err')) === lua.LUA_TSTRING ? lua.lua_tojsstring(L, -1) : null;
    lua.lua_pop(L, 1);
    if (found !== null) return found;
  }
  return lua.lua_tojsstring(L, index) ?? 'a Lua error without a message';
}

function pushValue(L: unknown, value: unknown): void {
  if (value === null || value === undefined) lua.lua_pushboolean(L, false);
  else if (typeof value === 'number') {
    if (Number.isInteger(value)) lua.lua_pushinteger(L, value);
    else lua.lua_pushnumber(L, value);
  } else if (typeof value === 'string') lua.lua_pushstring(L, toLua(value));
  else if (Buffer.isBuffer(value)) lua.lua_pushstring(L, toLua(value.toString()));
  else if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    for (let i = 0; i < value.length; i++) {
      pushValue(L, value[i]);
      lua.lua_rawseti(L, -2, i + 1);
    }
  } else if (value instanceof Map) pushValue(L, [...value].flat());
  else if (typeof value === 'object') pushValue(L, Object.entries(value).flat()); // HGETALL: field, value, …
  else lua.lua_pushstring(L, toLua(String(value)));
}

function toReply(L: unknown, index: number): unknown {
  switch (lua.lua_type(L, index)) {
    case lua.LUA_TNUMBER:
      return Math.trunc(lua.lua_tonumber(L, index));
    case lua.LUA_TSTRING:
      return lua.lua_tojsstring(L, index);
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, index) ? 1 : null;
    case lua.LUA_TTABLE: {
      const at = lua.lua_absindex(L, index);
      if (lua.lua_getfield(L, at, toLua('err')) === lua.LUA_TSTRING) {
        const message = lua.lua_tojsstring(L, -1);
        lua.lua_pop(L, 1);
        return new Error(message);
      }
      lua.lua_pop(L, 1);
      if (lua.lua_getfield(L, at, toLua('ok')) === lua.LUA_TSTRING) {
        const status = lua.lua_tojsstring(L, -1);
        lua.lua_pop(L, 1);
        return status;
      }
      lua.lua_pop(L, 1);
      const out: unknown[] = [];
      for (let i = 1; lua.lua_rawgeti(L, at, i) !== lua.LUA_TNIL; i++) {
        const item = toReply(L, -1);
        lua.lua_pop(L, 1);
        if (item instanceof Error) return item;
        out.push(item);
      }
      lua.lua_pop(L, 1);
      return out;
    }
    default:
      return null;
  }
}

function fail(L: unknown, protectedCall: boolean, message: string): number {
  if (!protectedCall) return lauxlib.luaL_error(L, toLua('%s'), toLua(message));
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushstring(L, toLua(message));
  lua.lua_setfield(L, -2, toLua('err'));
  return 1;
}
