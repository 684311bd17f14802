import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireBinary } from '../../impl/infra/index.ts';
import { sessioncheck } from '../cli/capture.ts';

describe('a missing binary', () => {
  const path = process.env.PATH;
  let empty: string | null = null;
  /** Points PATH at a new empty directory, which the test removes when it ends. */
  const emptyPath = () => {
    empty = mkdtempSync(join(tmpdir(), 'sessioncheck-empty-path-'));
    process.env.PATH = empty;
  };
  afterEach(() => {
    process.env.PATH = path;
    if (empty !== null) rmSync(empty, { recursive: true, force: true });
    empty = null;
  });

  it('makes verify --target cluster exit 2 naming redis-server and haproxy', async () => {
    emptyPath();
    const { code, err } = await sessioncheck('verify', '--target', 'cluster', '--strategy', 'jwt');
    expect(code).toBe(2);
    expect(err).toMatch(/redis-server and haproxy/);
    expect(err).toMatch(/apt-get install -y redis-server haproxy/);
  });

  it('makes verify --target redis exit 2 naming redis-server', async () => {
    emptyPath();
    const { code, err } = await sessioncheck('verify', '--target', 'redis');
    expect(code).toBe(2);
    expect(err).toMatch(/redis-server/);
  });

  it('is a coded error naming it', () => {
    emptyPath();
    expect(() => requireBinary('haproxy')).toThrow(expect.objectContaining({ code: 'ERR_MISSING_BINARY', message: expect.stringMatching(/^haproxy is not installed/) }));
  });
});
