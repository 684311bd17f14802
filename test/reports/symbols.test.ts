/** One set of verdict marks in every renderer: ✓ holds, ✗ refuted, ○ vacuous, – n/a. */
import { describe, expect, it } from 'vitest';
import { renderVerifyText } from '../../cli/verifyText.ts';
import { htmlReport } from '../../reports/html.ts';
import { markdownStrategy } from '../../reports/markdown.ts';
import { reportModel } from '../../reports/reportModel.ts';
import { VERDICT_MARK } from '../../reports/symbols.ts';
import { verifySome } from './verified.ts';

describe('verdict marks', () => {
  it('a vacuous verdict is ○ vacuous and an n/a one is – n/a in the CLI text, the Markdown report and the HTML matrix (jwt)', async () => {
    const report = await verifySome(['jwt']);
    const durable = report.results.find((r) => r.property === 'revocation.durable')!;
    expect(durable.verdict).toBe('vacuous');
    const text = renderVerifyText(report);
    const row = (name: string) => text.split('\n').find((l) => l.startsWith(name))!;
    expect(row('revocation.durable').trim().endsWith(VERDICT_MARK.vacuous)).toBe(true);
    expect(row('refresh.reuse-revokes-family').trim().endsWith(VERDICT_MARK['n/a'])).toBe(true);
    const model = reportModel(report);
    const md = markdownStrategy(model, 'jwt');
    expect(md).toMatch(/\[`revocation\.durable`\][^\n]*\| ○ vacuous \|/);
    expect(md).toMatch(/\[`refresh\.reuse-revokes-family`\][^\n]*\| – n\/a \|/);
    const html = htmlReport(model);
    expect(html).toContain('○ vacuous');
    expect(html).toContain('– n/a');
  });
});
