/**
 * The explorer's abstraction, by hand (not part of `npm test` or `npm run bench`: minutes of CPU).
 *
 *   npx tsx bench/abstraction.ts compare 6 [STRATEGY...]
 *     Both searches (2 users, 2 nodes, every model-decided property) to depth 6 for every strategy:
 *     verdicts, shortest counterexample lengths and "sometimes" witnesses must agree (exit 1 if not).
 *   npx tsx bench/abstraction.ts complete [STRATEGY...]
 *     `explore --complete` at its documented scope: the size of the whole abstract space and the time
 *     (MAX_STATES=N stops a search after N distinct states, before its fixpoint; MAX_ITEMS=N replaces
 *     the scope's cart bound of 50, which multiplies the token strategies' spaces).
 */
import { explore } from '../model/explore/index.ts';
import { COMPLETE_SCOPE } from '../model/explore/abstraction.ts';
import { strategyIds } from '../model/registry.ts';
import type { StrategyId } from '../model/types.ts';
import { compareSearches } from '../test/explore/compareAbstraction.ts';
import { modelProperties } from '../test/explore/helpers.ts';

const [mode, ...rest] = process.argv.slice(2);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
let failed = false;
if (mode === 'compare') {
  const depth = Number(rest[0] ?? 6);
  const asked = (rest.slice(1).length > 0 ? rest.slice(1) : strategyIds) as StrategyId[];
  for (const strategy of asked) {
    const started = performance.now();
    const { concrete, abstract, differences } = compareSearches(strategy, depth);
    failed ||= differences.length > 0;
    console.log(`${strategy} depth ${depth}: ${differences.length === 0 ? 'same verdicts, lengths and witnesses' : `${differences.length} DIFFERENCES`}; `
      + `${concrete.distinctStates} distinct concrete, ${abstract.distinctStates} abstract; ${seconds(started)} s`);
    for (const d of differences) console.log(`  ${d}`);
  }
} else if (mode === 'complete') {
  const asked = (rest.length > 0 ? rest : strategyIds) as StrategyId[];
  for (const strategy of asked) {
    const started = performance.now();
    const r = explore(strategy, { ...COMPLETE_SCOPE, abstraction: true, untilFixpoint: true, maxStates: Number(process.env.MAX_STATES ?? 20_000_000),
      ...(process.env.MAX_ITEMS ? { maxItems: Number(process.env.MAX_ITEMS) } : {}), properties: modelProperties });
    console.log(`${strategy} (max ${r.scope.maxItems} items): ${r.fixpoint ? 'fixpoint' : 'NO fixpoint'} after ${r.verifiedDepth} levels, ${r.distinctStates} abstract states, ${r.states} edges + 1, ${seconds(started)} s`);
    for (const o of r.results) console.log(`  ${o.property}: ${r.fixpoint && o.verdict === 'holds' ? 'proved' : o.verdict}${o.counterexample ? ` at ${o.depth}` : ''}`);
  }
} else {
  console.error('usage: npx tsx bench/abstraction.ts compare DEPTH [STRATEGY...] | complete [STRATEGY...]');
  process.exit(2);
}
process.exit(failed ? 1 : 0);
