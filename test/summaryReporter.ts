/**
 * Prints one plain closing line after the run, `tests: N passed, N failed, N skipped`, that any CI
 * can read without knowing vitest's own summary format. Vitest's default reporter still runs.
 *
 * A test that did not pass because a suite around it failed — a `beforeAll` that threw (e.g. on a
 * missing binary) in the file or in any enclosing `describe`, or a file that did not import —
 * counts as failed, not skipped, and the suite is named with its first error. An error in a
 * teardown (`afterAll`) after passing tests counts as one failure of its suite. Errors outside
 * any test are counted on their own line.
 */
import type { Reporter, SerializedError, TestCase, TestModule, TestSuite } from 'vitest/node';

type Suite = TestModule | TestSuite;

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const count = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    const broken: string[] = [];
    const where = (suite: Suite) => (suite.type === 'module' ? suite.moduleId.replace(`${process.cwd()}/`, '') : `${suite.module.moduleId.replace(`${process.cwd()}/`, '')} > ${suite.fullName}`);
    for (const module of testModules) {
      const suites: Suite[] = [module, ...module.children.allSuites()];
      const failedSuites = new Set(suites.filter((s) => s.errors().length > 0));
      for (const suite of failedSuites) broken.push(`${where(suite)}: ${String(suite.errors()[0]?.message ?? 'failed').split('\n')[0]}`);
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        const culprit = enclosing(test).find((s) => failedSuites.has(s));
        count[culprit && (state === 'skipped' || state === 'pending') ? 'failed' : state] += 1;
      }
      // A failed suite whose tests all passed (a teardown error) or that has none (no import): one failure.
      for (const suite of failedSuites) {
        const tests = [...suite.children.allTests()];
        if (tests.length === 0 || tests.every((t) => t.result().state === 'passed')) count.failed += 1;
      }
    }
    const lines = [`tests: ${count.passed} passed, ${count.failed} failed, ${count.skipped + count.pending} skipped`];
    for (const suite of broken) lines.push(`suite failed: ${suite}`);
    if (unhandledErrors.length > 0) lines.push(`errors outside tests: ${unhandledErrors.length}`);
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}

/** The suites around a test, innermost first, up to its module. */
function enclosing(test: TestCase): Suite[] {
  const out: Suite[] = [];
  for (let parent: Suite = test.parent; ; parent = (parent as TestSuite).parent) {
    out.push(parent);
    if (parent.type === 'module') return out;
  }
}
