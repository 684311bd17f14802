import { describe, expect, it } from 'vitest';
import { catalog } from '../../properties/catalog.ts';
import { renderReport } from '../../reports/render.ts';
import { verifySomeTimed, withoutTimes } from './verified.ts';

describe('report determinism', () => {
  it('renders byte-identical files in every format from two runs with the same seed, the JUnit time attributes excepted', async () => {
    const a = await verifySomeTimed(['sticky', 'jwt-denylist'], 7);
    const b = await verifySomeTimed(['sticky', 'jwt-denylist'], 7);
    const first = renderReport(a.report, undefined, a.durations);
    const second = renderReport(b.report, undefined, b.durations);
    expect(first.map((f) => f.path)).toEqual(['index.md', 'junit.xml', 'report.html', 'report.json', 'strategies/jwt-denylist.md', 'strategies/sticky.md']);
    for (const [i, f] of first.entries()) {
      // Only junit.xml has measured bytes, and only inside time="…": every other byte is compared as it is.
      const [mine, theirs] = f.path === 'junit.xml' ? [withoutTimes(f.content), withoutTimes(second[i].content)] : [f.content, second[i].content];
      expect(Buffer.from(theirs).equals(Buffer.from(mine)), f.path).toBe(true);
    }
    // The blanking hides measured times, not their absence: both JUnit files carry them (1 + 2 suites + 2 × catalog testcases).
    const junit = first.find((f) => f.path === 'junit.xml')!.content;
    for (const f of [junit, second.find((g) => g.path === 'junit.xml')!.content]) {
      expect(f.match(/ time="\d+\.\d{3}"/g)?.length).toBe(1 + 2 + 2 * catalog.length);
    }
  });

  it('contains no timestamp, and no duration but the JUnit time attributes', async () => {
    const { report, durations } = await verifySomeTimed(['sticky'], 7);
    const files = renderReport(report, undefined, durations);
    expect(files.map((f) => f.path)).toEqual(['index.md', 'junit.xml', 'report.html', 'report.json', 'strategies/sticky.md']);
    for (const f of files) {
      const content = f.path === 'junit.xml' ? withoutTimes(f.content) : f.content;
      expect(content, f.path).not.toMatch(/\b20\d\d-\d\d-\d\d|timestamp=|time="\d|\d+ ?ms\b/);
    }
  });
});
