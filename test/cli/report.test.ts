import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elements, parseXml } from '../reports/xmlParse.ts';
import { bin } from './bin.ts';
import { sessioncheck } from './capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'sessioncheck-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sessioncheck report', () => {
  it('writes only the formats asked for, silently without a terminal, and exits 0 when every verdict is as expected', async () => {
    const out = join(dir, 'md-junit');
    const { code, out: stdout, err } = await sessioncheck('report', '--out', out, '--format', 'junit,md', '--strategy', 'sticky', '--strategy', 'jwt', '--runs', '200', '--exhaustive', '4');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^wrote 4 files to .*md-junit\/: index\.md, junit\.xml, strategies\/jwt\.md, strategies\/sticky\.md\n/);
    expect(stdout).toContain('every decided verdict equals its expectation');
    expect(readdirSync(out).sort()).toEqual(['index.md', 'junit.xml', 'strategies']);
    expect(parseXml(readFileSync(join(out, 'junit.xml'), 'utf8')).attrs.failures).toBe('0');
  });

  it('times the JUnit report through the real bin: every testcase has a numeric, non-negative time, and a suite takes at least as long as its cases', async () => {
    const out = join(dir, 'junit-times');
    const { code, err } = await bin('report', '--out', out, '--format', 'junit', '--strategy', 'sticky', '--strategy', 'jwt', '--runs', '100', '--exhaustive', '4');
    expect(err).toBe('');
    expect(code).toBe(0);
    const root = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'));
    const seconds = (value: string | undefined) => {
      expect(value).toMatch(/^\d+\.\d{3}$/);
      return Number(value);
    };
    const suites = elements(root, 'testsuite');
    expect(suites).toHaveLength(2);
    let measured = 0;
    for (const suite of suites) {
      const cases = elements(suite, 'testcase');
      expect(cases.length).toBeGreaterThan(0);
      const sum = cases.reduce((total, t) => total + seconds(t.attrs.time), 0);
      // Each time is rounded to the millisecond: a suite's may fall short of its cases' sum by that rounding only.
      expect(seconds(suite.attrs.time)).toBeGreaterThanOrEqual(sum - 0.0005 * cases.length);
      measured += sum;
    }
    // Really measured: 100 runs of every model cell of two strategies take more than nothing.
    expect(measured).toBeGreaterThan(0);
    const total = suites.reduce((t, s) => t + seconds(s.attrs.time), 0);
    expect(Math.abs(seconds(root.attrs.time) - total)).toBeLessThanOrEqual(0.0005 * (suites.length + 1));
  });

  it.each([
    [['--format', 'pdf'], 'unknown format "pdf"; valid: md, html, json, junit'],
    [['--target', 'mars'], 'unknown target "mars"'],
    [['--runs', 'many'], '--runs takes a whole number'],
    [['--strategy', 'cookies'], 'unknown strategy "cookies"; valid: in-memory, sticky'],
    [['--colour'], 'valid flags: --out, --format, --target, --strategy, --seed, --runs'],
  ])('rejects %j with exit 2 and names what is valid', async (args, message) => {
    const { code, err } = await sessioncheck('report', '--out', join(dir, 'never'), ...args);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});
