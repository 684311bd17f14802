/**
 * `sessioncheck merge FILE... [--json] [--out DIR]`: combines the `--json` outputs of every shard
 * of one sharded run (`verify --shard I/N` or `explore --shard I/N`, e.g. on separate CI runners)
 * into what the unsharded run prints: the same verdicts, counterexamples and counts (explore's
 * `seconds` is the shards' sum and `statesPerSecond` follows from it). Bad usage (exit 2): a file
 * that is not a shard's JSON, shards of different runs (command, version, target, seed, runs,
 * swarm, selection, scope or shard count), a shard given twice or missing, an explore shard stopped by
 * --max-states. Otherwise the exit code is the merged run's: verify's (0, 1, 3) or explore's (0, 1).
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mergeShards, type PropertyOutcome } from '../../model/explore/index.ts';
import type { StrategyId } from '../../model/types.ts';
import { catalog } from '../../properties/catalog.ts';
import { mergeVerifyReports } from '../../properties/mergeVerify.ts';
import type { VerifyReport } from '../../properties/results.ts';
import { cellKey, shardCells, type Shard } from '../../properties/shard.ts';
import { renderReport, writeReport } from '../../reports/render.ts';
import { parseFlags } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';
import { renderVerifyText } from '../verifyText.ts';
import { verifyExitCode, writeVerifyFiles } from '../verifyOutput.ts';
import type { ExploreJson } from './explore.ts';

interface Input<T> {
  readonly file: string;
  readonly doc: T;
  readonly shard: Shard;
}

type Kind = { kind: 'verify'; doc: VerifyReport } | { kind: 'explore'; doc: ExploreJson[]; array: boolean };

function read(file: string): Kind {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError('ERR_BAD_SHARD_FILE', `cannot read ${file}: ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError('ERR_BAD_SHARD_FILE', `${file} is not JSON; merge takes what "verify --json --shard I/N" or "explore --json --shard I/N" printed`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const hasShard = (v: Record<string, unknown>) => isObject(v.shard) && Number.isInteger(v.shard.index) && Number.isInteger(v.shard.count);
  if (isObject(doc) && doc.tool === 'sessioncheck' && Array.isArray(doc.results)) {
    if (!hasShard(doc)) throw new UsageError('ERR_BAD_SHARD_FILE', `${file} is a whole verify run, not a shard (run verify with --shard I/N)`);
    return { kind: 'verify', doc: doc as unknown as VerifyReport };
  }
  const list = Array.isArray(doc) ? doc : [doc];
  if (list.length > 0 && list.every((o) => isObject(o) && typeof o.strategy === 'string' && Array.isArray(o.results))) {
    if (!list.every((o) => hasShard(o as Record<string, unknown>))) throw new UsageError('ERR_BAD_SHARD_FILE', `${file} is a whole explore run, not a shard (run explore with --shard I/N)`);
    return { kind: 'explore', doc: list as ExploreJson[], array: Array.isArray(doc) };
  }
  throw new UsageError('ERR_BAD_SHARD_FILE', `${file} is not the JSON of a shard; merge takes what "verify --json --shard I/N" or "explore --json --shard I/N" printed`);
}

/** The same value in every shard, or a usage error naming the first two files that differ. */
function same<T>(inputs: readonly Input<T>[], what: string, get: (doc: T) => unknown): void {
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const first = show(get(inputs[0].doc));
  const other = inputs.find((i) => show(get(i.doc)) !== first);
  if (other) {
    throw new UsageError('ERR_SHARD_MISMATCH', `the shards are not of one run: ${inputs[0].file} has ${what} ${first}, ${other.file} has ${what} ${show(get(other.doc))}`);
  }
}

/** Every shard 1..N exactly once; returns the inputs in shard order. */
function complete<T>(inputs: readonly Input<T>[]): Input<T>[] {
  const count = inputs[0].shard.count;
  const byIndex = new Map<number, Input<T>>();
  for (const input of inputs) {
    const twin = byIndex.get(input.shard.index);
    if (twin) throw new UsageError('ERR_SHARD_DUPLICATE', `shard ${input.shard.index}/${count} is given twice: ${twin.file} and ${input.file}`);
    byIndex.set(input.shard.index, input);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new UsageError('ERR_SHARD_MISSING', `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} missing; given: ${[...byIndex.keys()].sort((a, b) => a - b).map((i) => `${i}/${count}`).join(', ')}`);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, input]) => input);
}

function mergeVerify(inputs: Input<VerifyReport>[]): VerifyReport {
  same(inputs, 'shard count', (d) => d.shard!.count);
  same(inputs, 'version', (d) => d.version);
  same(inputs, 'target', (d) => d.target);
  same(inputs, 'seed', (d) => d.seed);
  same(inputs, 'runs', (d) => d.runs);
  same(inputs, 'swarm', (d) => d.swarm === true);
  same(inputs, 'strategies', (d) => d.shard!.strategies);
  same(inputs, 'properties', (d) => d.shard!.properties);
  const ordered = complete(inputs);
  for (const { file, doc, shard } of ordered) {
    // A shard holds exactly its own cells (a strategy with a harness error holds none of them).
    const { strategies, properties } = doc.shard!;
    const failed = new Set((doc.errors ?? []).map((e) => e.strategy));
    const want = [...shardCells(doc.target, strategies, properties, shard)].filter((k) => !failed.has(k.split(' ')[0])).sort();
    const have = doc.results.map((r) => cellKey(r.strategy, r.property)).sort();
    if (JSON.stringify(want) !== JSON.stringify(have)) {
      throw new UsageError('ERR_SHARD_MISMATCH', `${file} does not hold the cells shard ${shard.index}/${shard.count} decides (${have.length} results, ${want.length} expected): it was edited or comes from another version`);
    }
  }
  return mergeVerifyReports(ordered.map((i) => i.doc));
}

function mergeExplore(inputs: Input<{ list: ExploreJson[]; array: boolean }>[]): ExploreJson[] {
  const block = (d: { list: ExploreJson[] }) => d.list[0].shard!;
  same(inputs, 'shard count', (d) => block(d).count);
  same(inputs, 'version', (d) => block(d).version);
  same(inputs, 'strategies', (d) => d.list.map((o) => o.strategy));
  same(inputs, 'depth', (d) => d.list[0].depth);
  same(inputs, 'users', (d) => block(d).users);
  same(inputs, 'nodes', (d) => block(d).nodes);
  same(inputs, 'symmetry', (d) => block(d).symmetry);
  same(inputs, 'max-states', (d) => block(d).maxStates);
  same(inputs, 'the output form (one object or an array)', (d) => d.array);
  const ordered = complete(inputs);
  return ordered[0].doc.list.map((head, s) => {
    const parts = ordered.map(({ file, doc }) => {
      const o = doc.list[s];
      if (!o.shard!.complete) throw new UsageError('ERR_SHARD_INCOMPLETE', `${file}: --max-states stopped the search of ${o.strategy} before depth ${o.depth}, so the merged counts would not be the whole run's; run that shard with a larger --max-states`);
      const results: PropertyOutcome[] = o.results.map((r, p) => ({ property: r.property, verdict: r.verdict as PropertyOutcome['verdict'], counterexample: r.counterexample, detail: null, depth: o.shard!.depths[p] }));
      return { depth: o.depth, shard: o.shard!, results };
    });
    const merged = mergeShards(parts);
    const seconds = Number(ordered.reduce((sum, { doc }) => sum + doc.list[s].seconds, 0).toFixed(3));
    return {
      strategy: head.strategy,
      depth: head.depth,
      states: merged.states,
      distinctStates: merged.distinctStates,
      seconds,
      statesPerSecond: seconds > 0 ? Math.round(merged.states / seconds) : 0,
      // Shards run on the readable engine (the flat one does not shard); older shards say nothing.
      engine: head.engine ?? 'readable',
      ...(head.engineFallback ? { engineFallback: head.engineFallback } : {}),
      results: merged.from.map((i, p) => ordered[i].doc.list[s].results[p]),
    };
  });
}

function exploreText(merged: readonly ExploreJson[], shards: number): string {
  return merged.map((o) => {
    const expected = new Map(catalog.map((p) => [p.id as string, p.expected[o.strategy as StrategyId]]));
    const rows = o.results.map((r) => `  ${r.property.padEnd(32)}${r.verdict.padEnd(9)}${(expected.get(r.property) ?? '?').padEnd(10)}${r.counterexample?.join(', ') ?? ''}`.trimEnd());
    return `${o.strategy}: depth ${o.depth}; ${o.states.toLocaleString('en-US')} states, ${o.distinctStates.toLocaleString('en-US')} distinct, merged from ${shards} shards\n${rows.join('\n')}\n`;
  }).join('\n');
}

export const merge: Command = async (args, io) => {
  const { values, positionals } = parseFlags(args, { json: { type: 'boolean' }, out: { type: 'string' } }, true);
  if (positionals.length === 0) throw new UsageError('ERR_MISSING_ARGUMENT', 'merge takes the --json output of every shard of one run: sessioncheck merge shard-1.json shard-2.json …');
  const read_ = positionals.map((file) => ({ file, ...read(file) }));
  const kinds = new Set(read_.map((r) => r.kind));
  if (kinds.size > 1) {
    const v = read_.find((r) => r.kind === 'verify')!;
    const e = read_.find((r) => r.kind === 'explore')!;
    throw new UsageError('ERR_SHARD_MISMATCH', `the shards are not of one run: ${v.file} is a verify shard, ${e.file} an explore shard`);
  }
  if (read_[0].kind === 'verify') {
    const inputs = read_.map((r) => ({ file: r.file, doc: r.doc as VerifyReport, shard: (r.doc as VerifyReport).shard! }));
    const report = mergeVerify(inputs);
    const json = JSON.stringify(report, null, 2) + '\n';
    const text = renderVerifyText(report);
    if (values.out) {
      await writeVerifyFiles(values.out, json, text);
      writeReport(values.out, renderReport(report));
    }
    io.out(values.json ? json : text);
    return verifyExitCode(report, io);
  }
  const inputs = read_.map((r) => {
    const k = r as Kind & { kind: 'explore' } & { file: string };
    return { file: r.file, doc: { list: k.doc, array: k.array }, shard: k.doc[0].shard! as Shard };
  });
  const merged = mergeExplore(inputs);
  const array = inputs[0].doc.array;
  const json = `${JSON.stringify(array ? merged : merged[0], null, 2)}\n`;
  if (values.out) {
    await mkdir(values.out, { recursive: true });
    await writeFile(join(values.out, 'explore.json'), json);
  }
  io.out(values.json ? json : exploreText(merged, inputs.length));
  const contradicted = merged.some((o) => o.results.some((r) => r.verdict === 'refuted' && catalog.find((p) => p.id === r.property)?.expected[o.strategy] === 'holds'));
  return contradicted ? 1 : 0;
};
