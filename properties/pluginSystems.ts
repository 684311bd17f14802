/**
 * How `checkStrategy` opens the systems of a plug-in: given as an object, or as a module (path and
 * export) that other processes can load — needed on target `cluster` (its nodes are processes
 * behind HAProxy) and under fake time (the plug-in's `Date` follows the harness's clock in a process
 * of the system's own).
 */
import { openSystem, type SessionStrategy, type SystemUnderTest } from '../impl/index.ts';
import { ImplError } from '../impl/errors.ts';
import { loadPlugin, pluginModuleOf, type PluginModule } from '../impl/plugins/pluginModule.ts';
import type { Scope } from '../model/types.ts';

/** Targets `checkStrategy` opens a plug-in on. */
export type PluginTarget = 'impl' | 'sockets' | 'redis' | 'cluster';

/** A plug-in as `checkStrategy` takes it: the strategy itself, or where to load it from. */
export type PluginInput = SessionStrategy | PluginModule;

function isModuleRef(input: PluginInput): input is PluginModule {
  return typeof (input as PluginModule).module === 'string' && typeof (input as SessionStrategy).createNode !== 'function';
}

/** The strategy (imported here too when given by module: its name and capabilities are read in this process). */
export async function resolvePlugin(input: PluginInput): Promise<SessionStrategy> {
  return isModuleRef(input) ? loadPlugin(input) : input;
}

/**
 * Whether the strategy's code runs under fake time: asked for (`fakeTime`), or by default when it
 * declares `capabilities.wallClock` and was given by module (else it cannot be isolated, and its
 * clock-bound properties stay `n/a`). Asking for it with a strategy object is bad usage.
 */
export function usesFakeTime(strategy: SessionStrategy, fakeTime: boolean | undefined): boolean {
  const loadable = pluginModuleOf(strategy) !== undefined;
  if (fakeTime === true && !loadable) {
    throw new ImplError('ERR_BAD_OPTION', `fakeTime needs the plug-in as a module: pass { module, export } instead of the strategy object "${strategy.name}", so its systems can run in processes of their own (fake timers replace the process's Date)`);
  }
  return fakeTime ?? (loadable && strategy.capabilities?.wallClock === true);
}

/**
 * Why a property that needs time to pass is not decided under fake time on this target, or null.
 * A redis-server keeps real TTLs: under fake time the plug-in's `Date` moves with `tick` but the
 * store's expiry does not, so a session the plug-in leaves to Redis to expire (connect-redis does)
 * would be "accepted after its expiry" by the harness's own doing. Debian's libfaketime (0.9.10)
 * cannot run Debian's redis-server 7 (jemalloc's clock_gettime recursion at start-up), so the
 * store's clock cannot follow; the embedded store (targets impl, sockets) reads the faked `Date`.
 */
export function storeClockGap(target: PluginTarget, fakeTime: boolean, needsClock: string | undefined): string | null {
  if (!fakeTime || !needsClock || (target !== 'redis' && target !== 'cluster')) return null;
  return `not decidable on target ${target} under fake time: the plug-in's Date follows the harness's clock but the redis-server's TTLs do not (libfaketime cannot run redis-server here), so an expiry left to Redis would look broken; ${needsClock}. Decide it on target impl, whose embedded store follows the same clock`;
}

/** Opens fresh systems of the strategy on the target (checks the target can load it first). */
export function pluginOpener(strategy: SessionStrategy, o: { target: PluginTarget; scope: Scope; seed: number; fakeTime: boolean }): () => Promise<SystemUnderTest> {
  if (o.target === 'cluster' && pluginModuleOf(strategy) === undefined) {
    throw new ImplError('ERR_BAD_OPTION', `target cluster runs the nodes in processes of their own, which load the plug-in by module: pass { module, export } instead of the strategy object "${strategy.name}"`);
  }
  return () => openSystem(strategy, { target: o.target, scope: o.scope, seed: o.seed, fakeTime: o.fakeTime });
}
