/** The version (package.json) and commit (`git rev-parse HEAD`) a citation names. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface ProjectInfo {
  readonly version: string;
  /** The full commit hash, or `unknown` outside a git checkout. */
  readonly commit: string;
}

export function projectInfo(): ProjectInfo {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  let commit = 'unknown';
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (/^[0-9a-f]{40}$/.test(out)) commit = out;
  } catch {
    // Not a git checkout (an npm tarball): the version alone identifies the catalog.
  }
  return { version: pkg.version, commit };
}
