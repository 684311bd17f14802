/**
 * The comparison table, derived from verdicts: Server stateless? = stateless.any-node-serves;
 * Revoke instantly? = revocation.instant ("Yes", or "Hard (≤ 5 min)" when revocation.bounded holds,
 * else "Hard"); Extra hop? = not hop.none-per-request; Failure of one node =
 * failover.sessions-survive.
 */
import { modelStrategy } from '../model/registry.ts';
import type { StrategyId } from '../model/types.ts';
import type { Result, TableRow } from './results.ts';
import type { PropertyId, Verdict } from './types.ts';

const needed: readonly PropertyId[] = ['stateless.any-node-serves', 'revocation.instant', 'hop.none-per-request', 'failover.sessions-survive'];

/** A cell whose verdict is vacuous: no run put the property at risk, so the cell claims nothing. */
export const UNTESTED = '? (vacuous)';

/**
 * Rows for every strategy whose results decide all four columns, in the order given. A column
 * whose property is `vacuous` says so ({@link UNTESTED}) instead of a confident Yes/No.
 */
export function deriveTable(results: readonly Result[], strategies: readonly StrategyId[]): TableRow[] {
  const rows: TableRow[] = [];
  for (const strategy of strategies) {
    const verdict = new Map<PropertyId, Verdict>();
    for (const r of results) if (r.strategy === strategy) verdict.set(r.property, r.verdict);
    const decided = (id: PropertyId) => verdict.get(id) === 'holds' || verdict.get(id) === 'refuted' || verdict.get(id) === 'vacuous';
    // revocation.bounded only qualifies "Hard"; n/a (a system on wall time) says the window was not checked.
    if (!needed.every(decided) || !(decided('revocation.bounded') || verdict.get('revocation.bounded') === 'n/a')) continue;
    const cell = <T extends string>(id: PropertyId, yes: T, no: T): T | typeof UNTESTED => {
      const v = verdict.get(id);
      return v === 'vacuous' ? UNTESTED : v === 'holds' ? yes : no;
    };
    const nodeMemory = isBuiltin(strategy) && modelStrategy(strategy).nodeMemory;
    const bounded = verdict.get('revocation.bounded');
    const hard = bounded === 'vacuous' ? 'Hard (window untested)' : bounded === 'n/a' ? 'Hard (window not checked)' : bounded === 'holds' ? 'Hard (≤ 5 min)' : 'Hard';
    rows.push({
      strategy,
      serverStateless: cell('stateless.any-node-serves', 'Yes', 'No'),
      revokeInstantly: cell('revocation.instant', nodeMemory ? 'Yes (kill server)' : 'Yes', hard),
      extraHop: cell('hop.none-per-request', 'No', 'Yes'),
      failureOfOneNode: cell('failover.sessions-survive', 'Sessions survive', 'Sessions lost'),
    });
  }
  return rows;
}

function isBuiltin(id: string): id is StrategyId {
  try {
    modelStrategy(id as StrategyId);
    return true;
  } catch {
    return false;
  }
}

/** Display names of the source table's rows. */
export const strategyTitles: Readonly<Record<StrategyId, string>> = {
  'in-memory': 'In-memory (round-robin)',
  sticky: 'Sticky sessions',
  'central-store': 'Central store',
  jwt: 'JWT',
  'jwt-refresh': 'JWT + refresh tokens',
  'jwt-denylist': 'JWT + denylist',
  'central-store-naive': 'Central store, naive updates',
};
