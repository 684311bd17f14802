import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../properties/catalog.ts';
import type { VerifyReport } from '../../properties/results.ts';
import { junitReport } from '../../reports/junit.ts';
import { reportModel } from '../../reports/reportModel.ts';
import { sourceStrategies, verifySome } from './verified.ts';
import { elements, parseXml } from './xmlParse.ts';

let report: VerifyReport;
beforeAll(async () => {
  report = await verifySome();
});

const testcase = (xml: string, strategy: string, property: string) =>
  elements(parseXml(xml), 'testcase').find((t) => t.attrs.classname === `sessioncheck.${strategy}` && t.attrs.name === property);

describe('the JUnit report', () => {
  it('parses as XML with one testcase per strategy × property', () => {
    const root = parseXml(junitReport(reportModel(report)));
    expect(root.name).toBe('testsuites');
    expect(elements(root, 'testsuite').map((s) => s.attrs.name)).toEqual(sourceStrategies.map((s) => `sessioncheck.${s}`));
    const cases = elements(root, 'testcase');
    expect(cases).toHaveLength(sourceStrategies.length * catalog.length);
    expect(new Set(cases.map((c) => `${c.attrs.classname} ${c.attrs.name}`)).size).toBe(cases.length);
    expect(root.attrs).toMatchObject({ tests: String(cases.length), failures: '0', errors: '0' });
  });

  it('passes a property refuted as expected and carries its counterexample', () => {
    const t = testcase(junitReport(reportModel(report)), 'sticky', 'failover.sessions-survive');
    expect(t?.children.map((c) => c.name)).toEqual(['system-out']);
    expect(t?.children[0].text).toContain('counterexample: login(u0), crash(n0), whoami(u0)');
    expect(t?.children[0].text).toMatch(/replay: npx sessioncheck replay sc1\./);
  });

  it('skips n/a cells with the reason', () => {
    const xml = junitReport(reportModel(report));
    const t = testcase(xml, 'sticky', 'safety.fixation');
    expect(t?.children[0]).toMatchObject({ name: 'skipped', attrs: { message: 'n/a: decided on the implementation (expected there: holds): run with --target impl' } });
    const skipped = elements(parseXml(xml), 'skipped').length;
    expect(parseXml(xml).attrs.skipped).toBe(String(skipped));
  });

  it('fails a verdict that differs from its expectation', () => {
    const doctored: VerifyReport = {
      ...report,
      ok: false,
      results: report.results.map((r) => (r.strategy === 'jwt' && r.property === 'revocation.instant' ? { ...r, expected: 'holds' } : r)),
    };
    const xml = junitReport(reportModel(doctored));
    const failure = testcase(xml, 'jwt', 'revocation.instant')?.children[0];
    expect(failure).toMatchObject({ name: 'failure', attrs: { message: 'expected holds, verdict refuted', type: 'VerdictMismatch' } });
    expect(failure?.text).toContain('revoke(u0)');
    expect(parseXml(xml).attrs.failures).toBe('1');
    expect(elements(parseXml(xml), 'testsuite').find((s) => s.attrs.name === 'sessioncheck.jwt')?.attrs.failures).toBe('1');
  });

  it('times every testsuite and testcase from the measured durations, and has no time attribute without them', () => {
    const model = reportModel(report);
    const durations = new Map(sourceStrategies.map((s, i) => [s, {
      seconds: 2 + i,
      cells: new Map(catalog.map((p, j) => [p.id, j === 0 ? 0.0004 : 1 / 3])),
    }]));
    const root = parseXml(junitReport(model, durations));
    expect(root.attrs.time).toBe('9.000'); // 2 + 3 + 4
    expect(elements(root, 'testsuite').map((s) => s.attrs.time)).toEqual(['2.000', '3.000', '4.000']);
    const times = elements(root, 'testcase').map((t) => t.attrs.time);
    expect(times).toHaveLength(sourceStrategies.length * catalog.length);
    expect(new Set(times)).toEqual(new Set(['0.000', '0.333']));
    expect(testcase(junitReport(model, durations), 'jwt', catalog[1].id)?.attrs.time).toBe('0.333');
    // A strategy or cell nobody timed (a harness failure) reads 0, never a missing or negative attribute.
    const partial = parseXml(junitReport(model, new Map([['sticky', { seconds: -1, cells: new Map() }]])));
    expect(elements(partial, 'testcase').every((t) => t.attrs.time === '0.000')).toBe(true);
    expect(elements(partial, 'testsuite').map((s) => s.attrs.time)).toEqual(['0.000', '0.000', '0.000']);
    expect(junitReport(model)).not.toContain('time=');
  });

  it('rejects malformed XML in its parser (so the passes above mean something)', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(SyntaxError);
    expect(() => parseXml('<a>x & y</a>')).toThrow(SyntaxError);
    expect(() => parseXml('<a b=c/>')).toThrow(SyntaxError);
  });
});
