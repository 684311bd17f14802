/**
 * The repository stands on its own: its design documentation is its own (docs/), so no tracked
 * file may point a reader at a design document the repository does not contain, and every
 * relative link in a tracked Markdown file must lead to a path the repository holds.
 *
 * "Tracked" is what `git ls-files` lists (node_modules is never among them); a path "in the
 * repository" is a tracked file, or a folder holding one. A file deleted in the working tree but
 * still in the index has no content to check and counts as absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The external design document the docs replaced (spelled in parts so this file does not name it). */
const OUTSIDE_DESIGN_DOC = ['DESIGN', 'md'].join('.');

function trackedFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return listed.split('\0').filter((f) => f !== '' && !f.split('/').includes('node_modules') && existsSync(posix.join(root, f)));
}

/** Markdown without fenced code blocks and inline code spans: a link shown as code is not a link. */
function withoutCode(markdown: string): string {
  const kept: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null && marker !== undefined) fence = marker;
    else if (fence !== null) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    } else kept.push(line.replace(/(`+).*?\1/g, ''));
  }
  return kept.join('\n');
}

/** Link targets of a Markdown text: inline links `[text](target "title")` and definitions `[ref]: target`. */
function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  const inline = [...text.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g)].map((m) => m[1]);
  const definitions = [...text.matchAll(/^ {0,3}\[[^\]\n]+\]:\s*(<[^>]*>|\S+)/gm)].map((m) => m[1]);
  return [...inline, ...definitions].map((t) => t.replace(/^<|>$/g, ''));
}

/** The repository path a link target names, or null when it names none (a URL, an in-page anchor). */
function linkedPath(fromFile: string, target: string): string | null {
  if (target === '' || target.startsWith('#') || target.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(target)) return null;
  const path = decodeURIComponent(target.replace(/[?#].*$/, '')).replace(/\/+$/, '');
  if (path === '') return null;
  const resolved = path.startsWith('/') ? posix.normalize(path.slice(1)) : posix.normalize(posix.join(posix.dirname(fromFile), path));
  return resolved === '' ? '.' : resolved;
}

function inRepository(path: string, tracked: ReadonlySet<string>, folders: ReadonlySet<string>): boolean {
  return path === '.' || tracked.has(path) || folders.has(path);
}

describe('the repository stands on its own', () => {
  const files = trackedFiles();
  const tracked = new Set(files);
  const folders = new Set(files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));

  it('no tracked file points at the external design document; docs/ is the design documentation', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(posix.join(root, file), 'latin1');
      if (!text.includes(OUTSIDE_DESIGN_DOC)) continue;
      text.split('\n').forEach((line, i) => {
        if (line.includes(OUTSIDE_DESIGN_DOC)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders, `point these at the right file in docs/ instead`).toEqual([]);
  });

  it('every relative link in a tracked Markdown file leads to a path the repository holds', () => {
    const dangling: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.md'))) {
      for (const target of linkTargets(readFileSync(posix.join(root, file), 'utf8'))) {
        const path = linkedPath(file, target);
        if (path !== null && (path.startsWith('../') || path === '..' || !inRepository(path, tracked, folders))) dangling.push(`${file}: (${target})`);
      }
    }
    expect(dangling, 'these links lead nowhere in the repository').toEqual([]);
  });

  it('the README sends readers to docs/README.md, which links every page of docs/', () => {
    expect(linkTargets(readFileSync(posix.join(root, 'README.md'), 'utf8'))).toContain('docs/README.md');
    const index = linkTargets(readFileSync(posix.join(root, 'docs/README.md'), 'utf8')).map((t) => linkedPath('docs/README.md', t));
    const pages = files.filter((f) => /^docs\/[^/]+\.md$/.test(f) && f !== 'docs/README.md');
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.filter((p) => !index.includes(p))).toEqual([]);
  });

  it('reads links as GitHub does: code is not a link, anchors and URLs name no file, paths resolve from the linking file', () => {
    const md = 'See [a](../x.md#part "t") and [b](<y z.md>), [web](https://example.com), [top](#here).\n'
      + 'Inline `[no](missing.md)` is code.\n```md\n[no](fenced.md)\n```\n[ref]: /docs/model.md\n';
    expect(linkTargets(md)).toEqual(['../x.md#part', 'y z.md', 'https://example.com', '#here', '/docs/model.md']);
    expect(linkedPath('docs/README.md', '../x.md#part')).toBe('x.md');
    expect(linkedPath('docs/README.md', 'y%20z.md')).toBe('docs/y z.md');
    expect(linkedPath('docs/README.md', '/docs/model.md')).toBe('docs/model.md');
    expect(linkedPath('docs/README.md', '../../outside.md')).toBe('../outside.md');
    expect(linkedPath('docs/README.md', 'https://example.com')).toBeNull();
    expect(linkedPath('docs/README.md', '#here')).toBeNull();
  });
});
