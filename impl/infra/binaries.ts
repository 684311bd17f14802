/**
 * Finding the binaries the real-infrastructure targets run (Debian's redis-server and haproxy).
 * A missing one is a clear, coded error naming it and how to install it — never a skipped test.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { InfraError } from './errors.ts';

/** Binaries the targets need, with the Debian package that brings each. */
export const BINARIES = { 'redis-server': 'redis-server', haproxy: 'haproxy' } as const;
export type BinaryName = keyof typeof BINARIES;

/** The binaries a target needs (`redis`: redis-server; `cluster`: redis-server and haproxy). */
export function binariesFor(target: string): BinaryName[] {
  if (target === 'redis') return ['redis-server'];
  if (target === 'cluster') return ['redis-server', 'haproxy'];
  return [];
}

/** Absolute path of `name` on PATH, or null. (Debian puts haproxy in /usr/sbin: it must be on PATH.) */
export function findBinary(name: BinaryName): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * The path of `name`; throws `ERR_MISSING_BINARY` naming it when it is not installed.
 * @example requireBinary('haproxy'); // '/usr/sbin/haproxy'
 */
export function requireBinary(name: BinaryName): string {
  const found = findBinary(name);
  if (found === null) {
    throw new InfraError('ERR_MISSING_BINARY', `${name} is not installed (not found on PATH); install Debian's ${BINARIES[name]} package: apt-get install -y ${BINARIES[name]}`);
  }
  return found;
}
