/**
 * JUnit XML for CI systems: one testsuite per strategy, one testcase per strategy × property.
 * A verdict equal to its expectation passes (a refuted property that is expected to be refuted
 * is a pass: the claim "sticky loses sessions" is confirmed); a different verdict is a failure;
 * `n/a` is skipped. Given the run's measured durations, testsuites and testcases carry `time`
 * attributes (seconds): the only bytes that differ between two runs of the same seed. No timestamps.
 */
import type { StrategyId } from '../model/types.ts';
import type { Durations } from '../properties/durations.ts';
import type { Cell, ReportModel } from './reportModel.ts';
import { replayCommand } from './reportModel.ts';
import { escapeXml as x } from './xml.ts';

function body(c: Cell): string {
  const cx = c.counterexample;
  const lines = [`${c.property.statement}`, `expected: ${c.expected}, verdict: ${c.verdict}, runs: ${c.runs}`];
  if (c.window !== undefined) lines.push(`window: ${c.window} s`);
  if (cx) lines.push(`counterexample: ${cx.actions.join(', ')}`, `at the last step: ${cx.detail}`, `replay: ${replayCommand(cx.replay)}`);
  return lines.join('\n');
}

/** ` time="1.234"` (seconds, 3 decimals), or nothing when the time was not measured. */
function time(seconds: number | undefined): string {
  return seconds === undefined ? '' : ` time="${Math.max(0, seconds).toFixed(3)}"`;
}

function testcase(c: Cell, durations: Durations | undefined): string {
  const seconds = durations && (durations.get(c.strategy)?.cells.get(c.property.id) ?? 0);
  const open = `    <testcase classname="sessioncheck.${x(c.strategy)}" name="${x(c.property.id)}"${time(seconds)}>`;
  if (c.outcome === 'undecided') {
    return `${open}\n      <skipped message="${x(`n/a${c.note ? `: ${c.note}` : ''}`)}"/>\n    </testcase>`;
  }
  if (c.outcome === 'mismatch') {
    const message = `expected ${c.expected}, verdict ${c.verdict}`;
    return `${open}\n      <failure message="${x(message)}" type="VerdictMismatch">${x(body(c))}</failure>\n    </testcase>`;
  }
  return `${open}\n      <system-out>${x(body(c))}</system-out>\n    </testcase>`;
}

function counts(cells: readonly Cell[]): string {
  const failures = cells.filter((c) => c.outcome === 'mismatch').length;
  const skipped = cells.filter((c) => c.outcome === 'undecided').length;
  return `tests="${cells.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
}

function suite(model: ReportModel, strategy: StrategyId, durations: Durations | undefined): string {
  const cells = model.cells.filter((c) => c.strategy === strategy);
  const seconds = durations && (durations.get(strategy)?.seconds ?? 0);
  return [
    `  <testsuite name="sessioncheck.${x(strategy)}" ${counts(cells)}${time(seconds)}>`,
    '    <properties>',
    `      <property name="target" value="${x(model.target)}"/>`,
    `      <property name="seed" value="${model.seed}"/>`,
    `      <property name="runs" value="${model.runs}"/>`,
    `      <property name="version" value="${x(model.version)}"/>`,
    '    </properties>',
    ...cells.map((c) => testcase(c, durations)),
    '  </testsuite>',
  ].join('\n');
}

/**
 * `junit.xml`. With `durations` (what `runVerify`'s `onTimed` measured) every testsuite and
 * testcase has a `time`, and the testsuites' time is the sum of the suites'.
 */
export function junitReport(model: ReportModel, durations?: Durations): string {
  const total = durations && model.strategies.reduce((sum, s) => sum + (durations.get(s)?.seconds ?? 0), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sessioncheck" ${counts(model.cells)}${time(total)}>`,
    ...model.strategies.map((s) => suite(model, s, durations)),
    '</testsuites>',
    '',
  ].join('\n');
}
