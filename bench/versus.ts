/**
 * Conformance speed against a reference version of this repository, measured in the same process
 * and interleaved (so both sides meet the same machine state): `checkConformance(builtinStrategy(id),
 * id, { target: 'impl', runs, seed, concurrency })` from the working tree and from `--ref DIR` (a
 * checkout of an older commit, e.g. `git worktree add /tmp/ref 05fa458 && ln -s "$PWD/node_modules"
 * /tmp/ref/node_modules`), alternating per round; actions are counted by `onStep` (shrinking
 * included), over wall time and over the process's CPU time. Prints JSON: per strategy the median
 * round of each side and the ratio current / reference.
 *
 *   node --import tsx bench/versus.ts --ref /tmp/ref [--runs 600] [--rounds 3] [--concurrency 1] [--seed 1]
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strategyIds } from '../model/registry.ts';

const argv = process.argv.slice(2);
const flag = (name: string, fallback?: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const refDir = flag('--ref');
if (!refDir) {
  process.stderr.write('usage: node --import tsx bench/versus.ts --ref DIR [--runs N] [--rounds N] [--concurrency N] [--seed N]\n');
  process.exit(2);
}
const runs = Number(flag('--runs', '600'));
const rounds = Number(flag('--rounds', '3'));
const concurrency = Number(flag('--concurrency', '1'));
const seed = Number(flag('--seed', '1'));

interface Side {
  checkConformance: (implementation: unknown, model: string, options: Record<string, unknown>) => Promise<{ verdict: string }>;
  builtinStrategy: (id: string) => unknown;
}

async function load(dir: string): Promise<Side> {
  const url = (path: string) => pathToFileURL(join(resolve(dir), path)).href;
  const { checkConformance } = await import(url('properties/checkConformance.ts'));
  const { builtinStrategy } = await import(url('impl/strategies/index.ts'));
  return { checkConformance, builtinStrategy };
}

const sides = { reference: await load(refDir), current: await load(join(import.meta.dirname, '..')) };

interface Round { actions: number; seconds: number; cpuSeconds: number; verdict: string }

async function measure(side: Side, id: string): Promise<Round> {
  let actions = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await side.checkConformance(side.builtinStrategy(id), id, { target: 'impl', runs, seed, concurrency, onStep: () => { actions++; } });
  const used = process.cpuUsage(cpu);
  return { actions, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, verdict: result.verdict };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out: Record<string, unknown> = {};
for (const id of strategyIds) {
  // One warm-up each, not counted (module loading and JIT).
  await measure(sides.reference, id);
  await measure(sides.current, id);
  const figures = { reference: [] as Round[], current: [] as Round[] };
  for (let r = 0; r < rounds; r++) {
    for (const name of (r % 2 === 0 ? ['reference', 'current'] : ['current', 'reference']) as ('reference' | 'current')[]) figures[name].push(await measure(sides[name], id));
  }
  const summary = (rs: Round[]) => ({
    actions: rs[0].actions, verdict: rs[0].verdict,
    actionsPerSecond: Math.round(median(rs.map((r) => r.actions / r.seconds))),
    actionsPerCpuSecond: Math.round(median(rs.map((r) => r.actions / r.cpuSeconds))),
  });
  const reference = summary(figures.reference);
  const current = summary(figures.current);
  out[id] = { reference, current, ratio: Math.round((current.actionsPerSecond / reference.actionsPerSecond) * 100) / 100, cpuRatio: Math.round((current.actionsPerCpuSecond / reference.actionsPerCpuSecond) * 100) / 100 };
  process.stderr.write(`${id}: ${JSON.stringify(out[id])}\n`);
}
const ratios = Object.values(out).map((o) => (o as { ratio: number }).ratio);
const geomean = Math.round(Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length) * 100) / 100;
process.stdout.write(`${JSON.stringify({ tool: 'sessioncheck-bench-versus', reference: resolve(refDir), runs, rounds, concurrency, seed, strategies: out, geometricMeanRatio: geomean }, null, 2)}\n`);
