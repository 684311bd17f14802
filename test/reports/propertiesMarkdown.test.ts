import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../properties/catalog.ts';
import { propertiesMarkdown, regeneratePropertiesCommand } from '../../reports/propertiesMarkdown.ts';

describe('PROPERTIES.md', () => {
  it('is up to date with the catalog', () => {
    const committed = readFileSync('PROPERTIES.md', 'utf8');
    expect(committed === propertiesMarkdown(), `PROPERTIES.md is stale; regenerate it with: ${regeneratePropertiesCommand}`).toBe(true);
  });

  it('has a section for every property, with its source quoted', () => {
    const md = propertiesMarkdown();
    for (const p of catalog) {
      expect(md).toContain(`## ${p.id}\n`);
      expect(md).toContain(`> ${p.source}\n`);
    }
  });
});

describe('CITATION.cff', () => {
  it('names the version in package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(readFileSync('CITATION.cff', 'utf8')).toMatch(new RegExp(`^version: ${pkg.version.replace(/\./g, '\\.')}$`, 'm'));
  });
});
