/** `sessioncheck explore`: the JSON contract of docs/json-contract.md, the table, and usage errors (exit 2). */
import { describe, expect, it } from 'vitest';
import type { Io } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';
import { strategyIds } from '../../model/registry.ts';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTTY: false, env: {} };
  const code = await main(['explore', ...argv], io);
  return { code, out, err };
}

describe('sessioncheck explore', () => {
  it('--json prints exactly the fields docs/json-contract.md lists, for one strategy', async () => {
    const { code, out, err } = await run('--strategy', 'sticky', '--depth', '3', '--json');
    expect(code).toBe(0);
    expect(err).toBe('');
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['strategy', 'depth', 'states', 'distinctStates', 'seconds', 'statesPerSecond', 'engine', 'results']);
    expect(json).toMatchObject({ strategy: 'sticky', depth: 3, states: 916, distinctStates: 421, engine: 'flat' });
    const failover = json.results.find((r: { property: string }) => r.property === 'failover.sessions-survive');
    expect(failover).toMatchObject({ property: 'failover.sessions-survive', verdict: 'refuted', counterexample: ['login(u0)', 'crash(n0)', 'whoami(u0)'] });
    expect(Object.keys(failover)).toEqual(['property', 'verdict', 'counterexample', 'replay']);
    const holding = json.results.find((r: { verdict: string }) => r.verdict === 'holds');
    expect(Object.keys(holding)).toEqual(['property', 'verdict', 'counterexample']);
  });

  it('every counterexample comes with a replay token that replays it (sessioncheck replay exits 0: the check fires)', async () => {
    const { out } = await run('--strategy', 'sticky', '--depth', '3', '--json');
    const refuted = JSON.parse(out).results.filter((r: { verdict: string }) => r.verdict === 'refuted');
    expect(refuted.length).toBeGreaterThan(2);
    for (const r of refuted) {
      let text = '';
      const io: Io = { out: (t) => { text += t; }, err: (t) => { text += t; }, isTTY: false, env: {} };
      expect(await main(['replay', r.replay], io), `${r.property}: ${text}`).toBe(0);
      for (const action of r.counterexample) expect(text).toContain(action);
    }
  });

  it('without --strategy, --json prints an array with every registered strategy in table order', async () => {
    const { code, out } = await run('--depth', '2', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).map((r: { strategy: string }) => r.strategy)).toEqual(strategyIds);
    expect(strategyIds.slice(0, 6)).toEqual(['in-memory', 'sticky', 'central-store', 'jwt', 'jwt-refresh', 'jwt-denylist']);
  });

  it('prints a readable table by default', async () => {
    const { code, out } = await run('--strategy', 'central-store', '--depth', '3');
    expect(code).toBe(0);
    expect(out).toMatch(/^central-store: 2 users, 2 nodes, depth 3;/);
    expect(out).toMatch(/store\.outage-tolerant\s+refuted\s+refuted\s+2\s+storeDown\(\), login\(u0\)/);
    expect(out).toMatch(/store\.outage-tolerant-ordinary\s+refuted\s+refuted\s+3\s+login\(u0\), storeDown\(\), whoami\(u0\)/);
  });

  it('--abstraction adds abstraction, fixpoint, levels, scope and proved to the JSON, with the concrete search\'s verdicts and depths', async () => {
    const concrete = JSON.parse((await run('--strategy', 'sticky', '--depth', '3', '--json')).out);
    const { code, out } = await run('--strategy', 'sticky', '--depth', '3', '--abstraction', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['strategy', 'depth', 'states', 'distinctStates', 'seconds', 'statesPerSecond', 'engine', 'engineFallback', 'results', 'abstraction', 'fixpoint', 'levels', 'scope']);
    expect(json).toMatchObject({ engine: 'readable', engineFallback: 'the flat engine does not search the abstraction (--abstraction, --complete)', abstraction: true, fixpoint: false, levels: 3, scope: { users: 2, nodes: 2, maxNodes: 3, ticks: [60, 300, 3600], maxItems: 50, maxClock: null } });
    expect(json.distinctStates).toBeLessThan(concrete.distinctStates);
    const brief = (r: { property: string; verdict: string; counterexample: string[] | null }) => [r.property, r.verdict, r.counterexample?.length ?? null];
    expect(json.results.map(brief)).toEqual(concrete.results.map(brief));
    // Bounded: nothing is proved, only "no counterexample up to depth 3".
    expect(json.results.every((r: { proved: boolean }) => r.proved === false)).toBe(true);
    for (const r of json.results.filter((x: { replay?: string }) => x.replay)) {
      const io: Io = { out: () => {}, err: () => {}, isTTY: false, env: {} };
      expect(await main(['replay', r.replay], io), r.property).toBe(0);
    }
  });

  it.each([
    [['--complete', '--depth', '3'], /--complete .* takes no --depth/],
    [['--complete', '--shard', '1/2'], /--shard cannot be combined/],
    [['--abstraction', '--shard', '1/2'], /--shard cannot be combined/],
    [['--ticks', '0'], /--ticks takes a whole number from 1 to 86400/],
    [['--ticks', '60,60'], /--ticks takes distinct whole numbers/],
  ])('%j is bad usage (exit 2)', async (argv, message) => {
    const { code, err } = await run('--strategy', 'sticky', ...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('--max-items sets the scope\'s cart limit: jwt\'s abstract space is finite with no cart, and the table and JSON say so; the flat engine falls back and says why', async () => {
    const { code, out } = await run('--strategy', 'jwt', '--complete', '--max-items', '0', '--nodes', '1', '--ticks', '3600', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ fixpoint: true, distinctStates: 15_920, levels: 14, scope: { users: 1, nodes: 1, ticks: [3600], maxItems: 0 } });
    const sticky = await run('--strategy', 'sticky', '--depth', '2', '--max-items', '3');
    expect(sticky.out).toMatch(/^sticky: 2 users, 2 nodes, depth 2;.*readable engine \(the flat engine searches the default cart limit only \(--max-items\)\)/);
    const bad = await run('--max-items', '51');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--max-items takes a whole number from 0 to 50');
  }, 60_000);

  it('--threads 2 prints what one thread prints (seconds aside) and says how many threads ran; where threads cannot run, it says why', async () => {
    const one = await run('--strategy', 'central-store', '--depth', '4', '--json');
    const two = await run('--strategy', 'central-store', '--depth', '4', '--json', '--threads', '2');
    expect([one.code, two.code]).toEqual([0, 0]);
    const { seconds: _s1, statesPerSecond: _r1, ...a } = JSON.parse(one.out);
    const { seconds: _s2, statesPerSecond: _r2, threads, ...b } = JSON.parse(two.out);
    expect(b).toEqual(a);
    expect(threads).toBe(2);
    expect(Object.keys(JSON.parse(two.out))).toEqual(['strategy', 'depth', 'states', 'distinctStates', 'seconds', 'statesPerSecond', 'engine', 'threads', 'results']);
    const jwt = await run('--strategy', 'jwt', '--depth', '2', '--ticks', '30', '--json', '--threads', '2');
    expect(JSON.parse(jwt.out)).toMatchObject({ engine: 'readable', threads: 1, threadsFallback: expect.stringMatching(/default tick vocabulary only/) });
    const table = await run('--strategy', 'sticky', '--depth', '3', '--threads', '2');
    expect(table.out.split('\n')[0]).toMatch(/flat engine, 2 threads$/);
    const readable = await run('--strategy', 'sticky', '--depth', '2', '--threads', '2', '--engine', 'readable');
    expect(readable.out.split('\n')[0]).toMatch(/readable engine, on this thread \(threads run the flat engine, and --engine readable was asked for\)$/);
    const bad = await run('--threads', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--threads takes a whole number from 1 to 64, got "0"/);
  }, 60_000);

  it('an unknown strategy exits 2 and lists the valid ones', async () => {
    const { code, err } = await run('--strategy', 'memcached');
    expect(code).toBe(2);
    expect(err).toContain(strategyIds.join(', '));
  });

  it('an unknown flag exits 2 and lists the valid flags', async () => {
    const { code, err } = await run('--fast');
    expect(code).toBe(2);
    expect(err).toContain('--strategy, --users, --nodes, --depth');
  });

  it('a bad number exits 2 and says what is allowed', async () => {
    const { code, err } = await run('--depth', 'deep');
    expect(code).toBe(2);
    expect(err).toContain('--depth takes a whole number from 0 to 64');
  });
});
