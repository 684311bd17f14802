/** The version (package.json) and commit (`git rev-parse HEAD`) a citation names. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * sessioncheck's root: the nearest directory above this module holding its package.json. That is
 * the checkout when running from the sources (reports/), and the installed package when running
 * compiled (dist/reports/), so neither depth is assumed.
 */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'sessioncheck') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`sessioncheck's package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export interface ProjectInfo {
  readonly version: string;
  /** The full commit hash, or `unknown` outside a git checkout. */
  readonly commit: string;
  /** The year of this version's release (CITATION.cff `date-released`), for citations. */
  readonly year: string;
}

export function projectInfo(): ProjectInfo {
  const root = packageRoot();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  let commit = 'unknown';
  // Only sessioncheck's own checkout: an installed package (an npm tarball) sits inside the
  // user's project, whose git commit says nothing about the catalog; its version alone does.
  if (existsSync(join(root, '.git'))) {
    try {
      const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (/^[0-9a-f]{40}$/.test(out)) commit = out;
    } catch {
      // git missing or broken: the version alone identifies the catalog.
    }
  }
  const cff = join(root, 'CITATION.cff');
  const released = existsSync(cff) ? /^date-released:\s*"?(\d{4})-/m.exec(readFileSync(cff, 'utf8'))?.[1] : undefined;
  return { version: pkg.version, commit, year: released ?? 'n.d.' };
}
