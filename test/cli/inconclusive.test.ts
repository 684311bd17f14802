import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderVerifyText } from '../../cli/verifyText.ts';
import type { VerifyReport } from '../../properties/results.ts';
import { bin } from './bin.ts';
import { sessioncheck } from './capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'sessioncheck-inconclusive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a mismatch that more runs would settle says so', () => {
  it('verify --runs 10 through the bin: each unreached witness says how many runs were tried and that the default --runs 200 reaches it', async () => {
    const { code, out } = await bin('verify', '--runs', '10', '--exhaustive', '4', '--jobs', '1');
    expect(code).toBe(1);
    const mismatches = out.split('\n').filter((l) => l.startsWith('MISMATCH'));
    expect(mismatches.length).toBeGreaterThan(0);
    const lines = out.split('\n');
    for (const line of mismatches.filter((l) => / got vacuous /.test(l))) {
      expect(lines[lines.indexOf(line) + 1]).toBe('  none of the 10 runs reached the witness (the step where it could fail), so nothing was decided: the default --runs 200 reaches it.');
    }
    expect(out).toMatch(/\ntime spent: \d+\.\d s\n$/);
  });

  it('with another seed it names the seed on which 200 runs are known to suffice; one run is said as one', async () => {
    // A witness the exhaustive search cannot reach either (a full cart is 50 addItems deep): a shallow
    // one left unreached by the runs is searched (to depth 6 by default) and decided there.
    const { out } = await sessioncheck('verify', '--seed', '-5', '--strategy', 'jwt', '--property', 'token.fits-cookie', '--runs', '1');
    expect(out).toContain('MISMATCH jwt token.fits-cookie: expected refuted, got vacuous');
    expect(out).toContain('  the one run did not reach the witness (the step where it could fail), so nothing was decided: the default --runs 200 with --seed 1 reaches it.');
  });

  it('a witness no run reached but the exhaustive search does is decided there: refuted with the search\'s counterexample', async () => {
    const { out } = await sessioncheck('verify', '--seed', '-5', '--strategy', 'sticky', '--property', 'failover.sessions-survive', '--runs', '1', '--json');
    const [result] = JSON.parse(out).results;
    expect(result.verdict).toBe('refuted');
    expect(result.counterexample.actions).toHaveLength(3);
    expect(result.counterexample.detail).toMatch(/\(found by exhaustive search; no random run reached its witness\)$/);
  });

  it('an expected counterexample not found: the catalog expects one, how many runs were tried, what --runs finds it', () => {
    const base = { tool: 'sessioncheck', version: '0.1.0', target: 'model', seed: 1, table: [], ok: false } as const;
    const result = { strategy: 'jwt', property: 'token.fits-cookie', expected: 'refuted', verdict: 'holds', runs: 10 } as const;
    const few = renderVerifyText({ ...base, runs: 10, results: [result] } as unknown as VerifyReport);
    expect(few).toContain('MISMATCH jwt token.fits-cookie: expected refuted, got holds');
    expect(few).toContain('  the catalog expects a counterexample here, and the 10 runs did not find one (it may need a longer or rarer program): the default --runs 200 finds it.');
    const many = renderVerifyText({ ...base, runs: 500, results: [{ ...result, runs: 500 }] } as unknown as VerifyReport);
    expect(many).toContain('the 500 runs did not find one (it may need a longer or rarer program): try more --runs.');
  });

  it('the time spent closes the text only: --json and the --out files carry no duration', async () => {
    const out = join(dir, 'out');
    const args = ['verify', '--strategy', 'sticky', '--property', 'failover.sessions-survive', '--runs', '20', '--out', out];
    const text = await sessioncheck(...args);
    const json = await sessioncheck(...args, '--json');
    expect(text.out).toMatch(/\ntime spent: \d+\.\d s\n$/);
    expect(json.out).not.toContain('time spent');
    expect(readFileSync(join(out, 'verify.txt'), 'utf8')).not.toContain('time spent');
    expect(text.out).toBe(`${readFileSync(join(out, 'verify.txt'), 'utf8')}${text.out.split('\n').at(-2)}\n`);
  });

  it('report and explain end with the time spent', async () => {
    expect((await sessioncheck('report', '--out', join(dir, 'report'), '--strategy', 'sticky', '--runs', '5', '--format', 'json')).out).toMatch(/\ntime spent: \d+\.\d s\n$/);
    expect((await sessioncheck('explain', 'q1', '--runs', '5')).out).toMatch(/\n\ntime spent: \d+\.\d s\n$/);
  });
});
