/**
 * Sharding `verify` across machines: which cells shard i of n decides. On the model every
 * (strategy, property) cell is decided on its own (per-cell seeds, `seed.ts`; one exhaustive
 * search per property), so cells are dealt out one by one. On a system target a strategy's cells
 * are judged together on the same generated runs, so a strategy is never split: whole strategies
 * are dealt out. Either way the deal is a pure function of the selection, so every shard agrees
 * on it, and `sessioncheck merge` puts the shards back together into the unsharded report.
 */
import type { StrategyId } from '../model/types.ts';
import { catalog } from './catalog.ts';
import type { Target } from './results.ts';
import type { PropertyId } from './types.ts';

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What a sharded `verify --json` adds at the end: which shard, and the whole selection it is part of. */
export interface VerifyShard extends Shard {
  /** Every strategy of the unsharded run, in the order asked. */
  readonly strategies: readonly StrategyId[];
  /** Every property of the unsharded run, in catalog order. */
  readonly properties: readonly PropertyId[];
}

/** The key of a cell. */
export function cellKey(strategy: string, property: string): string {
  return `${strategy} ${property}`;
}

/** Every cell of a selection in report order: strategies as asked, properties in catalog order. */
export function cellsOf(strategies: readonly StrategyId[], properties: readonly PropertyId[]): { strategy: StrategyId; property: PropertyId }[] {
  const ordered = catalog.filter((p) => properties.includes(p.id)).map((p) => p.id);
  return strategies.flatMap((strategy) => ordered.map((property) => ({ strategy, property })));
}

/**
 * The cells shard `shard` decides: on the model, every `count`-th cell starting at `index - 1`;
 * on a system target, every cell of every `count`-th strategy.
 */
export function shardCells(target: Target, strategies: readonly StrategyId[], properties: readonly PropertyId[], shard: Shard): Set<string> {
  const cells = cellsOf(strategies, properties);
  const mine = target === 'model'
    ? cells.filter((_, i) => i % shard.count === shard.index - 1)
    : cells.filter((c) => strategies.indexOf(c.strategy) % shard.count === shard.index - 1);
  return new Set(mine.map((c) => cellKey(c.strategy, c.property)));
}
