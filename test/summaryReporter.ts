/**
 * Prints one plain closing line after the run, `tests: N passed, N failed`, that any CI can read
 * without knowing vitest's own summary format. Vitest's default reporter still runs.
 *
 * Only a test that ran and passed counts as passed. A skipped or todo test, or one that never ran,
 * counts as failed and is named on its own line (`skipped (counts as failed): file > test`), so
 * nothing can pass by not running. A test that did not run because a suite around it failed — a
 * `beforeAll` that threw (e.g. on a missing binary) in the file or in any enclosing `describe`,
 * or a file that did not import — counts as failed too, and the suite is named with its first
 * error. An error in a teardown (`afterAll`) after passing tests counts as one failure of its
 * suite. Errors outside any test are counted on their own line. The process exits non-zero
 * whenever this line counts a failure, including the ones vitest itself does not fail on.
 */
import type { Reporter, SerializedError, TestCase, TestModule, TestSuite } from 'vitest/node';

type Suite = TestModule | TestSuite;

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const count = { passed: 0, failed: 0 };
    const broken: string[] = [];
    const unrun: string[] = [];
    for (const module of testModules) {
      const suites: Suite[] = [module, ...module.children.allSuites()];
      const failedSuites = new Set(suites.filter((s) => s.errors().length > 0));
      for (const suite of failedSuites) broken.push(`${where(suite)}: ${String(suite.errors()[0]?.message ?? 'failed').split('\n')[0]}`);
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') {
          count.passed += 1;
          continue;
        }
        count.failed += 1;
        // A test that did not run because its suite failed is named by the suite's line.
        if (state !== 'failed' && !enclosing(test).some((s) => failedSuites.has(s))) unrun.push(`${notRun(test)} (counts as failed): ${where(test)}`);
      }
      // A failed suite whose tests all passed (a teardown error) or that has none (no import): one failure.
      for (const suite of failedSuites) {
        const tests = [...suite.children.allTests()];
        if (tests.length === 0 || tests.every((t) => t.result().state === 'passed')) count.failed += 1;
      }
    }
    const lines = [`tests: ${count.passed} passed, ${count.failed} failed`, ...unrun];
    for (const suite of broken) lines.push(`suite failed: ${suite}`);
    if (unhandledErrors.length > 0) lines.push(`errors outside tests: ${unhandledErrors.length}`);
    process.stdout.write(`\n${lines.join('\n')}\n`);
    // Vitest exits 0 on skipped and todo tests; this line is the authority, so the run fails too.
    if (count.failed > 0 || unhandledErrors.length > 0) process.exitCode = 1;
  }
}

/** A module, suite or test as `file > describe > name`. */
function where(item: Suite | TestCase): string {
  const file = (item.type === 'module' ? item : item.module).moduleId.replace(`${process.cwd()}/`, '');
  return item.type === 'module' ? file : `${file} > ${item.fullName}`;
}

/** Why a test that did not fail did not pass either. */
function notRun(test: TestCase): string {
  const { mode } = test.options;
  if (mode === 'todo') return 'todo';
  return test.result().state === 'skipped' ? 'skipped' : 'not run';
}

/** The suites around a test, innermost first, up to its module. */
function enclosing(test: TestCase): Suite[] {
  const out: Suite[] = [];
  for (let parent: Suite = test.parent; ; parent = (parent as TestSuite).parent) {
    out.push(parent);
    if (parent.type === 'module') return out;
  }
}
