/**
 * A plug-in's check (`checkStrategy`'s {@link StrategyCheck}) as one Markdown page: how it was
 * run, its derived table row, whether it conforms to the model it names, and every verdict with
 * its counterexample, witness count or reason. Same check, same bytes (no timestamps, no
 * durations), so the pages under `reports/published/plugins/` can be compared by a test.
 */
import { catalog } from '../properties/catalog.ts';
import type { StrategyCheck } from '../properties/checkStrategy.ts';

/** How the check was run and what the page says about the library. */
export interface PluginReportInfo {
  /** The page's title: the library and how it was set up. */
  readonly title: string;
  /** What was checked and what the verdicts show, in a few sentences of Markdown. */
  readonly summary: string;
  readonly target: string;
  readonly seed: number;
  readonly runs: number;
  /** The command that re-runs the check. */
  readonly command: string;
  readonly version: string;
}

const symbol: Record<string, string> = { holds: '✓ holds', refuted: '✗ refuted', vacuous: '○ vacuous', 'n/a': '– n/a' };

/** The Markdown page of one plug-in check. */
export function renderPluginReport(check: StrategyCheck, info: PluginReportInfo): string {
  const lines: string[] = [
    `# ${info.title}`,
    '',
    `Plug-in \`${check.strategy}\` held to the \`${check.model}\` model on target \`${info.target}\`, seed ${info.seed}, ${info.runs} generated runs per property, sessioncheck ${info.version}.`,
    `Re-run with \`${info.command}\`.`,
    '',
    info.summary.trim(),
    '',
    '## Table row, derived from the verdicts',
    '',
  ];
  if (check.table === null) lines.push('Not derived: a column\'s property was not decided.');
  else {
    lines.push('| Server stateless? | Revoke instantly? | Extra hop? | Failure of one node |', '|---|---|---|---|');
    lines.push(`| ${check.table.serverStateless} | ${check.table.revokeInstantly} | ${check.table.extraHop} | ${check.table.failureOfOneNode} |`);
  }
  lines.push('', `## Conformance to the \`${check.model}\` model`, '');
  const conformance = check.results.find((r) => r.property === 'conformance.model-impl');
  if (check.conforms) lines.push(`It conforms at every step of every run${conformance ? ` (${conformance.runs} runs)` : ''}.`);
  else lines.push(`It does not conform: ${conformance?.counterexample ? `\`${conformance.counterexample.actions.join(', ')}\` — ${conformance.counterexample.detail}` : 'see below'}. From that step on the model is not consulted; every other property keeps judging the system's own trace.`);
  if (check.errors.length > 0) {
    lines.push('', '## Harness errors (no verdicts)', '');
    for (const e of check.errors) lines.push(`- \`${e.code}\`: ${e.message}`);
  }
  lines.push('', '## Every property', '', '✓ holds (no counterexample in the runs), ✗ refuted (with a shrunk counterexample), ○ vacuous (no run reached the property\'s witness), – n/a (with the reason).', '');
  lines.push('| property | verdict | runs | witnessed | counterexample, or why |', '|---|---|---|---|---|');
  for (const p of catalog) {
    const r = check.results.find((x) => x.property === p.id);
    if (!r) continue;
    const evidence = r.counterexample
      ? `\`${r.counterexample.actions.join(', ')}\`: ${r.counterexample.detail}${r.reproducible === false ? ' (did not fail again when replayed)' : ''}`
      // The number of forgeries tried is left out: it depends on the random values a plug-in issues.
      : r.note ?? (r.trials !== undefined ? 'every forged credential tried was refused' : '');
    lines.push(`| \`${p.id}\` ${p.title} | ${symbol[r.verdict]} | ${r.runs} | ${r.witnessed ?? ''} | ${escapeCell(evidence)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
