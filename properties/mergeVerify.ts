/**
 * `sessioncheck merge` for verify: the shards' reports (`verify --json --shard I/N`) put back
 * together into the report the unsharded run prints, byte for byte. The caller has checked that
 * the shards are every shard of one run (cli/commands/merge.ts).
 */
import { cellKey, cellsOf } from './shard.ts';
import type { VerifyReport } from './results.ts';
import { matches } from './runner.ts';
import { deriveTable } from './table.ts';

/** Merges every shard of one run (any order) into the unsharded report. */
export function mergeVerifyReports(shards: readonly VerifyReport[]): VerifyReport {
  const [first] = shards;
  const { strategies, properties } = first.shard!;
  const order = new Map(cellsOf(strategies, properties).map((c, i) => [cellKey(c.strategy, c.property), i]));
  const results = shards.flatMap((s) => s.results)
    .sort((a, b) => order.get(cellKey(a.strategy, a.property))! - order.get(cellKey(b.strategy, b.property))!);
  const errors = shards.flatMap((s) => s.errors ?? [])
    .sort((a, b) => strategies.indexOf(a.strategy as never) - strategies.indexOf(b.strategy as never));
  return {
    tool: 'sessioncheck',
    version: first.version,
    target: first.target,
    seed: first.seed,
    runs: first.runs,
    ...(first.swarm ? { swarm: true as const } : {}),
    results,
    table: deriveTable(results, strategies),
    ok: errors.length === 0 && results.every(matches),
    ...(errors.length > 0 ? { errors } : {}),
  };
}
