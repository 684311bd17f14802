/**
 * Beyond one machine: `verify --shard I/N` and `explore --shard I/N` on separate processes, put
 * back together by `sessioncheck merge`, print what the unsharded run prints (explore: but the
 * measured seconds). Everything goes through the real bin, as a CI matrix would run it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin } from './bin.ts';
import { sessioncheck } from './capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'sessioncheck-shard-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** explore --json without the measured fields. */
/** Timing, and which engine ran (shards run on the readable one, the whole search on the flat one), left out. */
const untimed = (text: string) => JSON.stringify(JSON.parse(text), (k, v) => (k === 'seconds' || k === 'statesPerSecond' ? 0 : k === 'engine' || k === 'engineFallback' ? undefined : v));

// Depth 4 behind every ✓ (not the default 6): what is compared is the sharding, and each shard
// searches its strategies again. One process each (--jobs 1): four of them run at once already.
const selection = ['--strategy', 'sticky', '--strategy', 'jwt-refresh', '--strategy', 'central-store', '--runs', '10', '--seed', '3', '--exhaustive', '4', '--jobs', '1'];

describe('verify --shard and merge', () => {
  let whole: string;
  let shards: string[];
  beforeAll(async () => {
    const runs = await Promise.all([bin('verify', ...selection, '--json'), ...[1, 2, 3].map((i) => bin('verify', ...selection, '--json', '--shard', `${i}/3`))]);
    whole = runs[0].out;
    shards = runs.slice(1).map((r, i) => file(`verify-${i + 1}.json`, r.out));
  });

  it('each shard decides its own cells only, and says which shard of which run it is', () => {
    const counts = shards.map((f) => JSON.parse(readFileSync(f, 'utf8')).results.length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(JSON.parse(whole).results.length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(JSON.parse(readFileSync(shards[1], 'utf8')).shard).toMatchObject({ index: 2, count: 3, strategies: ['sticky', 'jwt-refresh', 'central-store'] });
  });

  it('merged in any order, the shards print the unsharded JSON byte for byte, with its exit code', async () => {
    const merged = await bin('merge', shards[2], shards[0], shards[1], '--json');
    expect(merged.err).toBe('');
    expect(merged.out).toBe(whole);
    expect(merged.code).toBe(JSON.parse(whole).ok ? 0 : 1);
  });

  it('merge --out writes verify.json and the report set of the unsharded run', async () => {
    const out = join(dir, 'merged');
    const report = join(dir, 'report');
    const merged = await sessioncheck('merge', ...shards, '--out', out);
    const direct = await sessioncheck('report', ...selection, '--out', report);
    expect(merged.out).toContain('ok:');
    expect(readFileSync(join(out, 'verify.json'), 'utf8')).toBe(whole);
    for (const name of ['index.md', 'report.json', 'report.html', 'strategies/jwt-refresh.md']) {
      expect(readFileSync(join(out, name), 'utf8'), name).toBe(readFileSync(join(report, name), 'utf8'));
    }
    expect(direct.code).toBe(merged.code);
  });

  it('refuses, in its own words (exit 2), a missing shard, a shard given twice, and shards of different runs', async () => {
    const otherSeed = file('verify-seed-4.json', (await sessioncheck('verify', ...selection, '--seed', '4', '--json', '--shard', '3/3')).out);
    const cases: [string[], string][] = [
      [[shards[0], shards[2]], 'shard 2/3 missing; given: 1/3, 3/3'],
      [[shards[0], shards[1], shards[1], shards[2]], `shard 2/3 is given twice: ${shards[1]} and ${shards[1]}`],
      [[shards[0], shards[1], otherSeed], `the shards are not of one run: ${shards[0]} has seed 3, ${otherSeed} has seed 4`],
      [[file('whole.json', whole)], 'is a whole verify run, not a shard (run verify with --shard I/N)'],
      [[file('junk.json', '{"tool":')], 'is not JSON; merge takes what "verify --json --shard I/N" or "explore --json --shard I/N" printed'],
      [[], 'merge takes the --json output of every shard of one run'],
    ];
    for (const [files, message] of cases) {
      const r = await sessioncheck('merge', ...files);
      expect(r.code, message).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err).toContain('("sessioncheck merge --help" lists every option)');
    }
  });

  it.each([['0/3'], ['4/3'], ['2'], ['1/0'], ['a/b']])('verify and explore refuse --shard %s (exit 2)', async (spec) => {
    for (const command of ['verify', 'explore']) {
      const r = await sessioncheck(command, '--shard', spec, '--strategy', 'sticky');
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--shard takes I/N, shard I of N with 1 ≤ I ≤ N ≤ 1000 (e.g. --shard 2/4), got "${spec}"`);
    }
  });
});

describe('explore --shard and merge', () => {
  it('every strategy at depth 3 in three shards: the merged array is the unsharded one (counts, verdicts, counterexamples, replay tokens)', async () => {
    const [whole, ...parts] = await Promise.all([bin('explore', '--depth', '3', '--json'), ...[1, 2, 3].map((i) => bin('explore', '--depth', '3', '--json', '--shard', `${i}/3`))]);
    const files = parts.map((p, i) => file(`explore-${i + 1}.json`, p.out));
    // Each shard alone counts less than the whole search: the split is real.
    expect(JSON.parse(parts[0].out)[0].distinctStates).toBeLessThan(JSON.parse(whole.out)[0].distinctStates);
    const merged = await bin('merge', files[1], files[2], files[0], '--json');
    expect(merged.err).toBe('');
    expect(merged.code).toBe(whole.code);
    expect(untimed(merged.out)).toBe(untimed(whole.out));
  });

  it('one strategy at depth 4 in two shards: the merged object is the unsharded one', async () => {
    const args = ['explore', '--strategy', 'jwt-refresh', '--depth', '4', '--json'];
    const [whole, one, two] = [await sessioncheck(...args), await sessioncheck(...args, '--shard', '1/2'), await sessioncheck(...args, '--shard', '2/2')];
    const merged = await sessioncheck('merge', file('jr-1.json', one.out), file('jr-2.json', two.out), '--json');
    expect(untimed(merged.out)).toBe(untimed(whole.out));
    expect(JSON.parse(merged.out).states).toBe(JSON.parse(whole.out).states);
  });

  it('refuses explore shards of different depths, and a verify shard beside an explore shard', async () => {
    const a = await sessioncheck('explore', '--strategy', 'sticky', '--depth', '2', '--json', '--shard', '1/2');
    const b = await sessioncheck('explore', '--strategy', 'sticky', '--depth', '3', '--json', '--shard', '2/2');
    const v = await sessioncheck('verify', '--strategy', 'sticky', '--runs', '2', '--json', '--shard', '2/2');
    const [fa, fb, fv] = [file('d2.json', a.out), file('d3.json', b.out), file('v.json', v.out)];
    const depths = await sessioncheck('merge', fa, fb);
    expect(depths.code).toBe(2);
    expect(depths.err).toContain(`the shards are not of one run: ${fa} has depth 2, ${fb} has depth 3`);
    const mixed = await sessioncheck('merge', fa, fv);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain(`the shards are not of one run: ${fv} is a verify shard, ${fa} an explore shard`);
  });
});

describe('merge --help', () => {
  it('lists its options and exit codes', async () => {
    const r = await sessioncheck('merge', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: sessioncheck merge FILE... [options]');
    expect(r.out).toContain('--out DIR');
    expect(r.out).toContain('2 bad usage');
  });
});
