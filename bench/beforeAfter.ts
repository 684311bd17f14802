/**
 * The before/after table of verdicts per strategy × target × property, from `verify --json`
 * outputs of two versions: `node --import tsx bench/beforeAfter.ts TARGET=BEFORE.json,AFTER.json ...`
 * (a side may be `-` when it was not run). Prints Markdown; docs/verdicts-round3.md is its output.
 */
import { readFileSync } from 'node:fs';

interface Row { strategy: string; property: string; expected: string; verdict: string; witnessed?: number; note?: string; counterexample?: { actions: string[]; detail: string } }
interface Report { results: Row[]; runs: number; seed: number }

const load = (path: string): Report | null => (path === '-' ? null : JSON.parse(readFileSync(path, 'utf8')) as Report);
const sides = process.argv.slice(2).map((arg) => {
  const [target, files] = arg.split('=');
  const [before, after] = files.split(',');
  return { target, before: load(before), after: load(after) };
});

const cell = (r: Row | undefined) => (r === undefined ? '—' : r.verdict === r.expected ? r.verdict : `**${r.verdict}** (expected ${r.expected})`);
const keys = new Map<string, { strategy: string; property: string }>();
for (const s of sides) for (const r of [...(s.before?.results ?? []), ...(s.after?.results ?? [])]) keys.set(`${r.strategy} ${r.property}`, r);

const out: string[] = [];
out.push('| strategy | property | ' + sides.map((s) => `${s.target} before | ${s.target} after`).join(' | ') + ' |');
out.push('|---|---|' + sides.map(() => '---|---|').join(''));
for (const { strategy, property } of keys.values()) {
  const cells = sides.flatMap((s) => [s.before, s.after].map((rep) => cell(rep?.results.find((r) => r.strategy === strategy && r.property === property))));
  const changed = sides.some((s) => {
    const b = s.before?.results.find((r) => r.strategy === strategy && r.property === property);
    const a = s.after?.results.find((r) => r.strategy === strategy && r.property === property);
    return b !== undefined && a !== undefined && (b.verdict !== a.verdict || b.expected !== a.expected);
  });
  out.push(`| ${strategy} | ${changed ? `**${property}**` : property} | ${cells.join(' | ')} |`);
}
out.push('', sides.map((s) => `${s.target}: before ${s.before ? `seed ${s.before.seed}, ${s.before.runs} runs` : 'not run'}; after ${s.after ? `seed ${s.after.seed}, ${s.after.runs} runs` : 'not run'}.`).join(' '));
console.log(out.join('\n'));
