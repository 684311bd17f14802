/**
 * A plug-in named by where it lives — a module and the name of its export — rather than by the
 * object itself, so another process can load it: a node process of target `cluster`, or the
 * process a system runs in under fake time. {@link loadPlugin} imports it and remembers where it
 * came from; {@link pluginModuleOf} tells the targets that need it.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ImplError } from '../errors.ts';
import type { SessionStrategy } from '../strategy.ts';

/** Where a plug-in is: a module (a path, or a `file:` URL) and its export holding the `SessionStrategy`. */
export interface PluginModule {
  /** Path of the module (relative paths are resolved against the current directory) or its `file:` URL. */
  readonly module: string;
  /** The export holding the strategy (default `default`). */
  readonly export?: string;
}

const sources = new WeakMap<SessionStrategy, Required<PluginModule>>();

/** The module reference with the module as an absolute `file:` URL (what another process can import). */
export function absolutePlugin(ref: PluginModule): Required<PluginModule> {
  const module = ref.module.startsWith('file:') ? ref.module : pathToFileURL(isAbsolute(ref.module) ? ref.module : resolve(ref.module)).href;
  return { module, export: ref.export ?? 'default' };
}

/**
 * Reads `path#export` (the CLI's form; `#export` defaults to `default`).
 * @example parsePluginSpec('./my-layer.ts#strategy') // { module: './my-layer.ts', export: 'strategy' }
 */
export function parsePluginSpec(spec: string): PluginModule {
  const hash = spec.lastIndexOf('#');
  return hash > 0 ? { module: spec.slice(0, hash), export: spec.slice(hash + 1) } : { module: spec };
}

/**
 * Imports a plug-in and checks that its export is a strategy. The strategy returned remembers its
 * module (see {@link pluginModuleOf}). Throws `ERR_BAD_PLUGIN` when the module cannot be imported
 * or the export is not a `SessionStrategy`.
 */
export async function loadPlugin(ref: PluginModule): Promise<SessionStrategy> {
  const where = absolutePlugin(ref);
  let module: Record<string, unknown>;
  try {
    module = (await import(where.module)) as Record<string, unknown>;
  } catch (error) {
    throw new ImplError('ERR_BAD_PLUGIN', `cannot import the plug-in module ${ref.module}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const value = module[where.export] as Partial<SessionStrategy> | undefined;
  if (typeof value !== 'object' || value === null || typeof value.name !== 'string' || typeof value.createNode !== 'function' || (value.lbPolicy !== 'round-robin' && value.lbPolicy !== 'sticky')) {
    const exports = Object.keys(module).join(', ') || '(none)';
    throw new ImplError('ERR_BAD_PLUGIN', `export "${where.export}" of ${ref.module} is not a SessionStrategy (an object with name, lbPolicy 'round-robin' or 'sticky', and createNode); its exports: ${exports}`);
  }
  const strategy = value as SessionStrategy;
  sources.set(strategy, where);
  return strategy;
}

/** The module a strategy was loaded from by {@link loadPlugin}, if it was. */
export function pluginModuleOf(strategy: SessionStrategy): Required<PluginModule> | undefined {
  return sources.get(strategy);
}
