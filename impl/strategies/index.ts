/** The six built-in strategies, by their model IDs. */
import type { StrategyId } from '../../model/index.ts';
import { ImplError } from '../errors.ts';
import type { SessionStrategy } from '../strategy.ts';
import { centralStoreNaiveStrategy, centralStoreStrategy } from './central-store.ts';
import { jwtDenylistStrategy } from './jwt-denylist.ts';
import { jwtRefreshStrategy } from './jwt-refresh.ts';
import { jwtStrategy } from './jwt.ts';
import { nodeMemoryStrategy } from './node-memory.ts';

// Keyed by string, not StrategyId: an ID the model gains before impl/ does is then a clear
// ERR_BAD_OPTION at run time (and a failing test), rather than blocking every build.
const builtins: Readonly<Record<string, SessionStrategy>> = {
  'in-memory': nodeMemoryStrategy('in-memory', 'round-robin'),
  sticky: nodeMemoryStrategy('sticky', 'sticky'),
  'central-store': centralStoreStrategy,
  jwt: jwtStrategy,
  'jwt-refresh': jwtRefreshStrategy,
  'jwt-denylist': jwtDenylistStrategy,
  'central-store-naive': centralStoreNaiveStrategy,
};

/** The real implementation of a model strategy. */
export function builtinStrategy(id: StrategyId): SessionStrategy {
  const strategy = builtins[id];
  if (!strategy) throw new ImplError('ERR_BAD_OPTION', `unknown strategy "${id}"; valid: ${Object.keys(builtins).join(', ')}`);
  return strategy;
}
