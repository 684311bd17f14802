/**
 * Prints one plain closing line after the run, `tests: N passed, N failed, N skipped`, that any CI
 * can read without knowing vitest's own summary format. Vitest's default reporter still runs.
 *
 * A test that did not run because its file failed around it (a `beforeAll` that threw, e.g. a
 * missing binary, or a file that did not import) counts as failed, not skipped, and the file is
 * named with its first error; errors outside any test are counted on their own line.
 */
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const count = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    const brokenFiles: string[] = [];
    for (const module of testModules) {
      const fileFailed = module.state() === 'failed' && module.errors().length > 0;
      if (fileFailed) brokenFiles.push(`${module.moduleId.replace(`${process.cwd()}/`, '')}: ${module.errors()[0]?.message ?? 'failed'}`);
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests += 1;
        const state = test.result().state;
        count[fileFailed && (state === 'skipped' || state === 'pending') ? 'failed' : state] += 1;
      }
      if (fileFailed && tests === 0) count.failed += 1; // a file that did not even collect its tests
    }
    const lines = [`tests: ${count.passed} passed, ${count.failed} failed, ${count.skipped + count.pending} skipped`];
    for (const file of brokenFiles) lines.push(`file failed: ${file.split('\n')[0]}`);
    if (unhandledErrors.length > 0) lines.push(`errors outside tests: ${unhandledErrors.length}`);
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
