/**
 * Swarm testing against default generation on the mutant battery (test/mutants/table.ts): every
 * mutant is checked as mutants.test.ts checks it — `checkStrategy(mutant, { model, properties:
 * [property, 'conformance.model-impl'], runs, seed })` — once with the default programs and once
 * with `swarm: true`, at each run count and seed, and the verdict of its own property is kept.
 *
 *   npx tsx bench/swarm.ts [--runs 60,200] [--seeds 1,2,3] [--mutant NAME]... [--json] [--out FILE]
 *   npx tsx bench/swarm.ts --tables FILE [--seeds 1,2,3]
 *
 * Prints Markdown tables (with `--json`, the JSON instead); `--out FILE` also writes the JSON, after
 * every check (`complete: false` until the last). `--tables FILE` prints the tables of such a file
 * (`--seeds`: of those seeds only).
 * One line per check goes to stderr as it finishes. CPU heavy (two modes × run counts × seeds ×
 * 38 mutants, each run a fresh in-process system): run it niced on a shared machine.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkStrategy } from '../properties/checkStrategy.ts';
import { rows, type MutantRow } from '../test/mutants/table.ts';

type Mode = 'default' | 'swarm';
const modes: readonly Mode[] = ['default', 'swarm'];

/** How a refutation came about. */
type Via =
  /** A generated run broke the property (`firstFailure` is its 1-based index). */
  | 'runs'
  /** No run reached the witness; the model's shortest path to it, replayed on the mutant, broke it. */
  | 'witness-path'
  /** The implementation-only check (forgeries, fixation, lost updates): independent of the programs. */
  | 'impl-check';

export interface SwarmCheck {
  readonly mutant: string;
  readonly property: string;
  readonly mode: Mode;
  readonly runs: number;
  readonly seed: number;
  readonly verdict: string;
  readonly via?: Via;
  /** `via: 'runs'`: the 1-based index of the first generated run that broke the property. */
  readonly firstFailure?: number;
  /** Runs that reached the property's witness. */
  readonly witnessed?: number;
  readonly seconds: number;
  /**
   * Not run: taken from the check at a larger run count. Run i is the same program whatever the
   * run count (fast-check draws run i from the seed and i), so a first failure at run k ≤ runs is
   * this check's result too (refuted at run k, by the same run).
   */
  readonly derivedFrom?: number;
}

const WITNESS_PATH = "(on the model's shortest path to the property's witness)";

async function check(row: MutantRow, mode: Mode, runs: number, seed: number): Promise<SwarmCheck> {
  const started = performance.now();
  const result = await checkStrategy(row.strategy, {
    model: row.model, properties: [row.property, 'conformance.model-impl'], runs, seed, ...(mode === 'swarm' ? { swarm: true } : {}),
  });
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  if (result.errors.length > 0) throw new Error(`${row.mutant}: harness error ${result.errors[0].code}: ${result.errors[0].message}`);
  const r = result.results.find((x) => x.property === row.property)!;
  const base = { mutant: row.mutant, property: row.property, mode, runs, seed, verdict: r.verdict, ...(r.witnessed !== undefined ? { witnessed: r.witnessed } : {}), seconds };
  if (r.verdict !== 'refuted') return base;
  if (r.counterexample?.detail.includes(WITNESS_PATH)) return { ...base, via: 'witness-path' };
  if (r.witnessed === undefined) return { ...base, via: 'impl-check' };
  return { ...base, via: 'runs', firstFailure: r.runs };
}

const list = (text: string) => text.split(',').map((s) => Number.parseInt(s, 10)).filter((n) => Number.isSafeInteger(n));

export async function benchSwarm(options: { runs: readonly number[]; seeds: readonly number[]; mutants: readonly MutantRow[] }, onCheck?: (done: readonly SwarmCheck[]) => void): Promise<SwarmCheck[]> {
  const out: SwarmCheck[] = [];
  // Seed by seed (every mutant of a seed before the next seed), so a stopped run is whole seeds.
  for (const seed of options.seeds) {
    for (const row of options.mutants) {
      // Largest run count first: a smaller one whose result it already decides is not run again.
      const larger = new Map<Mode, SwarmCheck>();
      for (const runs of [...options.runs].sort((a, b) => b - a)) {
        for (const mode of modes) {
          const known = larger.get(mode);
          const c = known?.firstFailure !== undefined && known.firstFailure <= runs
            ? { mutant: known.mutant, property: known.property, mode, runs, seed, verdict: known.verdict, via: known.via, firstFailure: known.firstFailure, seconds: 0, derivedFrom: known.runs }
            : await check(row, mode, runs, seed);
          if (!known) larger.set(mode, c);
          out.push(c);
          onCheck?.(out);
          process.stderr.write(`${row.mutant} ${mode} runs=${runs} seed=${seed}: ${c.verdict}${c.via ? ` via ${c.via}` : ''}${c.firstFailure ? ` at run ${c.firstFailure}` : ''} (${c.derivedFrom ? `from the ${c.derivedFrom}-run check` : `${c.seconds}s`})\n`);
        }
      }
    }
  }
  return out;
}

/** The Markdown tables: totals per run count and mode, then one row per mutant. */
export function swarmTables(checks: readonly SwarmCheck[], runsList: readonly number[], seeds: readonly number[]): string {
  const mutants = [...new Set(checks.map((c) => c.mutant))];
  const find = (mutant: string, mode: Mode, runs: number, seed: number) => checks.find((c) => c.mutant === mutant && c.mode === mode && c.runs === runs && c.seed === seed);
  const flagged = (c: SwarmCheck | undefined) => c?.verdict === 'refuted';
  const byRuns = (c: SwarmCheck | undefined) => c?.verdict === 'refuted' && c.via === 'runs';
  const out: string[] = [];
  out.push(`Totals (${mutants.length} mutants, seeds ${seeds.join(', ')}): mutants whose own property is refuted, per seed; "any"/"all": on at least one / on every seed; "by runs": refuted by a generated run (not by the model's witness path or an implementation-only check).`, '');
  out.push('| runs | mode | flagged per seed | any seed | all seeds | flagged by runs, per seed | mutant-seed pairs flagged | pairs only this mode flags |', '|---|---|---|---|---|---|---|---|');
  for (const runs of runsList) {
    for (const mode of modes) {
      const perSeed = seeds.map((s) => mutants.filter((m) => flagged(find(m, mode, runs, s))).length);
      const byRunsPerSeed = seeds.map((s) => mutants.filter((m) => byRuns(find(m, mode, runs, s))).length);
      const any = mutants.filter((m) => seeds.some((s) => flagged(find(m, mode, runs, s)))).length;
      const all = mutants.filter((m) => seeds.every((s) => flagged(find(m, mode, runs, s)))).length;
      const pairs = perSeed.reduce((a, b) => a + b, 0);
      const other: Mode = mode === 'default' ? 'swarm' : 'default';
      const only = mutants.flatMap((m) => seeds.filter((s) => flagged(find(m, mode, runs, s)) && !flagged(find(m, other, runs, s))).map((s) => `${m} (seed ${s})`));
      out.push(`| ${runs} | ${mode} | ${perSeed.join(' / ')} | ${any} | ${all} | ${byRunsPerSeed.join(' / ')} | ${pairs} of ${mutants.length * seeds.length} | ${only.length}${only.length > 0 && only.length <= 6 ? `: ${only.join(', ')}` : ''} |`);
    }
  }
  const most = Math.max(...runsList);
  const both = mutants.flatMap((m) => seeds.flatMap((s) => {
    const d = find(m, 'default', most, s);
    const w = find(m, 'swarm', most, s);
    return byRuns(d) && byRuns(w) ? [[d!.firstFailure!, w!.firstFailure!] as const] : [];
  }));
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted.length === 0 ? NaN : sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  };
  out.push('', `Runs to the first failure, over the ${both.length} mutant-seed pairs that both modes refute by a generated run within ${most} runs: swarm earlier in ${both.filter(([d, w]) => w < d).length}, later in ${both.filter(([d, w]) => w > d).length}, the same run in ${both.filter(([d, w]) => w === d).length}; median run default ${median(both.map(([d]) => d))}, swarm ${median(both.map(([, w]) => w))}.`);
  out.push('', 'Per mutant: for each seed, the run that first broke the property (`·` not refuted; `w` refuted by the model\'s witness path only; `i` by the implementation-only check), at the largest run count.', '');
  out.push(`| mutant | property | default (${most} runs) | swarm (${most} runs) | differs |`, '|---|---|---|---|---|');
  const cell = (c: SwarmCheck | undefined) => (!c || c.verdict !== 'refuted' ? '·' : c.via === 'runs' ? String(c.firstFailure) : c.via === 'witness-path' ? 'w' : 'i');
  for (const m of mutants) {
    const d = seeds.map((s) => cell(find(m, 'default', most, s)));
    const w = seeds.map((s) => cell(find(m, 'swarm', most, s)));
    const dCount = d.filter((x) => x !== '·').length;
    const wCount = w.filter((x) => x !== '·').length;
    const differs = wCount > dCount ? 'swarm finds more' : wCount < dCount ? 'default finds more' : '';
    out.push(`| \`${m}\` | \`${checks.find((c) => c.mutant === m)!.property}\` | ${d.join(' / ')} | ${w.join(' / ')} | ${differs} |`);
  }
  return out.join('\n') + '\n';
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, seeds: { type: 'string' }, mutant: { type: 'string', multiple: true }, json: { type: 'boolean' }, out: { type: 'string' }, tables: { type: 'string' } } });
  if (values.tables) {
    const saved = JSON.parse(readFileSync(values.tables, 'utf8')) as { runs: number[]; seeds: number[]; complete: boolean; checks: SwarmCheck[] };
    const wanted = values.seeds ? list(values.seeds) : saved.seeds;
    const seeds = saved.seeds.filter((s) => wanted.includes(s) && (saved.complete || saved.checks.filter((c) => c.seed === s).length === 2 * saved.runs.length * rows.length));
    process.stdout.write(`${saved.complete ? '' : `(a stopped run: the seeds it finished, ${seeds.join(', ')})\n\n`}${swarmTables(saved.checks.filter((c) => seeds.includes(c.seed)), saved.runs, seeds)}`);
    return;
  }
  const runs = list(values.runs ?? '60,200').sort((a, b) => a - b);
  const seeds = list(values.seeds ?? '1,2,3');
  const mutants = values.mutant ? rows.filter((r) => values.mutant!.includes(r.mutant)) : rows;
  if (runs.length === 0 || seeds.length === 0 || mutants.length === 0) throw new Error('nothing to run: check --runs, --seeds and --mutant');
  const started = performance.now();
  const document = (checks: readonly SwarmCheck[], complete: boolean) => JSON.stringify({ runs, seeds, complete, seconds: Math.round((performance.now() - started) / 1000), checks }, null, 2) + '\n';
  // --out is rewritten after every check (complete: false until the end), so a stopped run keeps what it measured.
  const checks = await benchSwarm({ runs, seeds, mutants }, values.out ? (done) => writeFileSync(values.out!, document(done, false)) : undefined);
  const json = document(checks, true);
  if (values.out) writeFileSync(values.out, json);
  process.stdout.write(values.json ? json : swarmTables(checks, runs, seeds));
}

await main();
