import { describe, expect, it } from 'vitest';
import { renderReport } from '../../reports/render.ts';
import { verifySome } from './verified.ts';

describe('report determinism', () => {
  it('renders byte-identical files in every format from two runs with the same seed', async () => {
    const first = renderReport(await verifySome(['sticky', 'jwt-denylist'], 7));
    const second = renderReport(await verifySome(['sticky', 'jwt-denylist'], 7));
    expect(first.map((f) => f.path)).toEqual(['index.md', 'junit.xml', 'report.html', 'report.json', 'strategies/jwt-denylist.md', 'strategies/sticky.md']);
    for (const [i, f] of first.entries()) expect(Buffer.from(second[i].content).equals(Buffer.from(f.content)), f.path).toBe(true);
  });

  it('contains no timestamp or duration', async () => {
    const files = renderReport(await verifySome(['sticky'], 7));
    expect(files.map((f) => f.path)).toEqual(['index.md', 'junit.xml', 'report.html', 'report.json', 'strategies/sticky.md']);
    for (const f of files) expect(f.content, f.path).not.toMatch(/\b20\d\d-\d\d-\d\d|timestamp=|time="|\d+ ?ms\b/);
  });
});
