import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, binWithEnv } from './bin.ts';
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

  it('a harness failure (a redis-server that will not start) exits 3 with one line on stderr, the report still written', async () => {
    const fake = join(dir, 'fake-bin');
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'redis-server'), '#!/bin/sh\nexit 1\n');
    chmodSync(join(fake, 'redis-server'), 0o755);
    const out = join(dir, 'harness');
    const { code, err } = await binWithEnv({ ...process.env, PATH: `${fake}:${process.env.PATH}` }, 'report', '--target', 'redis', '--strategy', 'central-store', '--runs', '2', '--format', 'json', '--out', out);
    expect(code).toBe(3);
    expect(err).toMatch(/^sessioncheck: 1 harness error\(s\), no verdict for them; first: central-store ERR_INFRA_START: [^\n]*\n$/);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).errors).toHaveLength(1);
  });

  it('--target cluster is accepted: a bad value after it is the error, not the target', async () => {
    const { code, err } = await sessioncheck('report', '--target', 'cluster', '--runs', '0', '--out', join(dir, 'never'));
    expect(code).toBe(2);
    expect(err).not.toContain('not available');
    expect(err).toContain('--runs takes a whole number from 1 to 1000000');
  });
});
