import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strategyIds } from '../../model/registry.ts';
import { propertyIds } from '../../properties/catalog.ts';
import { runVerify } from '../../properties/runner.ts';
import { publishedDir, publishedOptions, refreshPublishedCommand } from '../../reports/published.ts';
import { renderReport } from '../../reports/render.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

describe('reports/published', () => {
  it('is exactly what the fixed seed produces today, so a citation by path stays valid', async () => {
    const report = await runVerify({ ...publishedOptions, strategies: strategyIds, properties: propertyIds });
    const expected = renderReport(report);
    const stale = `reports/published is out of date; refresh it with:\n  ${refreshPublishedCommand}\n`;
    expect(filesUnder(publishedDir), stale).toEqual(expected.map((f) => f.path));
    for (const f of expected) expect(readFileSync(join(publishedDir, f.path), 'utf8') === f.content, `${f.path}: ${stale}`).toBe(true);
  });
});
