import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireBinary } from '../../impl/infra/index.ts';
import { sessioncheck } from '../cli/capture.ts';

describe('a missing binary', () => {
  const path = process.env.PATH;
  afterEach(() => { process.env.PATH = path; });

  it('makes verify --target cluster exit 2 naming redis-server and haproxy', async () => {
    process.env.PATH = mkdtempSync(join(tmpdir(), 'sessioncheck-empty-path-'));
    const { code, err } = await sessioncheck('verify', '--target', 'cluster', '--strategy', 'jwt');
    expect(code).toBe(2);
    expect(err).toMatch(/redis-server and haproxy/);
    expect(err).toMatch(/apt-get install -y redis-server haproxy/);
  });

  it('makes verify --target redis exit 2 naming redis-server', async () => {
    process.env.PATH = mkdtempSync(join(tmpdir(), 'sessioncheck-empty-path-'));
    const { code, err } = await sessioncheck('verify', '--target', 'redis');
    expect(code).toBe(2);
    expect(err).toMatch(/redis-server/);
  });

  it('is a coded error naming it', () => {
    process.env.PATH = mkdtempSync(join(tmpdir(), 'sessioncheck-empty-path-'));
    expect(() => requireBinary('haproxy')).toThrow(expect.objectContaining({ code: 'ERR_MISSING_BINARY', message: expect.stringMatching(/^haproxy is not installed/) }));
  });
});
