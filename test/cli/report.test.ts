import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseXml } from '../reports/xmlParse.ts';
import { sessioncheck } from './capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'sessioncheck-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sessioncheck report', () => {
  it('writes only the formats asked for, silently without a terminal, and exits 0 when every verdict is as expected', async () => {
    const out = join(dir, 'md-junit');
    const { code, out: stdout, err } = await sessioncheck('report', '--out', out, '--format', 'junit,md', '--strategy', 'sticky', '--strategy', 'jwt', '--runs', '200');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^wrote 4 files to .*md-junit\/: index\.md, junit\.xml, strategies\/jwt\.md, strategies\/sticky\.md\n/);
    expect(stdout).toContain('every decided verdict equals its expectation');
    expect(readdirSync(out).sort()).toEqual(['index.md', 'junit.xml', 'strategies']);
    expect(parseXml(readFileSync(join(out, 'junit.xml'), 'utf8')).attrs.failures).toBe('0');
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
