import { describe, expect, it } from 'vitest';
import { catalog } from '../../properties/catalog.ts';
import { sessioncheck } from './capture.ts';

describe('sessioncheck list', () => {
  it('lists every property with its expected verdict per strategy', async () => {
    const { code, out } = await sessioncheck('list');
    expect(code).toBe(0);
    for (const p of catalog) expect(out).toContain(p.id);
    expect(out).toMatch(/^failover\.sessions-survive\s+✗\s+✗\s+✓\s+✓\s+✓\s+✓\s+/m);
  });

  it('prints the catalog as JSON with --json, in catalog order', async () => {
    const { code, out } = await sessioncheck('list', '--json');
    expect(code).toBe(0);
    const entries = JSON.parse(out);
    expect(entries.map((e: { id: string }) => e.id)).toEqual(catalog.map((p) => p.id));
    expect(entries[0]).toMatchObject({ id: 'stateless.any-node-serves', column: 'serverStateless', decidedBy: 'model', expected: { sticky: 'refuted', jwt: 'holds' } });
    expect(Object.keys(entries[0])).toEqual(['id', 'title', 'statement', 'source', 'column', 'explanation', 'expected', 'decidedBy']);
  });

  it('rejects an unknown flag with exit 2', async () => {
    const { code, err } = await sessioncheck('list', '--yaml');
    expect(code).toBe(2);
    expect(err).toContain('valid flags: --json');
  });
});
