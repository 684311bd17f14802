import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/io.ts';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTTY: false, env: {} };
  const code = await main(args, io);
  return { code, out, err };
}

describe('sessioncheck verify', () => {
  it('prints one JSON object in the shape docs/json-contract.md documents with --json and exits 0', async () => {
    const { code, out, err } = await run(['verify', '--json', '--strategy', 'sticky', '--property', 'failover.sessions-survive', '--runs', '50']);
    expect(code).toBe(0);
    expect(err).toBe('');
    const report = JSON.parse(out);
    expect(Object.keys(report)).toEqual(['tool', 'version', 'target', 'seed', 'runs', 'results', 'table', 'ok']);
    expect(report).toMatchObject({ tool: 'sessioncheck', version: '0.1.0', target: 'model', seed: 1, runs: 50, ok: true });
    expect(report.results[0]).toMatchObject({ strategy: 'sticky', property: 'failover.sessions-survive', expected: 'refuted', verdict: 'refuted', counterexample: { actions: ['login(u0)', 'crash(n0)', 'whoami(u0)'] } });
    expect(report.results[0].counterexample.replay).toMatch(/^sc1\./);
  });

  it('prints the comparison table like the source', async () => {
    const { code, out } = await run(['verify', '--exhaustive', '4']); // the table does not depend on the depth
    expect(code).toBe(0);
    expect(out).toMatch(/\| Sticky sessions\s+\| No\s+\| Yes \(kill server\) \| No\s+\| Sessions lost\s+\|/);
    expect(out).toMatch(/\| JWT\s+\| Yes\s+\| Hard\s+\| No\s+\| Sessions survive\s+\|/);
    expect(out).toMatch(/^ok: all \d+ decided verdicts equal their expectations/m);
  });

  it('is byte-identical for the same seed', async () => {
    const a = await run(['verify', '--json', '--seed', '42', '--runs', '60', '--exhaustive', '4', '--jobs', '1']);
    const b = await run(['verify', '--json', '--seed', '42', '--runs', '60', '--exhaustive', '4', '--jobs', '1']);
    expect(a.out).toBe(b.out);
  });

  it('gives the same bytes on target impl whatever --concurrency says', async () => {
    const args = ['verify', '--json', '--target', 'impl', '--strategy', 'in-memory', '--property', 'conformance.model-impl', '--property', 'failover.sessions-survive', '--runs', '40', '--seed', '3'];
    const one = await run([...args, '--concurrency', '1']);
    const five = await run([...args, '--concurrency', '5']);
    expect(one.code).toBe(0);
    expect(five.out).toBe(one.out);
    const verdicts = JSON.parse(one.out).results.map((r: { property: string; verdict: string }) => `${r.property} ${r.verdict}`);
    expect(verdicts).toEqual(['failover.sessions-survive refuted', 'conformance.model-impl holds']);
  });

  it('gives the same bytes on target impl whatever --jobs says (strategies in worker processes or one after another)', async () => {
    const args = ['verify', '--json', '--target', 'impl', '--strategy', 'in-memory', '--strategy', 'jwt', '--property', 'conformance.model-impl', '--property', 'revocation.instant', '--runs', '10', '--seed', '5'];
    const one = await run([...args, '--jobs', '1']);
    const two = await run([...args, '--jobs', '2']);
    expect(two.out).toBe(one.out);
    expect(JSON.parse(two.out).results.map((r: { strategy: string; property: string; verdict: string }) => `${r.strategy} ${r.property} ${r.verdict}`))
      .toEqual(['in-memory revocation.instant holds', 'in-memory conformance.model-impl holds', 'jwt revocation.instant refuted', 'jwt conformance.model-impl holds']);
  });

  it('gives the same bytes on target impl for a verdict read from the store (its keys carry random session IDs)', async () => {
    const args = ['verify', '--json', '--target', 'impl', '--strategy', 'central-store', '--property', 'store.none', '--runs', '10'];
    const a = await run(args);
    const b = await run(args);
    expect(JSON.parse(a.out).results[0].counterexample.detail).toBe('the store holds 2 entries (sess:…, user-sess:…)');
    expect(b.out).toBe(a.out);
  });

  it.each([
    [['verify', '--strategy', 'nope'], /unknown strategy "nope"; valid: in-memory, sticky, central-store, jwt, jwt-refresh, jwt-denylist/],
    [['verify', '--property', 'nope'], /unknown property "nope"; valid: stateless\.any-node-serves/],
    [['verify', '--target', 'mars'], /unknown target "mars"; valid: model, impl/],
    [['verify', '--frobnicate'], /valid flags: --target, --strategy/],
    [['verify', '--runs', '0'], /--runs takes a whole number/],
    [['verify', '--seed', 'abc'], /--seed takes a whole number/],
    [['verify', '--target', 'impl', '--concurrency', '0'], /--concurrency takes a whole number from 1 to 64, got "0"/],
    [['verify', '--target', 'impl', '--concurrency', 'many'], /--concurrency takes a whole number from 1 to 64/],
    [['verify', '--concurrency', '4'], /--concurrency applies to system targets/],
    [['verify', '--target', 'redis', '--jobs', '2'], /--jobs applies to targets model, impl, sockets, not to target redis/],
    [['verify', '--target', 'impl', '--jobs', '0'], /--jobs takes a whole number from 1 to 16, got "0"/],
    [['fly'], /unknown command "fly"; valid: verify/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
