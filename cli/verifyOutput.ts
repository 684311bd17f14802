/**
 * What `verify` and `merge` do with a verify report once they have it: the `--out` files and the
 * exit code (0 as expected, 1 a verdict differs, 3 harness errors, told in one line on stderr).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VerifyReport } from '../properties/results.ts';
import type { Io } from './io.ts';

/** Writes DIR/verify.json and DIR/verify.txt. */
export async function writeVerifyFiles(dir: string, json: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'verify.json'), json);
  await writeFile(join(dir, 'verify.txt'), text);
}

/** The exit code of a verify report; a harness failure is not a verdict: exit 3, one line on stderr (the results it has are printed). */
export function verifyExitCode(report: VerifyReport, io: Io): number {
  if (report.errors && report.errors.length > 0) {
    const [first] = report.errors;
    io.err(`sessioncheck: ${report.errors.length} harness error(s), no verdict for them; first: ${first.strategy} ${first.code}: ${first.message}\n`);
    return 3;
  }
  return report.ok ? 0 : 1;
}
