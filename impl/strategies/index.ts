/** The six built-in strategies, by their model IDs. */
import type { StrategyId } from '../../model/index.ts';
import { ImplError } from '../errors.ts';
import type { SessionStrategy } from '../strategy.ts';
import { centralStoreStrategy } from './central-store.ts';
import { jwtDenylistStrategy } from './jwt-denylist.ts';
import { jwtRefreshStrategy } from './jwt-refresh.ts';
import { jwtStrategy } from './jwt.ts';
import { nodeMemoryStrategy } from './node-memory.ts';

const builtins: Record<StrategyId, SessionStrategy> = {
  'in-memory': nodeMemoryStrategy('in-memory', 'round-robin'),
  sticky: nodeMemoryStrategy('sticky', 'sticky'),
  'central-store': centralStoreStrategy,
  jwt: jwtStrategy,
  'jwt-refresh': jwtRefreshStrategy,
  'jwt-denylist': jwtDenylistStrategy,
};

/** The real implementation of a model strategy. */
export function builtinStrategy(id: StrategyId): SessionStrategy {
  const strategy = builtins[id];
  if (!strategy) throw new ImplError('ERR_BAD_OPTION', `unknown strategy "${id}"; valid: ${Object.keys(builtins).join(', ')}`);
  return strategy;
}
