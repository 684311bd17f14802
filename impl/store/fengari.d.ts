/**
 * The part of fengari (a Lua 5.3 VM in JavaScript, the one ioredis-mock runs scripts on) that
 * impl/store/embedded.ts uses. fengari ships no types; these follow its C-API-shaped exports.
 */
declare module 'fengari' {
  type LuaState = unknown;
  type LuaString = Uint8Array;
  interface Lua {
    readonly LUA_OK: number;
    readonly LUA_REGISTRYINDEX: number;
    readonly LUA_TNIL: number;
    readonly LUA_TBOOLEAN: number;
    readonly LUA_TNUMBER: number;
    readonly LUA_TSTRING: number;
    readonly LUA_TTABLE: number;
    lua_createtable(L: LuaState, narr: number, nrec: number): void;
    lua_pushjsfunction(L: LuaState, fn: (L: LuaState) => number): void;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_pushinteger(L: LuaState, n: number): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushstring(L: LuaState, s: LuaString): void;
    lua_setfield(L: LuaState, index: number, k: LuaString): void;
    lua_getfield(L: LuaState, index: number, k: LuaString): number;
    lua_setglobal(L: LuaState, name: LuaString): void;
    lua_getglobal(L: LuaState, name: LuaString): number;
    lua_setupvalue(L: LuaState, funcindex: number, n: number): LuaString | null;
    lua_setmetatable(L: LuaState, index: number): void;
    lua_call(L: LuaState, nargs: number, nresults: number): void;
    lua_rawseti(L: LuaState, index: number, i: number): void;
    lua_rawgeti(L: LuaState, index: number, i: number): number;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_gettop(L: LuaState): number;
    lua_settop(L: LuaState, index: number): void;
    lua_pop(L: LuaState, n: number): void;
    lua_absindex(L: LuaState, index: number): number;
    lua_type(L: LuaState, index: number): number;
    lua_tojsstring(L: LuaState, index: number): string;
    lua_tonumber(L: LuaState, index: number): number;
    lua_toboolean(L: LuaState, index: number): boolean;
  }
  interface LAuxLib {
    luaL_newstate(): LuaState;
    luaL_loadstring(L: LuaState, s: LuaString): number;
    luaL_ref(L: LuaState, t: number): number;
    luaL_error(L: LuaState, fmt: LuaString, ...args: unknown[]): number;
  }
  interface LuaLib {
    luaL_openlibs(L: LuaState): void;
  }
  const fengari: {
    readonly lua: Lua;
    readonly lauxlib: LAuxLib;
    readonly lualib: LuaLib;
    to_luastring(s: string): LuaString;
  };
  export default fengari;
}
