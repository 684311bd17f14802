/**
 * JUnit XML for CI systems: one testsuite per strategy, one testcase per strategy × property.
 * A verdict equal to its expectation passes (a refuted property that is expected to be refuted
 * is a pass: the claim "sticky loses sessions" is confirmed); a different verdict is a failure;
 * `n/a` is skipped. No timestamps or durations, so the same seed gives the same bytes.
 */
import type { StrategyId } from '../model/types.ts';
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

function testcase(c: Cell): string {
  const open = `    <testcase classname="sessioncheck.${x(c.strategy)}" name="${x(c.property.id)}">`;
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

function suite(model: ReportModel, strategy: StrategyId): string {
  const cells = model.cells.filter((c) => c.strategy === strategy);
  return [
    `  <testsuite name="sessioncheck.${x(strategy)}" ${counts(cells)}>`,
    '    <properties>',
    `      <property name="target" value="${x(model.target)}"/>`,
    `      <property name="seed" value="${model.seed}"/>`,
    `      <property name="runs" value="${model.runs}"/>`,
    `      <property name="version" value="${x(model.version)}"/>`,
    '    </properties>',
    ...cells.map(testcase),
    '  </testsuite>',
  ].join('\n');
}

/** `junit.xml`. */
export function junitReport(model: ReportModel): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sessioncheck" ${counts(model.cells)}>`,
    ...model.strategies.map((s) => suite(model, s)),
    '</testsuites>',
    '',
  ].join('\n');
}
