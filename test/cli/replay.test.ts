import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultScope } from '../../model/scope.ts';
import type { StrategyId } from '../../model/types.ts';
import { encodeReplay } from '../../properties/replay.ts';
import type { PropertyId } from '../../properties/types.ts';
import { sessioncheck } from './capture.ts';

/** Runs the installed bin in its own process, so the exit code is the one a shell or CI sees. */
function bin(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [fileURLToPath(new URL('../../bin/sessioncheck.js', import.meta.url)), ...args], { encoding: 'utf8' }, (error, out, err) => {
      resolve({ code: error ? Number(error.code) : 0, out, err });
    });
  });
}

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

  it('exits 0 through the bin only when the check fires', async () => {
    const { code, out } = await bin('replay', token('sticky', 'failover.sessions-survive', ['login(u0)', 'crash(n0)', 'whoami(u0)']));
    expect(out).toContain('the check of failover.sessions-survive fires at the last step');
    expect(code).toBe(0);
  });

  it('exits 1 through the bin when the property is decided on the implementation: the model checks nothing, and it says how to check it', async () => {
    const { code, out } = await bin('replay', token('jwt', 'concurrency.no-lost-update', ['login(u0)', 'addItem(u0)']));
    expect(out).toMatch(/^2\s+addItem\(u0\)\s+n1\s+200 u0/m);
    expect(out).toContain('concurrency.no-lost-update is decided on the implementation; the model cannot break it by construction (it refuses every forgery, adopts no planted credential and plays a concurrent batch one request after another), so nothing was checked');
    expect(out).toContain('To check it: sessioncheck verify --target impl --strategy jwt --property concurrency.no-lost-update');
    expect(code).toBe(1);
  });

  it('exits 1 through the bin when an action is not enabled at its step, and shows the trace only up to it', async () => {
    // A restart of a node that is up would be skipped by every run; played anyway it empties n0 and the check "fires".
    const { code, out } = await bin('replay', token('sticky', 'login.follows-user', ['login(u0)', 'restart(n0)', 'whoami(u0)']));
    expect(out).toMatch(/^1\s+login\(u0\)\s+n0\s+200 u0/m);
    expect(out).not.toMatch(/^2\s+restart/m);
    expect(out).toContain('step 2, restart(n0), is not enabled on the model after the steps before it (a run would skip it): the counterexample does not replay as written, so nothing was checked.');
    expect(out).not.toContain('fires');
    expect(code).toBe(1);
  });

  it('exits 1 through the bin when no action of the token is enabled', async () => {
    const { code, out } = await bin('replay', token('jwt', 'revocation.instant', ['replayStolen(u0)']));
    expect(out).toContain('step 1, replayStolen(u0), is not enabled');
    expect(code).toBe(1);
  });

  it('exits 2 through the bin on a token it cannot read', async () => {
    const { code, out, err } = await bin('replay', 'nope');
    expect(out).toBe('');
    expect(err).toContain('sessioncheck replay: not a sessioncheck replay token');
    expect(code).toBe(2);
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
