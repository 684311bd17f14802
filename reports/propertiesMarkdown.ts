/**
 * `PROPERTIES.md`, generated from the catalog (the single source): a summary table of expected
 * verdicts, then each property with its statement, the source it formalises, what a
 * counterexample means, and how to cite and check it. A test fails when the committed file is stale.
 */
import { VERDICT_MARK } from './symbols.ts';
import { strategyIds } from '../model/registry.ts';
import { catalog } from '../properties/catalog.ts';
import { strategyTitles } from '../properties/table.ts';
import type { Property } from '../properties/types.ts';
import { githubSlug } from './markdown.ts';

/** The command that rewrites PROPERTIES.md. */
export const regeneratePropertiesCommand = 'npx tsx reports/generateProperties.ts';

const mark = VERDICT_MARK;

const columnTitles: Record<NonNullable<Property['column']>, string> = {
  serverStateless: 'Server stateless?',
  revokeInstantly: 'Revoke instantly?',
  extraHop: 'Extra hop?',
  failureOfOneNode: 'Failure of one node',
};

const decidedBy: Record<Property['decidedBy'], string> = {
  model: 'the model (and so every target)',
  impl: 'the implementation (`--target impl` and up)',
  redis: 'real Redis (`--target redis`)',
};

function section(p: Property): string[] {
  return [
    `## ${p.id}`,
    '',
    `**${p.title}.** ${p.statement}`,
    '',
    `> ${p.source}`,
    '',
    `A counterexample means: ${p.explanation}`,
    '',
    `| ${strategyIds.join(' | ')} |`,
    `|${strategyIds.map(() => '---').join('|')}|`,
    `| ${strategyIds.map((s) => mark[p.expected[s]]).join(' | ')} |`,
    '',
    `Decided by ${decidedBy[p.decidedBy]}.${p.column ? ` Decides the table column "${columnTitles[p.column]}".` : ''}`,
    `Check it: \`npx sessioncheck verify --property ${p.id}\`. Cite it: \`npx sessioncheck cite ${p.id}\`.`,
    '',
  ];
}

export function propertiesMarkdown(): string {
  return [
    '# Properties',
    '',
    `<!-- Generated from properties/catalog.ts by \`${regeneratePropertiesCommand}\`. Do not edit by hand. -->`,
    '',
    'Every cell of the comparison table, and every claim of the prose around it, as a property with a stable ID',
    '(never renamed, never reused). ✓ = expected to hold, ✗ = expected to be refuted with a counterexample,',
    '– = n/a, not applicable; ○ = vacuous, no run can put it at risk. A refuted *safety* property is a bug, never an expectation.',
    '',
    `Strategies: ${strategyIds.map((s) => `\`${s}\` (${strategyTitles[s]})`).join(', ')}.`,
    '',
    `| property | ${strategyIds.join(' | ')} | decided by |`,
    `|---|${strategyIds.map(() => '---').join('|')}|---|`,
    ...catalog.map((p) => `| [\`${p.id}\`](#${githubSlug(p.id)}) | ${strategyIds.map((s) => mark[p.expected[s]]).join(' | ')} | ${p.decidedBy} |`),
    '',
    ...catalog.flatMap(section),
  ].join('\n');
}
