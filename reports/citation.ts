/**
 * A property as a student pastes it into coursework: plain text or a BibTeX entry with the ID,
 * title, statement, the quoted source, the expected verdicts, the version and the commit.
 */
import { strategyIds } from '../model/registry.ts';
import type { Property } from '../properties/types.ts';
import type { ProjectInfo } from './projectInfo.ts';

export type CitationFormat = 'text' | 'bibtex';
export const citationFormats: readonly CitationFormat[] = ['text', 'bibtex'];

/** The command that reproduces the property's verdicts exactly: version, target, seed and runs. */
export function reproduceCommand(p: Property, info: ProjectInfo): string {
  const target = p.decidedBy === 'model' ? 'model' : p.decidedBy === 'impl' ? 'impl' : 'redis';
  return `npx sessioncheck@${info.version} verify --target ${target} --property ${p.id} --seed ${CITED_SEED} --runs ${CITED_RUNS}`;
}

/** The seed and runs of the committed report set (reports/published), which a citation points to. */
const CITED_SEED = 1;
const CITED_RUNS = 200;

/** The document whose claims the catalog formalises. */
const SOURCE_DOCUMENT = 'the classic comparison of session strategies behind a load balancer (sticky sessions, a central session store, stateless JWTs), as formalised in sessioncheck\'s catalog';

function expectations(p: Property): string {
  return strategyIds.map((s) => `${s} ${p.expected[s]}`).join(', ');
}

function text(p: Property, info: ProjectInfo): string {
  return [
    `${p.id}: ${p.title}`,
    '',
    `Statement: ${p.statement}`,
    `Source:    ${p.source} (from ${SOURCE_DOCUMENT})`,
    `Expected:  ${expectations(p)}`,
    `Decided by the ${p.decidedBy === 'model' ? 'model (and so on every target)' : p.decidedBy === 'impl' ? 'implementation' : 'real Redis target'}.`,
    '',
    `The sessioncheck authors (${info.year}). sessioncheck ${info.version}, commit ${info.commit}, property ${p.id}.`,
    `Reproduce: ${reproduceCommand(p, info)}`,
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
    ['year', bib(info.year)],
    ['version', bib(info.version)],
    ['note', `${bib(p.statement)} Source: ${bib(p.source)} (from ${bib(SOURCE_DOCUMENT)}). Expected verdicts: ${bib(expectations(p))}. Reproduce: ${bib(reproduceCommand(p, info))}.`],
  ];
  const key = `sessioncheck-${p.id.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return `@misc{${key},\n${fields.map(([k, v]) => `  ${k.padEnd(12)} = {${v}}`).join(',\n')}\n}\n`;
}

export function citation(p: Property, info: ProjectInfo, format: CitationFormat): string {
  return format === 'bibtex' ? bibtex(p, info) : text(p, info);
}
