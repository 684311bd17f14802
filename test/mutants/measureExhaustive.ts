/**
 * Measures the mutant battery under bounded-exhaustive testing (what table.ts records in
 * `exhaustive`): `node --import tsx test/mutants/measureExhaustive.ts --depth 4 [--mutant NAME …]`.
 *
 * Per row: `checkStrategy(mutant, { model, properties: [property, 'conformance.model-impl'],
 * runs: 0, seed: 1, exhaustive: depth })` at the default scope (no random runs: only the paths of
 * the model's search, and what checkStrategy always adds), and whether `property` itself is
 * refuted by a path of the search (its detail names the search tree). The counterexample's length
 * is the smallest depth that flags it: the paths of a shallower search are prefixes of these.
 * Prints one line per row, and `--json` the figures. Run it one row per process (`--mutant NAME`)
 * at depth 4 and deeper: a plug-in whose nodes read `ctx.redis` (every `withContext` mutant: its
 * `{ ...ctx }` reads the getter) keeps about 0.3 MB per system opened in this process (an
 * ioredis-mock duplicate connection is never released), and thousands of paths add up.
 */
import { parseArgs } from 'node:util';
import { checkStrategy } from '../../properties/checkStrategy.ts';
import { rows } from './table.ts';

const { values } = parseArgs({ options: { depth: { type: 'string', default: '4' }, mutant: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } } });
const depth = Number(values.depth);
const figures = [];
for (const row of rows) {
  if (values.mutant && !values.mutant.includes(row.mutant)) continue;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const check = await checkStrategy(row.strategy, { model: row.model, properties: [row.property, 'conformance.model-impl'], runs: 0, seed: 1, exhaustive: depth });
  const used = process.cpuUsage(cpu);
  const r = check.results.find((x) => x.property === row.property);
  const byTree = r?.verdict === 'refuted' && /of the model's search tree to depth/.test(r.counterexample?.detail ?? '');
  const figure = {
    mutant: row.mutant, property: row.property, depth, verdict: r?.verdict ?? 'missing', byTree,
    flaggedAt: byTree ? r!.counterexample!.actions.length : null, counterexample: r?.counterexample?.actions ?? null,
    paths: r?.exhaustiveSystem?.paths ?? null, errors: check.errors.map((e) => e.message),
    seconds: Math.round(performance.now() - started) / 1000, cpuSeconds: Math.round((used.user + used.system) / 1e4) / 100,
  };
  figures.push(figure);
  if (!values.json) console.log(JSON.stringify(figure));
}
if (values.json) console.log(JSON.stringify(figures, null, 2));
