import { describe, expect, it } from 'vitest';
import { defaultScope } from '../../model/scope.ts';
import type { StrategyId } from '../../model/types.ts';
import { encodeReplay } from '../../properties/replay.ts';
import type { PropertyId } from '../../properties/types.ts';
import { sessioncheck } from './capture.ts';

const token = (strategy: StrategyId, property: PropertyId, actions: string[]) => encodeReplay({ strategy, property, target: 'model', scope: defaultScope, actions });

describe('sessioncheck replay', () => {
  it('re-runs the sticky failover counterexample, prints its trace and confirms the check fires at the last step', async () => {
    const { code, out, err } = await sessioncheck('replay', token('sticky', 'failover.sessions-survive', ['login(u0)', 'crash(n0)', 'whoami(u0)']));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('sticky × failover.sessions-survive: Sessions survive the failure of one node');
    expect(out).toMatch(/^step\s+action\s+LB\s+response\s+trips\s+n0 memory\s+n1 memory\s+store keys\s+clock$/m);
    expect(out).toMatch(/^1\s+login\(u0\)\s+n0\s+200 u0\s+0\s+session #1 \(u0, 0 items\)/m);
    expect(out).toMatch(/^2\s+crash\(n0\)\s+-\s+-\s+0\s+down/m);
    expect(out).toMatch(/^3\s+whoami\(u0\)\s+n1\s+401\s+0\s+down/m);
    expect(out).toContain("the check of failover.sessions-survive fires at the last step (3, whoami(u0)): u0's session #1 is valid and saw only a node crash, yet n1 answers 401");
  });

  it('exits 1 when the actions do not reproduce a violation (central store keeps the session)', async () => {
    const { code, out } = await sessioncheck('replay', token('central-store', 'failover.sessions-survive', ['login(u0)', 'crash(n0)', 'whoami(u0)']));
    expect(code).toBe(1);
    expect(out).toContain('does NOT fire at the last step');
  });

  it('shows the model trace of a property decided on the implementation and says so', async () => {
    const { code, out } = await sessioncheck('replay', token('jwt', 'concurrency.no-lost-update', ['login(u0)', 'addItem(u0)']));
    expect(code).toBe(0);
    expect(out).toContain('concurrency.no-lost-update is decided on the implementation');
  });

  it.each([
    ['nope', 'it must start with "sc1."'],
    ['sc1.!!!', 'its body is not base64url JSON'],
    [`sc1.${Buffer.from(JSON.stringify({ s: 'sticky', p: 'nope', t: 'model', a: [], c: {} })).toString('base64url')}`, 'unknown property "nope"'],
    [`sc1.${Buffer.from(JSON.stringify({ s: 'sticky', p: 'store.none', t: 'model', a: ['fly(u0)'], c: {} })).toString('base64url')}`, 'cannot read action "fly(u0)"'],
  ])('rejects the bad token %s with exit 2 and says why', async (bad, reason) => {
    const { code, out, err } = await sessioncheck('replay', bad);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`sessioncheck replay: not a sessioncheck replay token: ${reason}`);
  });

  it('asks for exactly one token', async () => {
    const { code, err } = await sessioncheck('replay');
    expect(code).toBe(2);
    expect(err).toContain('replay takes exactly one token');
  });
});
