/**
 * Prints one plain closing line after the run, `tests: N passed, N failed, N skipped`, that any CI
 * can read without knowing vitest's own summary format. Vitest's default reporter still runs.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const module of testModules) for (const test of module.children.allTests()) count[test.result().state] += 1;
    process.stdout.write(`\ntests: ${count.passed} passed, ${count.failed} failed, ${count.skipped + count.pending} skipped\n`);
  }
}
