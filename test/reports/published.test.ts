import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strategyIds } from '../../model/registry.ts';
import { propertyIds } from '../../properties/catalog.ts';
import { collectDurations } from '../../properties/durations.ts';
import { runVerify } from '../../properties/runner.ts';
import { publishedDir, publishedOptions, publishedPluginsSubdir, refreshPublishedCommand } from '../../reports/published.ts';
import { renderReport } from '../../reports/render.ts';
import { withoutTimes } from './verified.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

describe('reports/published', () => {
  it('is exactly what the fixed seed produces today (the JUnit time attributes excepted), so a citation by path stays valid', async () => {
    const timed = collectDurations();
    const report = await runVerify({ ...publishedOptions, strategies: strategyIds, properties: propertyIds, onTimed: timed.onTimed });
    const expected = renderReport(report, undefined, timed.durations);
    const stale = `reports/published is out of date; refresh it with:\n  ${refreshPublishedCommand}\n`;
    // The plug-in pages are checked by their own tests (test/properties/express-session.test.ts, cookie-session.test.ts).
    expect(filesUnder(publishedDir).filter((f) => !f.startsWith(`${publishedPluginsSubdir}/`)), stale).toEqual(expected.map((f) => f.path));
    for (const f of expected) {
      // The committed junit.xml keeps the times its refresh measured; every other byte must match.
      const committed = readFileSync(join(publishedDir, f.path), 'utf8');
      const same = f.path === 'junit.xml' ? withoutTimes(committed) === withoutTimes(f.content) : committed === f.content;
      expect(same, `${f.path}: ${stale}`).toBe(true);
    }
    expect(readFileSync(join(publishedDir, 'junit.xml'), 'utf8'), `junit.xml has no time attributes: ${stale}`).toMatch(/<testcase [^>]* time="\d+\.\d{3}">/);
  });
});
