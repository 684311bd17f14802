/**
 * `explore` with a choice of engine: the readable explorer (explore.ts), or the flat one
 * (flat/explore.ts) where it represents the strategy and the options. A request for the flat
 * engine that it cannot serve runs the readable engine and says why (`engineFallback`), so a
 * result always names the engine that produced it.
 */
import { modelStrategy } from '../registry.ts';
import type { StrategyId } from '../types.ts';
import { explore as exploreReadable } from './explore.ts';
import { exploreFlat, flatUnsupported } from './flat/explore.ts';
import type { ExploreOptions, ExploreResult } from './types.ts';

/**
 * Explores every action sequence of up to `depth` steps of one strategy, on `options.engine`.
 *
 * @example
 * const result = explore('sticky', { depth: 6, engine: 'flat', properties });
 * result.engine; // 'flat'
 */
export function explore(strategyId: StrategyId, options: ExploreOptions): ExploreResult {
  if (options.engine === undefined) return exploreReadable(strategyId, options);
  if (options.engine === 'readable') return { ...exploreReadable(strategyId, options), engine: 'readable', engineFallback: null };
  const reason = flatUnsupported(modelStrategy(strategyId), options);
  if (reason !== null) return { ...exploreReadable(strategyId, options), engine: 'readable', engineFallback: reason };
  return { ...exploreFlat(strategyId, options), engine: 'flat', engineFallback: null };
}
