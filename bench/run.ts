/**
 * `npm run bench`: explorer throughput and memory (the readable engine, capped; the flat engine
 * to depth 8), the flat engine beside SPIN on the same sticky semantics (bench/spin.ts), model-only
 * speed, time to first counterexample per refuted cell, `verify` wall time and implementation
 * conformance speed (when present). Writes bench/results.json and prints a table. Options:
 * `--max-states N` (the readable explorer's cap, default 300000; the flat engine's is
 * `--flat-max-states N`, default 40000000), `--quick` (small caps, no verify), `--smoke` (the smallest sizes that still run every
 * section, for tests: its figures mean nothing), `--no-verify`, `--json` (print the results'
 * JSON on stdout instead of the tables). Neither `--quick` nor `--smoke` writes results.json.
 * On a terminal, progress with the elapsed time and an ETA is drawn on stderr (bench/progress.ts).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConcurrency } from '../impl/concurrentRuns.ts';
import { processIo } from '../cli/io.ts';
import { strategyIds } from '../model/registry.ts';
import type { StrategyId } from '../model/types.ts';
import { modelChecks } from '../cli/commands/explore.ts';
import { benchCounterexamples } from './counterexamples.ts';
import { benchExplorer } from './explorer.ts';
import { benchSpin } from './spin.ts';
import { benchConformance, benchVerify } from './external.ts';
import { machine } from './machine.ts';
import { benchModel } from './model.ts';
import { benchProgress } from './progress.ts';
import { benchSockets } from './sockets.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke');
const quick = smoke || argv.includes('--quick');
const json = argv.includes('--json');
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
/** The full size, `--quick`'s, and `--smoke`'s. */
const sized = <T>(full: T, quickSize: T, smokeSize: T): T => (smoke ? smokeSize : quick ? quickSize : full);
const EXPLORE_DEPTH = 8;
const EXPLORE_CAP = flag('--max-states', sized(300_000, 20_000, 500));
const FLAT_CAP = flag('--flat-max-states', sized(40_000_000, 200_000, 500));
/** SPIN's breadth-first search keeps whole states in its queue: depth 7 is about 4 million states and 3 GB. */
const SPIN_DEPTH = sized(7, 5, 3);
const MODEL_ACTIONS = sized(200_000, 20_000, 500);
const CEX_DEPTH = 5;
const CEX_CAP = sized(50_000, 5_000, 200);
const EXPLORED = ['sticky', 'central-store'] as const;
/** Worker threads for the threaded flat explorer: one per core, at least 2. */
const THREADS = Math.max(2, availableParallelism());
const SOCKETS_STRATEGIES = sized<readonly StrategyId[]>(['sticky', 'central-store', 'jwt', 'jwt-denylist'], ['sticky', 'central-store', 'jwt', 'jwt-denylist'], ['jwt']);

const properties = modelChecks();
const int = (n: number) => n.toLocaleString('en-US');
// Steps: each explored and modelled strategy, the counterexamples, three verify runs, each conformance and sockets strategy.
const progress = benchProgress(processIo, json, 4 * EXPLORED.length + 2 + strategyIds.length + 4 + strategyIds.length + SOCKETS_STRATEGIES.length);
/** Runs `work` as one step of the progress, labelled. */
const step = <T>(label: string, work: () => T): T => {
  progress.begin(label);
  const result = work();
  progress.done();
  return result;
};
const onStrategy = (section: string) => (id: StrategyId, done: boolean) => (done ? progress.done() : progress.begin(`${section}: ${id}`));

progress.section(`explorer: sticky and central-store, 2 users, 2 nodes, depth ${EXPLORE_DEPTH}, capped at ${int(EXPLORE_CAP)} distinct states`);
const explorer = EXPLORED.map((s) => step(`explorer: ${s}`, () => benchExplorer(s, EXPLORE_DEPTH, EXPLORE_CAP, properties)));
progress.section(`flat explorer: sticky and central-store, 2 users, 2 nodes, depth ${EXPLORE_DEPTH}, every check on, capped at ${int(FLAT_CAP)} distinct states`);
const flat = EXPLORED.map((s) => step(`flat explorer: ${s}`, () => benchExplorer(s, EXPLORE_DEPTH, FLAT_CAP, properties, 'flat')));
progress.section(`flat explorer on ${THREADS} worker threads (explore --threads ${THREADS}): the same searches`);
const flatThreads = EXPLORED.map((s, i) => {
  const figures = step(`flat explorer, ${THREADS} threads: ${s}`, () => benchExplorer(s, EXPLORE_DEPTH, FLAT_CAP, properties, 'flat', true, THREADS));
  // The threaded search's result is the one-thread result; the bench says whether the counts agree.
  return { ...figures, sameCounts: figures.states === flat[i].states && figures.distinctStates === flat[i].distinctStates && figures.verifiedDepth === flat[i].verifiedDepth };
});
progress.section(`SPIN beside the flat explorer: sticky at depth ${SPIN_DEPTH}, no symmetry reduction on either side (bench/spin/sticky.pml)`);
const spinSide = step(`SPIN: sticky, depth ${SPIN_DEPTH}`, () => benchSpin(SPIN_DEPTH));
const flatSide = step(`flat explorer: sticky, depth ${SPIN_DEPTH}, no symmetry`, () => benchExplorer('sticky', SPIN_DEPTH, Number.MAX_SAFE_INTEGER, properties, 'flat', false));
const spin = { depth: SPIN_DEPTH, spin: spinSide, flat: flatSide, sameCount: !spinSide.skipped && spinSide.distinctStates === flatSide.distinctStates };
progress.section(`model: ${int(MODEL_ACTIONS)} random enabled actions per strategy (seed 1)`);
const model = strategyIds.map((s) => step(`model: ${s}`, () => benchModel(s, MODEL_ACTIONS)));
progress.section(`first counterexamples: every refuted cell, depth ≤ ${CEX_DEPTH}, ≤ ${int(CEX_CAP)} distinct states`);
const counterexamples = step('first counterexamples', () => benchCounterexamples(CEX_DEPTH, CEX_CAP));
const noVerify = quick || argv.includes('--no-verify');
progress.section('verify on defaults (spawned)');
const verify = step('verify (spawned)', () => (noVerify ? { skipped: true as const, note: 'not run (--quick or --no-verify)' } : benchVerify(root)));
progress.section('verify --target impl on defaults (spawned): every verdict judged on the in-process implementation\'s own trace, probes included');
const verifyImpl = step('verify --target impl (spawned)', () => (noVerify ? { skipped: true as const, note: 'not run (--quick or --no-verify)' } : benchVerify(root, 1200, ['--target', 'impl'])));
progress.section('the same with --jobs 1 (every strategy in the CLI\'s process, one after another): the reference for --jobs');
const verifyImplOneJob = step('verify --target impl --jobs 1 (spawned)', () => (noVerify ? { skipped: true as const, note: 'not run (--quick or --no-verify)' } : benchVerify(root, 1200, ['--target', 'impl', '--jobs', '1'])));
const CONFORMANCE_RUNS = sized(2000, 100, 3);
const CONFORMANCE_CONCURRENCY = [1, defaultConcurrency('impl')];
const CONFORMANCE_REPEATS = quick ? 1 : 3;
progress.section(`conformance: checkConformance on the in-process implementation, ${int(CONFORMANCE_RUNS)} programs per strategy, ${CONFORMANCE_CONCURRENCY.join(' and ')} in flight, median of ${CONFORMANCE_REPEATS}`);
const conformance = await benchConformance(root, CONFORMANCE_RUNS, CONFORMANCE_CONCURRENCY, CONFORMANCE_REPEATS, 1, onStrategy('conformance'));
const SOCKETS = sized(
  { sequentialRequests: 2_000, concurrentRequests: 20_000, warmup: 2_000, concurrency: 16, users: 16 },
  { sequentialRequests: 200, concurrentRequests: 2_000, warmup: 200, concurrency: 16, users: 16 },
  { sequentialRequests: 20, concurrentRequests: 100, warmup: 10, concurrency: 4, users: 4 },
);
progress.section(`sockets: whoami through the reverse proxy on 127.0.0.1, ${int(SOCKETS.sequentialRequests)} one at a time, then ${int(SOCKETS.concurrentRequests)} from ${SOCKETS.concurrency} concurrent clients (a separate load-generator process)`);
const sockets = await benchSockets(SOCKETS_STRATEGIES, SOCKETS, onStrategy('sockets'));
progress.stop();

const results = {
  tool: 'sessioncheck-bench',
  machine: machine(),
  settings: { exploreDepth: EXPLORE_DEPTH, exploreMaxStates: EXPLORE_CAP, flatMaxStates: FLAT_CAP, flatThreads: THREADS, spinDepth: SPIN_DEPTH, modelActions: MODEL_ACTIONS, counterexampleDepth: CEX_DEPTH, counterexampleMaxStates: CEX_CAP, quick, ...(smoke ? { smoke } : {}) },
  explorer,
  flat,
  flatThreads,
  spin,
  model,
  counterexamples,
  verify,
  verifyImpl,
  verifyImplOneJob,
  conformance,
  sockets,
};
if (!quick) writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
// --json: the same JSON results.json holds, and nothing else on stdout; otherwise the tables.
if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else printTables();

function printTables(): void {
  function table(rows: (string | number)[][]): string {
    const cells = rows.map((r) => r.map(String));
    const widths = cells[0].map((_, c) => Math.max(...cells.map((r) => r[c].length)));
    return cells.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
  }

  const m = results.machine;
  console.log(`machine: ${m.cpu}, ${m.nproc} cores, ${m.memoryGiB} GiB, node ${m.node}\n`);
  console.log(table([
    ['explorer (2u 2n, depth 8)', 'complete', 'depth done', 'distinct', 'seconds', 'distinct/s', 'states/s', 'table B/state', 'peak B/state'],
    ...explorer.map((e) => [e.strategy, e.complete ? 'yes' : `no (cap)`, e.verifiedDepth, int(e.distinctStates), e.seconds, int(e.distinctStatesPerSecond), int(e.statesPerSecond), e.tableBytesPerState, e.peakBytesPerState]),
  ]));
  console.log(`\n${table([
    ['flat explorer (2u 2n, depth 8, every check)', 'complete', 'depth done', 'distinct', 'seconds', 'distinct/s', 'CPU s', 'distinct/CPU-s', 'table B/state', 'peak B/state'],
    ...flat.map((e) => [e.strategy, e.complete ? 'yes' : 'no (cap)', e.verifiedDepth, int(e.distinctStates), e.seconds, int(e.distinctStatesPerSecond), e.cpuSeconds, int(e.distinctStatesPerCpuSecond), e.tableBytesPerState, e.peakBytesPerState]),
  ])}`);
  console.log(`\n${table([
    [`flat explorer on ${THREADS} threads (same searches)`, 'complete', 'depth done', 'distinct', 'seconds', 'distinct/s', 'CPU s', 'distinct/CPU-s', 'table B/state', 'same counts'],
    ...flatThreads.map((e) => [e.strategy, e.complete ? 'yes' : 'no (cap)', e.verifiedDepth, int(e.distinctStates), e.seconds, int(e.distinctStatesPerSecond), e.cpuSeconds, int(e.distinctStatesPerCpuSecond), e.tableBytesPerState, e.sameCounts ? 'yes' : 'NO']),
  ])}`);
  const sp = spin.spin;
  console.log(`\n${table([
    [`sticky, depth ${spin.depth}, no symmetry`, 'distinct', 'seconds', 'distinct/s', 'CPU s', 'distinct/CPU-s'],
    ['flat explorer (every check)', int(spin.flat.distinctStates), spin.flat.seconds, int(spin.flat.distinctStatesPerSecond), spin.flat.cpuSeconds, int(spin.flat.distinctStatesPerCpuSecond)],
    sp.skipped ? ['SPIN', 'skipped', '', '', '', ''] : [`SPIN ${sp.version.replace(/^Spin Version (\S+).*/, '$1')} (bench/spin/sticky.pml, BFS, 5 assertions)`, int(sp.distinctStates), sp.seconds, int(sp.distinctStatesPerSecond), sp.cpuSeconds, int(sp.distinctStatesPerCpuSecond)],
  ])}`);
  console.log(sp.skipped ? `SPIN: ${sp.note}` : `state counts ${spin.sameCount ? 'equal' : 'DIFFER'} (the Promela port and the flat engine ${spin.sameCount ? 'agree' : 'disagree'} on the reachable states)`);
  console.log(`\n${table([['model only', 'actions/s'], ...model.map((r) => [r.strategy, int(r.actionsPerSecond)])])}`);
  console.log(`\n${table([
    ['first counterexample', 'property', 'length', 'ms', 'distinct'],
    ...counterexamples.map((c) => [c.strategy, c.property, c.length ?? `> ${CEX_DEPTH}`, c.milliseconds, int(c.distinctStates)]),
  ])}`);
  console.log(`\nverify (defaults): ${verify.skipped ? `skipped: ${verify.note}` : `${verify.seconds} s (exit ${verify.exitCode})`}`);
  if (!verifyImpl.skipped && !verifyImplOneJob.skipped) {
    console.log(`verify --target impl: ${verifyImpl.seconds} s (default --jobs), ${verifyImplOneJob.seconds} s (--jobs 1), ratio ${(verifyImplOneJob.seconds / verifyImpl.seconds).toFixed(2)}×`);
  }
  if (conformance.skipped) console.log(`conformance: skipped: ${conformance.note}`);
  else console.log(`\n${table([['conformance (impl target)', 'in flight', 'verdict', 'actions', 'seconds', 'actions/s', 'range', 'mismatches'], ...conformance.strategies.map((c) => [c.strategy, c.concurrency, c.verdict, c.actions, c.seconds, int(c.actionsPerSecond), `${int(c.range[0])}–${int(c.range[1])}`, c.mismatches])])}`);
  console.log(`\nsockets: load average ${sockets.loadAverage.join(', ')} at the start`);
  console.log(table([['sockets, sequential whoami (latency-bound)', 'requests', 'seconds', 'requests/s', 'refused'], ...sockets.sequential.map((r) => [r.strategy, r.requests, r.seconds, int(r.requestsPerSecond), r.refused])]));
  console.log(`\n${table([
    ['sockets, concurrent whoami', 'clients', 'requests', 'seconds', 'requests/s', 'p50 ms', 'p99 ms', 'refused', 'wrong/failed', 'server µs/req', 'server cores', 'client µs/req'],
    ...sockets.concurrent.map((r) => [r.strategy, r.concurrency, r.requests, r.seconds, int(r.requestsPerSecond), r.p50Ms, r.p99Ms, r.refused, `${r.wrongUser}/${r.errors}`, r.serverCpuMicrosPerRequest, r.serverCores, r.clientCpuMicrosPerRequest]),
  ])}`);
  if (!quick) console.log('\nwrote bench/results.json');
}
