/**
 * A property as a student pastes it into coursework: plain text or a BibTeX entry with the ID,
 * title, statement, the quoted source, the expected verdicts, the version and the commit.
 */
import { strategyIds } from '../model/registry.ts';
import type { Property } from '../properties/types.ts';
import type { ProjectInfo } from './projectInfo.ts';

export type CitationFormat = 'text' | 'bibtex';
export const citationFormats: readonly CitationFormat[] = ['text', 'bibtex'];

function expectations(p: Property): string {
  return strategyIds.map((s) => `${s} ${p.expected[s]}`).join(', ');
}

function text(p: Property, info: ProjectInfo): string {
  return [
    `${p.id}: ${p.title}`,
    '',
    `Statement: ${p.statement}`,
    `Source:    ${p.source}`,
    `Expected:  ${expectations(p)}`,
    `Decided by the ${p.decidedBy === 'model' ? 'model (and so on every target)' : p.decidedBy === 'impl' ? 'implementation' : 'real Redis target'}.`,
    '',
    `sessioncheck ${info.version}, commit ${info.commit}, property ${p.id}.`,
    `Reproduce: npx sessioncheck verify --property ${p.id}`,
    '',
  ].join('\n');
}

/** Escapes BibTeX's special characters inside a braced field. */
function bib(value: string): string {
  return value.replace(/\\/g, '\\textbackslash{}').replace(/([{}%&#_$])/g, '\\$1').replace(/~/g, '\\textasciitilde{}').replace(/\^/g, '\\textasciicircum{}');
}

function bibtex(p: Property, info: ProjectInfo): string {
  const fields: [string, string][] = [
    ['title', `{sessioncheck property ${bib(p.id)}: ${bib(p.title)}}`],
    ['author', '{The sessioncheck authors}'],
    ['howpublished', `sessioncheck ${bib(info.version)}, commit ${bib(info.commit)}`],
    ['version', bib(info.version)],
    ['note', `${bib(p.statement)} Source: ${bib(p.source)}. Expected verdicts: ${bib(expectations(p))}.`],
  ];
  const key = `sessioncheck-${p.id.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return `@misc{${key},\n${fields.map(([k, v]) => `  ${k.padEnd(12)} = {${v}}`).join(',\n')}\n}\n`;
}

export function citation(p: Property, info: ProjectInfo, format: CitationFormat): string {
  return format === 'bibtex' ? bibtex(p, info) : text(p, info);
}
