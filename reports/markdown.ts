/**
 * The Markdown report: `index.md` (the derived comparison table and the verdict matrix, every
 * cell linking to its evidence) and one `strategies/<id>.md` per strategy with each property's
 * verdict, and for each counterexample its actions, trace table, sequence diagram, explanation
 * beside the quoted source, and replay command. Written for GitHub, which renders the diagrams.
 */
import type { StrategyId } from '../model/types.ts';
import type { TableRow } from '../properties/results.ts';
import { strategyTitles } from '../properties/table.ts';
import type { TableColumn } from '../properties/types.ts';
import { sequenceDiagram } from './mermaid.ts';
import { tableColumns as columns, evidenceProperty, findCell, replayCommand, type Cell, type CounterexampleEvidence, type ReportModel } from './reportModel.ts';
import { regenerateCommand } from './regenerate.ts';
import { markedVerdict, VERDICT_MARK } from './symbols.ts';

/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
export function githubSlug(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function verdictMark(c: Pick<Cell, 'verdict'>): string {
  return markedVerdict(c.verdict);
}

function expectationMark(e: Cell['expected']): string {
  return VERDICT_MARK[e];
}

function evidenceLink(c: Cell, fromIndex: boolean): string {
  return `${fromIndex ? `strategies/${c.strategy}.md` : ''}#${githubSlug(c.property.id)}`;
}

function matrixCell(c: Cell | undefined): string {
  if (!c) return '';
  const text = c.outcome === 'mismatch' ? `**${verdictMark(c)} (expected ${expectationMark(c.expected)})**` : verdictMark(c);
  return `[${text}](${evidenceLink(c, true)})`;
}

function tableCell(model: ReportModel, row: TableRow, column: TableColumn): string {
  const value = row[column];
  const c = findCell(model, row.strategy, evidenceProperty(column, value));
  return c ? `[${cell(value)}](${evidenceLink(c, true)})` : cell(value);
}

function summary(model: ReportModel): string {
  const mismatches = model.cells.filter((c) => c.outcome === 'mismatch');
  const undecided = model.cells.filter((c) => c.outcome === 'undecided').length;
  const head = mismatches.length === 0
    ? 'Every decided verdict equals the catalog\'s expectation.'
    : `**${mismatches.length} verdict${mismatches.length === 1 ? ' differs' : 's differ'} from the catalog's expectation:** `
      + mismatches.map((c) => `[${c.strategy} × \`${c.property.id}\`](${evidenceLink(c, true)})`).join(', ') + '.';
  return `${head} ${undecided} cell${undecided === 1 ? ' is' : 's are'} n/a (not applicable, or decided only on another target).`;
}

/** `index.md`. */
export function markdownIndex(model: ReportModel): string {
  const out: string[] = [
    '# sessioncheck report',
    '',
    `Target \`${model.target}\`, seed ${model.seed}, ${model.runs} generated runs per property, sessioncheck ${model.version}.`,
    `Regenerate with \`${regenerateCommand(model)}\`.`,
    '',
    summary(model),
    '',
    '## The comparison table, derived from the verdicts',
    '',
    'Each cell links to the property that decides it, with its counterexample or the runs that found none.',
    '',
    `| Approach | ${columns.map(([, title]) => title).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...model.table.map((row) => `| [${strategyTitles[row.strategy]}](strategies/${row.strategy}.md) | ${columns.map(([c]) => tableCell(model, row, c)).join(' | ')} |`),
    '',
    '## Every property, every strategy',
    '',
    '✓ holds (no counterexample in the runs), ✗ refuted (with a shrunk, replayable counterexample), ○ vacuous (no run reached the property\'s witness, so nothing could refute it), – n/a not applicable here. A verdict that differs from the catalog is in bold with the expectation.',
    '',
    `| property | ${model.strategies.join(' | ')} |`,
    `|---|${model.strategies.map(() => '---').join('|')}|`,
    ...model.properties.map((p) => `| \`${p.id}\` ${cell(p.title)} | ${model.strategies.map((s) => matrixCell(findCell(model, s, p.id))).join(' | ')} |`),
    '',
  ];
  return out.join('\n');
}

/** A trace as a Markdown table: step, action, LB choice, response, each node's memory, store keys, clock. */
export function markdownTrace(cx: CounterexampleEvidence): string {
  const nodes = Math.max(cx.initial.nodes.length, ...cx.rows.map((r) => r.after.nodes.length));
  const nodeHeads = Array.from({ length: nodes }, (_, n) => `n${n} memory`);
  const lines = [
    `| step | action | LB choice | response | store trips | ${nodeHeads.join(' | ')} | store keys | clock |`,
    `|---|---|---|---|---|${nodeHeads.map(() => '---').join('|')}|---|---|`,
  ];
  for (const r of cx.rows) {
    const mem = Array.from({ length: nodes }, (_, n) => {
      const node = r.after.nodes[n];
      if (!node) return '';
      return node.up ? node.memory.join(', ') || '—' : 'down';
    });
    const store = `${r.after.store.up ? '' : '(down) '}${r.after.store.keys.join(', ') || '—'}`;
    lines.push(`| ${r.step} | \`${r.action}\` | ${r.lb ?? '—'} | ${r.response ?? '—'} | ${r.storeTrips} | ${mem.map(cell).join(' | ')} | ${cell(store)} | ${r.after.clock}s |`);
  }
  return lines.join('\n');
}

/** Whether the property's check, re-run on the model while rendering, fires at the last step. */
export function firesSentence(cx: CounterexampleEvidence): string {
  if (cx.untraceable !== undefined) return `The model cannot replay these actions (${cx.untraceable}); the finding comes from the implementation.`;
  if (cx.fires === null) return 'Re-run on the model, the property\'s check does not fire at the last step (the counterexample comes from another target).';
  return cx.fires === cx.detail
    ? 'Re-run on the model while this report was written, the property\'s check fires at the last step with the same finding.'
    : `Re-run on the model while this report was written, the property's check fires at the last step: ${cx.fires}.`;
}

function counterexampleSection(cx: CounterexampleEvidence, c: Cell): string[] {
  const n = cx.actions.length;
  return [
    `**Counterexample** (${n} action${n === 1 ? '' : 's'}): ${cx.actions.map((a) => `\`${a}\``).join(' → ')}`,
    '',
    `At the last step: ${cx.detail}.`,
    firesSentence(cx),
    '',
    `**Why this matters.** ${c.property.explanation}`,
    '',
    `> ${c.property.source}`,
    '',
    ...(cx.schedule !== undefined
      // A race is not a sequence of steps: show the interleaving, not the one-at-a-time model trace.
      ? ['The interleaving (fast-check\'s scheduler, in the order tasks were released):', '', '```', cx.schedule, '```', '']
      : cx.rows.length === 0 ? [] : [markdownTrace(cx), '', '```mermaid', sequenceDiagram(cx).trimEnd(), '```', '']),
    'Replay it:',
    '',
    '```sh',
    replayCommand(cx.replay),
    '```',
  ];
}

function propertySection(model: ReportModel, c: Cell): string[] {
  const verdictLine = c.outcome === 'mismatch'
    ? `**${verdictMark(c)}, but the catalog expects ${c.expected}.**`
    : `**${verdictMark(c)}**${c.outcome === 'as-expected' ? ', as expected' : ''}.`;
  const lines = [`## ${c.property.id}`, '', `*${c.property.title}.* ${verdictLine}`, '', c.property.statement, ''];
  if (c.window !== undefined) lines.push(`Observed revocation window: ${c.window} s.`, '');
  if (c.counterexample) lines.push(...counterexampleSection(c.counterexample, c));
  else if (c.verdict === 'holds') lines.push(`No counterexample in ${c.runs} generated runs (seed ${model.seed}).`, '', `> ${c.property.source}`);
  else lines.push(`Not decided here${c.note ? `: ${c.note}` : ''}.`, '', `> ${c.property.source}`);
  lines.push('');
  return lines;
}

/** `strategies/<id>.md`. */
export function markdownStrategy(model: ReportModel, strategy: StrategyId): string {
  const cells = model.cells.filter((c) => c.strategy === strategy);
  const row = model.table.find((r) => r.strategy === strategy);
  const out = [
    `# ${strategyTitles[strategy]} (\`${strategy}\`)`,
    '',
    `[Back to the index](../index.md). Target \`${model.target}\`, seed ${model.seed}, ${model.runs} runs per property.`,
    '',
    ...(row ? [`Derived row: ${columns.map(([c, title]) => `${title} **${row[c]}**`).join(' · ')}.`, ''] : []),
    '| property | expected | verdict | evidence |',
    '|---|---|---|---|',
    ...cells.map((c) => `| [\`${c.property.id}\`](#${githubSlug(c.property.id)}) | ${c.expected} | ${c.outcome === 'mismatch' ? `**${verdictMark(c)}**` : verdictMark(c)} | ${c.counterexample ? `${c.counterexample.actions.length}-step counterexample` : c.verdict === 'holds' ? `${c.runs} runs` : cell(c.note ?? '—')} |`),
    '',
    ...cells.flatMap((c) => propertySection(model, c)),
  ];
  return out.join('\n');
}
