/**
 * Vacuity is data: for every property judged from steps, a program that stays clear of its
 * witness leaves it `vacuous` (nothing could have refuted it), and the same story carried one step
 * further reaches the witness. Judged on the running implementation, from its own trace.
 */
import { describe, expect, it } from 'vitest';
import { builtinStrategy, openSystem } from '../../impl/index.ts';
import { modelStrategy, type StrategyId } from '../../model/index.ts';
import { defaultScope } from '../../model/scope.ts';
import { catalog, property } from '../../properties/catalog.ts';
import { executeLockstep } from '../../properties/lockstep.ts';
import type { PropertyId } from '../../properties/types.ts';

type Row = [PropertyId, StrategyId, avoid: string[], reach: string[]];

const fill = Array.from({ length: 50 }, () => 'addItem(u0)');

const rows: Row[] = [
  ['stateless.any-node-serves', 'jwt', ['crash(n1)', 'login(u0)'], ['login(u0)']],
  ['stateless.no-node-memory', 'central-store', ['storeDown()', 'login(u0)'], ['login(u0)']],
  ['revocation.instant', 'central-store', ['login(u0)', 'revoke(u0)'], ['login(u0)', 'revoke(u0)', 'whoami(u0)']],
  ['revocation.durable', 'central-store', ['login(u0)', 'logout(u0)', 'storeWipe()'], ['login(u0)', 'logout(u0)', 'storeWipe()', 'replayStolen(u0)']],
  ['hop.none-per-request', 'jwt', ['login(u0)', 'logout(u0)'], ['login(u0)', 'whoami(u0)']],
  ['failover.sessions-survive', 'jwt', ['login(u0)', 'crash(n1)'], ['login(u0)', 'crash(n1)', 'whoami(u0)']],
  ['login.follows-user', 'jwt', ['login(u0)', 'crash(n1)', 'whoami(u0)'], ['login(u0)', 'whoami(u0)']],
  ['scale.new-node-serves', 'jwt', ['addNode()'], ['login(u0)', 'addNode()']],
  ['deploy.no-logout', 'jwt', ['login(u0)', 'drain(n0)', 'logout(u0)'], ['login(u0)', 'drain(n0)', 'whoami(u0)']],
  ['store.outage-tolerant', 'jwt-refresh', ['login(u0)', 'storeDown()', 'tick(3600)', 'whoami(u0)'], ['storeDown()', 'login(u0)']],
  ['store.outage-tolerant-ordinary', 'jwt-denylist', ['login(u0)', 'storeDown()', 'logout(u0)'], ['login(u0)', 'storeDown()', 'whoami(u0)']],
  ['store.none', 'central-store', ['storeDown()', 'login(u0)'], ['login(u0)']],
  ['token.constant-size', 'jwt', ['login(u0)', 'whoami(u0)'], ['login(u0)', 'addItem(u0)']],
  ['token.fits-cookie', 'central-store', ['login(u0)', 'addItem(u0)'], ['login(u0)', ...fill]],
  ['logout.invalidates', 'central-store', ['login(u0)', 'logout(u0)'], ['login(u0)', 'logout(u0)', 'replayStolen(u0)']],
  ['revocation.bounded', 'central-store', ['login(u0)', 'revoke(u0)', 'whoami(u0)'], ['login(u0)', 'revoke(u0)', 'tick(300)', 'whoami(u0)']],
  ['safety.no-impersonation', 'central-store', ['storeDown()', 'login(u0)'], ['login(u0)']],
  ['safety.expiry', 'jwt', ['login(u0)', 'tick(60)', 'whoami(u0)'], ['login(u0)', 'tick(3600)', 'whoami(u0)']],
  ['safety.forged-rejected', 'jwt', ['login(u0)', 'whoami(u0)', 'logout(u0)'], ['login(u0)', 'forge(u0)']],
  ['safety.fixation', 'central-store', ['login(u0)', 'logout(u0)', 'login(u0)'], ['login(u0)', 'logout(u0)', 'plant(u0)', 'login(u0)']],
  ['safety.fail-closed', 'central-store', ['login(u0)', 'storeDown()'], ['login(u0)', 'revoke(u0)', 'whoami(u0)', 'storeDown()', 'whoami(u0)']],
  ['concurrency.no-lost-update', 'central-store', ['login(u0)', 'concurrent(whoami(u0),whoami(u0))'], ['login(u0)', 'concurrent(addItem(u0),addItem(u0))']],
  ['refresh.reuse-revokes-family', 'jwt-refresh', ['login(u0)', 'refresh(u0)'], ['login(u0)', 'refresh(u0)', 'replayRefresh(u0)']],
];

const open = (id: StrategyId) => () => openSystem(builtinStrategy(id), { target: 'impl', scope: defaultScope, seed: 1 });

describe('a program that avoids a property\'s witness leaves it vacuous', () => {
  it('every property judged from steps has a row here', () => {
    expect(rows.map(([id]) => id).sort()).toEqual(catalog.filter((p) => p.judged).map((p) => p.id).sort());
  });

  it.each(rows)('%s on %s', async (id, strategy, avoid, reach) => {
    const avoided = await executeLockstep(open(strategy), modelStrategy(strategy), defaultScope, [property(id)], avoid);
    expect(avoided.executed).toEqual(avoid);
    expect(avoided.run.witnessed.has(id)).toBe(false);
    expect(avoided.violations.has(id)).toBe(false);
    const reached = await executeLockstep(open(strategy), modelStrategy(strategy), defaultScope, [property(id)], reach);
    expect(reached.run.witnessed.has(id)).toBe(true);
  });
});

describe('the derived table does not print a confident cell on a vacuous verdict', () => {
  it('a vacuous column says so, and an untested revocation window is not "≤ 5 min"', async () => {
    const { deriveTable, UNTESTED } = await import('../../properties/table.ts');
    const r = (id: PropertyId, verdict: 'holds' | 'refuted' | 'vacuous') => ({ strategy: 'jwt' as const, property: id, expected: 'n/a' as const, verdict, runs: 1 });
    const [row] = deriveTable([
      r('stateless.any-node-serves', 'vacuous'), r('revocation.instant', 'refuted'), r('revocation.bounded', 'vacuous'),
      r('hop.none-per-request', 'holds'), r('failover.sessions-survive', 'vacuous'),
    ], ['jwt']);
    expect(row).toEqual({ strategy: 'jwt', serverStateless: UNTESTED, revokeInstantly: 'Hard (window untested)', extraHop: 'No', failureOfOneNode: UNTESTED });
  });
});
