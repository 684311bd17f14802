/**
 * The strategies (docs/model.md, "Strategies"): the six in the order the comparison table lists them, then
 * central-store-naive (added for the lost-update race; IDs are never renamed or reused).
 */
import type { ModelStrategy } from './strategy.ts';
import { centralStore, centralStoreNaive, inMemory, jwt, jwtDenylist, jwtRefresh, sticky } from './strategies/index.ts';
import type { StrategyId } from './types.ts';

export const modelStrategies: readonly ModelStrategy[] = [inMemory, sticky, centralStore, jwt, jwtRefresh, jwtDenylist, centralStoreNaive];

export const strategyIds: readonly StrategyId[] = modelStrategies.map((s) => s.id);

export function isStrategyId(value: string): value is StrategyId {
  return (strategyIds as readonly string[]).includes(value);
}

export function modelStrategy(id: StrategyId): ModelStrategy {
  const found = modelStrategies.find((s) => s.id === id);
  if (!found) throw new RangeError(`unknown strategy "${id}"; valid: ${strategyIds.join(', ')}`);
  return found;
}
