import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin } from './bin.ts';
import { sessioncheck } from './capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'sessioncheck-report-targets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sessioncheck report on the real-infrastructure targets', () => {
  it('--target redis writes a report whose store.failover-durable is decided on real Redis (through the bin, which then exits)', async () => {
    const out = join(dir, 'redis');
    const { code, err, out: stdout } = await bin('report', '--target', 'redis', '--strategy', 'central-store', '--runs', '5', '--format', 'json', '--out', out);
    expect(err).toBe('');
    expect([0, 1]).toContain(code);
    expect(stdout).toMatch(/^wrote 1 file to .*: report\.json\n/);
    if (code === 1) expect(stdout).toContain(`see ${out}/report.json`);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { target: string; results: { property: string; verdict: string }[] };
    expect(report.target).toBe('redis');
    expect(report.results.find((r) => r.property === 'store.failover-durable')?.verdict).toBe('refuted');
  });

  it('--target cluster is accepted: a bad value after it is the error, not the target', async () => {
    const { code, err } = await sessioncheck('report', '--target', 'cluster', '--runs', '0', '--out', join(dir, 'never'));
    expect(code).toBe(2);
    expect(err).not.toContain('not available');
    expect(err).toContain('--runs takes a whole number from 1 to 1000000');
  });
});
