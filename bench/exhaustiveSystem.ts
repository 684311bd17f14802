/**
 * Bounded-exhaustive testing of systems, measured (a documented command, not part of `npm run
 * bench`: depth 5 on every strategy takes tens of minutes):
 *
 *   node --import tsx bench/exhaustiveSystem.ts --counts 4,5,6
 *   node --import tsx bench/exhaustiveSystem.ts --depth 5 --target impl [--strategy sticky …] [--concurrency N]
 *
 * `--counts` prints, per strategy and depth, how many paths `verify --exhaustive D` plays (one per
 * edge of the model's search, prefixes left out; model/explore/tree.ts), beside the search's
 * distinct states, edges and tree leaves, and the seconds to build the tree. `--depth` plays them
 * on a target with every property `verify` judges on a system's runs for that strategy (as
 * `verify --target T --exhaustive D --runs` would, without the random runs), and prints wall time
 * and this process's CPU time (user + system: on a shared machine the wall time grows with the
 * load, the CPU time much less). `--json` prints the figures as JSON.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { builtinStrategy, openSystem } from '../impl/index.ts';
import { strategyIds } from '../model/registry.ts';
import { defaultScope } from '../model/scope.ts';
import type { StrategyId } from '../model/types.ts';
import { catalog } from '../properties/catalog.ts';
import { modelTree, playTree } from '../properties/exhaustiveSystem.ts';
import { judgedOnRuns } from '../properties/systemRunner.ts';

const { values } = parseArgs({
  options: {
    counts: { type: 'string' },
    depth: { type: 'string' },
    target: { type: 'string', default: 'impl' },
    strategy: { type: 'string', multiple: true },
    concurrency: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const strategies = (values.strategy ?? [...strategyIds]) as StrategyId[];
const int = (n: number) => n.toLocaleString('en-US');
const out: Record<string, unknown> = { loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100) };

if (values.counts) {
  const rows = [];
  for (const depth of values.counts.split(',').map(Number)) {
    for (const strategy of strategies) {
      const started = performance.now();
      const tree = modelTree(strategy, defaultScope, depth);
      rows.push({ strategy, depth, paths: tree.playFrom.length, distinct: tree.parents.size, edges: tree.edges, leaves: tree.leaves.length, seconds: Math.round(performance.now() - started) / 1000 });
    }
  }
  out.counts = rows;
  if (!values.json) {
    console.log('| strategy | depth | paths played | distinct states | edges | tree leaves | s to build |\n| --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows) console.log(`| ${r.strategy} | ${r.depth} | ${int(r.paths)} | ${int(r.distinct)} | ${int(r.edges)} | ${int(r.leaves)} | ${r.seconds} |`);
  }
}

if (values.depth) {
  const depth = Number(values.depth);
  const target = values.target as 'impl' | 'sockets' | 'redis';
  const rows = [];
  for (const strategy of strategies) {
    const properties = catalog.filter((p) => p.expected[strategy] !== 'n/a' && judgedOnRuns(p) && !p.undecidableOnSystems?.[strategy]);
    const open = () => openSystem(builtinStrategy(strategy), { target, scope: defaultScope, seed: 1 });
    const started = performance.now();
    const cpu = process.cpuUsage();
    let last = 0;
    const outcome = await playTree(properties, {
      depth, scope: defaultScope, target, open, model: strategy, ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
      onPath: (done, total) => {
        if (done - last >= 1000 || done === total) {
          last = done;
          process.stderr.write(`\r${strategy}: ${int(done)}/${int(total)} paths, ${Math.round((performance.now() - started) / 1000)} s`);
        }
      },
    });
    process.stderr.write('\n');
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = (used.user + used.system) / 1e6;
    const refuted = outcome.verdicts.filter((v) => v.verdict === 'refuted').map((v) => `${v.property} (${v.counterexample!.actions.length})`);
    rows.push({ strategy, depth, target, paths: outcome.paths, properties: properties.length, seconds: Math.round(seconds * 10) / 10, cpuSeconds: Math.round(cpuSeconds * 10) / 10, pathsPerCpuSecond: Math.round(outcome.paths / cpuSeconds), refuted, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) });
    if (!values.json) {
      const r = rows[rows.length - 1];
      console.log(`| ${r.strategy} | ${r.target} | ${r.depth} | ${int(r.paths)} | ${r.properties} | ${r.seconds} | ${r.cpuSeconds} | ${int(r.pathsPerCpuSecond)} | ${r.loadAverage[0]} | ${r.refuted.join(', ') || '–'} |`);
    }
  }
  out.plays = rows;
}
if (values.json) console.log(JSON.stringify(out, null, 2));
