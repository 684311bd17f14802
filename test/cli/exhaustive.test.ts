/**
 * `verify --exhaustive D` on system targets: every edge of the model's search played on the
 * system (properties/exhaustiveSystem.ts), the same bytes whatever --jobs says, bad usage exit 2;
 * on target model, the depth of the search behind every holding verdict.
 */
import { describe, expect, it } from 'vitest';
import { sessioncheck } from './capture.ts';

const run = (args: string[]) => sessioncheck(...args);

describe('sessioncheck verify --exhaustive', () => {
  it('plays the model\'s search on target impl, says so per verdict, and gives the same bytes whatever --jobs says', async () => {
    const args = ['verify', '--json', '--target', 'impl', '--strategy', 'central-store', '--strategy', 'jwt', '--property', 'store.none', '--property', 'logout.invalidates', '--property', 'conformance.model-impl', '--runs', '0', '--exhaustive', '2'];
    const one = await run([...args, '--jobs', '1']);
    const two = await run([...args, '--jobs', '2']);
    expect(one.err).toBe('');
    expect(two.out).toBe(one.out);
    const report = JSON.parse(one.out);
    expect(report.runs).toBe(0);
    const rows = report.results.map((r: { strategy: string; property: string; verdict: string; exhaustiveSystem?: unknown }) => [r.strategy, r.property, r.verdict, r.exhaustiveSystem]);
    const played = { depth: 2, paths: 129 };
    expect(rows).toEqual([
      ['central-store', 'store.none', 'refuted', played],
      ['central-store', 'logout.invalidates', 'holds', played],
      ['central-store', 'conformance.model-impl', 'holds', played],
      ['jwt', 'store.none', 'holds', played],
      ['jwt', 'logout.invalidates', 'refuted', played],
      ['jwt', 'conformance.model-impl', 'holds', played],
    ]);
    const cell = (strategy: string, property: string) => report.results.find((r: { strategy: string; property: string }) => r.strategy === strategy && r.property === property);
    // One step: the first path of the search that leaves an entry in central-store's store.
    expect(cell('central-store', 'store.none').counterexample).toMatchObject({ actions: ['login(u1)'], detail: expect.stringMatching(/\(path 1 of 129 of the model's search tree to depth 2, played on target impl\)$/) });
    expect(cell('jwt', 'store.none').note).toMatch(/^no path of the model's search tree to depth 2 \(129 paths, one per edge of its breadth-first search/);
    expect(cell('jwt', 'store.none').witnessed).toBeGreaterThan(0);
    // Three steps: deeper than the search; the model's shortest counterexample, replayed as before, finds it.
    expect(cell('jwt', 'logout.invalidates').counterexample.actions).toEqual(['login(u0)', 'logout(u0)', 'replayStolen(u0)']);
    expect(one.out).not.toMatch(/"exhaustiveDepth"/);
  });

  it('on target model sets the depth of the search behind every ✓ (6 by default, 0 off), the same bytes whatever --jobs says', async () => {
    const args = ['verify', '--json', '--strategy', 'sticky', '--strategy', 'jwt', '--property', 'logout.invalidates', '--property', 'failover.sessions-survive', '--runs', '20'];
    const depths = async (extra: string[], exit = 0) => {
      const { code, out, err } = await run([...args, ...extra]);
      expect([code, err]).toEqual([exit, '']);
      return { out, depths: JSON.parse(out).results.map((r: { strategy: string; property: string; verdict: string; exhaustiveDepth?: number }) => `${r.strategy} ${r.property} ${r.verdict} ${r.exhaustiveDepth ?? '-'}`) };
    };
    expect((await depths([])).depths).toEqual(['sticky failover.sessions-survive refuted -', 'sticky logout.invalidates holds 6', 'jwt failover.sessions-survive holds 6', 'jwt logout.invalidates refuted -']);
    const three = await depths(['--exhaustive', '3', '--jobs', '1']);
    expect(three.depths).toEqual(['sticky failover.sessions-survive refuted -', 'sticky logout.invalidates holds 3', 'jwt failover.sessions-survive holds 3', 'jwt logout.invalidates refuted -']);
    expect((await depths(['--exhaustive', '3', '--jobs', '2'])).out).toBe(three.out);
    // Off, 20 runs alone reach no witness of three cells (vacuous: verdicts differ, exit 1), which the search decides.
    expect((await depths(['--exhaustive', '0'], 1)).depths).toEqual(['sticky failover.sessions-survive vacuous -', 'sticky logout.invalidates vacuous -', 'jwt failover.sessions-survive holds -', 'jwt logout.invalidates vacuous -']);
  });

  it.each([
    [['verify', '--exhaustive', '9'], /--exhaustive takes a whole number from 0 to 8, got "9"/],
    [['verify', '--exhaustive', '2', '--runs', '0'], /--runs takes a whole number from 1 to/],
    [['verify', '--target', 'cluster', '--exhaustive', '3'], /--exhaustive works with --target model, impl, sockets, redis, not cluster/],
    [['verify', '--target', 'impl', '--exhaustive', '0'], /--exhaustive takes a whole number from 1 to 8, got "0"/],
    [['verify', '--target', 'impl', '--exhaustive', '9'], /--exhaustive takes a whole number from 1 to 8, got "9"/],
    [['verify', '--target', 'impl', '--runs', '0'], /--runs takes a whole number from 1 to/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
