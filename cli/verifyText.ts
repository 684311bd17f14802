/**
 * The human form of `verify`: the comparison table as the source prints it (plus the extra
 * rows), the verdict matrix, then each counterexample with its replay command.
 */
import { VERDICT_MARK } from '../reports/symbols.ts';
import type { StrategyId } from '../model/types.ts';
import { catalog } from '../properties/catalog.ts';
import type { Result, VerifyReport } from '../properties/results.ts';
import { matches } from '../properties/runner.ts';
import { strategyTitles } from '../properties/table.ts';
import { DEFAULT_RUNS, DEFAULT_SEED } from './defaults.ts';

const sourceRows: readonly StrategyId[] = ['sticky', 'central-store', 'jwt'];
const mark = VERDICT_MARK;

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

function table(report: VerifyReport): string[] {
  if (report.table.length === 0) return [];
  const header = ['Approach', 'Server stateless?', 'Revoke instantly?', 'Extra hop?', 'Failure of one node'];
  const row = (r: VerifyReport['table'][number]) => [strategyTitles[r.strategy] ?? r.strategy, r.serverStateless, r.revokeInstantly, r.extraHop, r.failureOfOneNode];
  const source = report.table.filter((r) => sourceRows.includes(r.strategy));
  const extra = report.table.filter((r) => !sourceRows.includes(r.strategy));
  const all = [header, ...source.map(row), ...extra.map(row)];
  const widths = header.map((_, i) => Math.max(...all.map((cells) => [...cells[i]].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const out = ['The comparison table, derived from evidence:', '', line(header), rule, ...source.map(row).map(line)];
  if (extra.length > 0) out.push(rule, ...extra.map(row).map(line));
  return [...out, ''];
}

function matrix(report: VerifyReport): string[] {
  const strategies = [...new Set(report.results.map((r) => r.strategy))];
  const properties = [...new Set(report.results.map((r) => r.property))];
  const at = new Map(report.results.map((r) => [`${r.strategy}/${r.property}`, r]));
  const idWidth = Math.max(8, ...properties.map((p) => p.length));
  const colWidth = strategies.map((s) => Math.max(s.length, 3));
  const out = ['Verdicts (✓ holds, ✗ refuted with a counterexample, ○ vacuous: no run reached the witness, – n/a; ! differs from the expected verdict):', ''];
  out.push(`${pad('property', idWidth)}  ${strategies.map((s, i) => pad(s, colWidth[i])).join('  ')}`.trimEnd());
  for (const p of properties) {
    const cells = strategies.map((s, i) => {
      const r = at.get(`${s}/${p}`);
      const cell = r ? `${mark[r.verdict]}${matches(r) ? '' : '!'}` : '';
      return pad(cell, colWidth[i]);
    });
    out.push(`${pad(p, idWidth)}  ${cells.join('  ')}`.trimEnd());
  }
  return [...out, ''];
}

/** `addItem(u0) ×34` for long runs of one action. */
function runs(actions: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < actions.length; ) {
    let j = i;
    while (j < actions.length && actions[j] === actions[i]) j++;
    out.push(j - i > 2 ? `${actions[i]} ×${j - i}` : actions.slice(i, j).join(', '));
    i = j;
  }
  return out;
}

function counterexamples(report: VerifyReport): string[] {
  const refuted = report.results.filter((r): r is Result & { counterexample: NonNullable<Result['counterexample']> } => r.counterexample !== undefined);
  if (refuted.length === 0) return [];
  const out = ['Counterexamples (shrunk):', ''];
  for (const r of refuted) {
    out.push(`  ${r.strategy} ✗ ${r.property}${matches(r) ? '' : '   <-- expected to hold'}`);
    out.push(`    ${runs(r.counterexample.actions).join(', ')}`);
    out.push(`    ${r.counterexample.detail}`);
    if (r.counterexample.schedule) out.push('    interleaving (fast-check scheduler):', ...r.counterexample.schedule.split('\n').map((line) => `      ${line}`));
    out.push(`    sessioncheck replay ${r.counterexample.replay}`);
  }
  return [...out, ''];
}

/**
 * Why a mismatch may only mean too few runs: an expected counterexample not found, or no run
 * reaching the witness. Says how many runs were tried and which `--runs` finds it (the catalog's
 * expectations are all met with the default runs and seed; more runs help on any seed).
 */
function inconclusive(report: VerifyReport, r: Result): string | null {
  // The catalog's expectations are met by the default programs at the default runs; swarm programs are others.
  const more = (verb: string) => (report.runs < DEFAULT_RUNS && !report.swarm
    ? `the default --runs ${DEFAULT_RUNS}${report.seed === DEFAULT_SEED ? '' : ` with --seed ${DEFAULT_SEED}`} ${verb} it`
    : 'try more --runs');
  const runs = r.runs === 1 ? 'the one run' : `the ${r.runs} runs`;
  if (r.expected === 'refuted' && r.verdict === 'holds') {
    return `the catalog expects a counterexample here, and ${runs} did not find one (it may need a longer or rarer program): ${more('finds')}.`;
  }
  if (r.verdict === 'vacuous') {
    return `${r.runs === 1 ? 'the one run did not reach' : `none of the ${r.runs} runs reached`} the witness (the step where it could fail), so nothing was decided: ${more('reaches')}.`;
  }
  return null;
}

function summary(report: VerifyReport): string[] {
  const off = report.results.filter((r) => !matches(r));
  const decided = report.results.filter((r) => r.verdict !== 'n/a').length;
  const elsewhere = report.results.filter((r) => r.verdict === 'n/a' && r.note?.startsWith('decided on'));
  const out: string[] = [];
  for (const target of ['impl', 'redis']) {
    const ids = [...new Set(elsewhere.filter((r) => r.note!.endsWith(`--target ${target}`)).map((r) => r.property))];
    if (ids.length > 0) out.push(`Decided with --target ${target}, not on ${report.target}: ${ids.join(', ')}.`);
  }
  for (const r of report.results.filter((x) => x.window !== undefined && x.property === 'revocation.bounded')) {
    out.push(`revocation.bounded on ${r.strategy}: the runs saw a revoked credential accepted up to ${r.window}s after the revoke (observed, not a bound).`);
  }
  const depths = [...new Set(report.results.map((r) => r.exhaustiveDepth).filter((d) => d !== undefined))];
  if (depths.length > 0) out.push(`Every ✓ was also checked exhaustively: no action sequence of length ≤ ${Math.min(...(depths as number[]))} breaks it (2 users, 2 nodes; round-robin resolved by the model's pointer, one of the choices a balancer may make).`);
  const played = new Map(report.results.flatMap((r) => (r.exhaustiveSystem ? [[r.strategy, r.exhaustiveSystem] as const] : [])));
  if (played.size > 0) {
    const depth = [...played.values()][0].depth;
    const paths = [...played].map(([strategy, p]) => `${strategy} ${p.paths.toLocaleString('en-US')}`).join(', ');
    out.push(`--exhaustive ${depth}: every edge of the model's search to depth ${depth} was also played on target ${report.target}, one path each (${paths}; 2 users, 2 nodes, user symmetry, without forge and plant): a ✓ means none of them breaks it either.`);
  }
  const forged = report.results.filter((r) => r.property === 'safety.forged-rejected' && r.trials !== undefined);
  if (forged.length > 0) {
    const trials = forged.reduce((sum, r) => sum + (r.trials ?? 0), 0);
    const refuted = forged.filter((r) => r.verdict === 'refuted').map((r) => r.strategy);
    out.push(`safety.forged-rejected: ${trials} forged credentials tried, ${refuted.length === 0 ? '0 accepted' : `one accepted on ${refuted.join(', ')}`}.`);
  }
  for (const r of report.results.filter((x) => x.revisedFrom !== undefined)) {
    const p = catalog.find((c) => c.id === r.property);
    out.push(`Revised: ${r.strategy} ${r.property} is expected ${r.expected} (was ${r.revisedFrom}): ${p?.revised?.[r.strategy]?.evidence ?? ''}`);
  }
  const vacuous = report.results.filter((r) => r.verdict === 'vacuous');
  if (vacuous.length > 0) out.push(`Vacuous (no run reached the witness, so nothing could fail): ${vacuous.map((r) => `${r.strategy} ${r.property}`).join(', ')}.`);
  for (const r of report.results.filter((x) => x.reproducible === false)) {
    out.push(`Not reproducible: ${r.strategy} ${r.property} failed in one run and not on replay (a race or a timing); its trace is the unshrunk run.`);
  }
  for (const e of report.errors ?? []) out.push(`ERROR ${e.strategy}${e.property === '*' ? '' : ` ${e.property}`}: ${e.code}: ${e.message} (a harness failure: no verdict)`);
  for (const r of off) {
    const p = catalog.find((c) => c.id === r.property);
    out.push(`MISMATCH ${r.strategy} ${r.property}: expected ${r.expected}, got ${r.verdict}${p ? ` (${p.title})` : ''}`);
    const hint = inconclusive(report, r);
    if (hint) out.push(`  ${hint}`);
  }
  out.push(off.length === 0
    ? `ok: all ${decided} decided verdicts equal their expectations (target ${report.target}, seed ${report.seed}, ${report.runs} runs per cell${report.swarm ? ', swarm programs' : ''}).`
    : `NOT ok: ${off.length} of ${decided} decided verdicts differ from their expectations.`);
  return out;
}

export function renderVerifyText(report: VerifyReport): string {
  return [...table(report), ...matrix(report), ...counterexamples(report), ...summary(report)].join('\n') + '\n';
}
