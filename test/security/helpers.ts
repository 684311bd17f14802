import { builtinStrategy } from '../../impl/index.ts';
import { defaultScope } from '../../model/scope.ts';
import type { StrategyId } from '../../model/types.ts';
import type { ImplCheckOptions } from '../../properties/implChecks.ts';

export const strategies: readonly StrategyId[] = ['in-memory', 'sticky', 'central-store', 'central-store-naive', 'jwt', 'jwt-refresh', 'jwt-denylist'];

/** Options for calling an implementation check directly, with few runs (tests stay fast). */
export function checkOptions(strategy: StrategyId, runs: number, seed = 1): ImplCheckOptions {
  return {
    strategy, implementation: builtinStrategy(strategy), target: 'impl', scope: defaultScope, seed, runs,
    open: () => Promise.reject(new Error('security checks run on their own bench')),
  };
}
