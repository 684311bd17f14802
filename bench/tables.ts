/**
 * Prints the "Latest figures" tables of BENCHMARKS.md from bench/results.json, so the document
 * shows exactly what the last `npm run bench` measured:
 * `node --import tsx bench/tables.ts [results.json]`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const path = process.argv[2] ?? join(import.meta.dirname, 'results.json');
const r = JSON.parse(readFileSync(path, 'utf8'));
const n = (x: number) => x.toLocaleString('en-US');
const row = (cells: unknown[]) => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: unknown[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
const out: string[] = [];

out.push(table(
  ['explorer, 2 users, 2 nodes, depth 8', 'complete', 'depth done', 'distinct', 's', 'distinct/s', 'states/s', 'table B/state', 'peak B/state'],
  r.explorer.map((e: any) => [e.strategy, e.complete ? 'yes' : `no (cap ${n(e.maxStates)})`, e.verifiedDepth, n(e.distinctStates), e.seconds, n(e.distinctStatesPerSecond), n(e.statesPerSecond), e.tableBytesPerState, e.peakBytesPerState]),
));
if (r.flat) {
  out.push(table(
    ['flat explorer, 2 users, 2 nodes, depth 8, every check', 'complete', 'depth done', 'distinct', 's', 'distinct/s', 'CPU s', 'distinct/CPU-s', 'table B/state', 'peak B/state'],
    r.flat.map((e: any) => [e.strategy, e.complete ? 'yes' : `no (cap ${n(e.maxStates)})`, e.verifiedDepth, n(e.distinctStates), e.seconds, n(e.distinctStatesPerSecond), e.cpuSeconds, n(e.distinctStatesPerCpuSecond), e.tableBytesPerState, e.peakBytesPerState]),
  ));
}
if (r.flatThreads) {
  out.push(table(
    [`flat explorer on ${r.settings.flatThreads} worker threads, the same searches`, 'complete', 'depth done', 'distinct', 's', 'distinct/s', 'CPU s', 'distinct/CPU-s', 'table B/state', 'same counts'],
    r.flatThreads.map((e: any) => [e.strategy, e.complete ? 'yes' : `no (cap ${n(e.maxStates)})`, e.verifiedDepth, n(e.distinctStates), e.seconds, n(e.distinctStatesPerSecond), e.cpuSeconds, n(e.distinctStatesPerCpuSecond), e.tableBytesPerState, e.sameCounts ? 'yes' : '**no**']),
  ));
}
if (r.spin) {
  const s = r.spin.spin;
  out.push(table(
    [`sticky, depth ${r.spin.depth}, no symmetry`, 'distinct', 's', 'distinct/s', 'CPU s', 'distinct/CPU-s'],
    [
      ['flat explorer, every check', n(r.spin.flat.distinctStates), r.spin.flat.seconds, n(r.spin.flat.distinctStatesPerSecond), r.spin.flat.cpuSeconds, n(r.spin.flat.distinctStatesPerCpuSecond)],
      s.skipped ? ['SPIN', `not measured: ${s.note}`, '', '', '', ''] : [`SPIN ${s.version.replace(/^Spin Version (\S+).*/, '$1')} (\`bench/spin/sticky.pml\`, BFS)`, n(s.distinctStates), s.seconds, n(s.distinctStatesPerSecond), s.cpuSeconds, n(s.distinctStatesPerCpuSecond)],
    ],
  ));
  if (!s.skipped) out.push(`State counts ${r.spin.sameCount ? 'equal' : '**differ**'}: the Promela port and the flat engine ${r.spin.sameCount ? 'reach the same states' : 'disagree'}.`);
}
out.push(table(['model only (actions/s)', ...r.model.map((m: any) => m.strategy)], [['seeded random walks', ...r.model.map((m: any) => n(m.actionsPerSecond))]]));
out.push(table(
  ['first counterexample (BFS)', 'property', 'length', 'ms', 'distinct states'],
  r.counterexamples.map((c: any) => [c.strategy, `\`${c.property}\``, c.length ?? `> ${r.settings.counterexampleDepth} (none within depth ${r.settings.counterexampleDepth})`, c.milliseconds, n(c.distinctStates)]),
));
out.push(r.verify.skipped
  ? `\`sessioncheck verify\` on defaults: not measured (${r.verify.note}).`
  : `\`sessioncheck verify\` on defaults (model target, 7 strategies × 25 properties, 200 runs per cell, plus exhaustive search to depth 6): **${r.verify.seconds} s**, exit ${r.verify.exitCode}.`);
if (!r.conformance.skipped) {
  out.push(`Conformance: load average ${r.conformance.loadAverage.join(' / ')} (1 / 5 / 15 min) at the start.`);
  out.push(table(
    ['conformance, `impl` target', 'in flight', 'actions', 's', `actions/s (median of ${r.conformance.repeats})`, 'range', 'mismatches'],
    r.conformance.strategies.map((c: any) => [c.strategy, c.concurrency, n(c.actions), c.seconds, n(c.actionsPerSecond), `${n(c.range[0])}–${n(c.range[1])}`, c.mismatches]),
  ));
}
if (r.sockets && !r.sockets.skipped) {
  out.push(`Sockets: load average ${r.sockets.loadAverage.join(' / ')} at the start.`);
  out.push(table(['`sockets`, sequential `whoami` (latency-bound)', 'requests', 's', 'requests/s', 'refused'],
    r.sockets.sequential.map((s: any) => [s.strategy, n(s.requests), s.seconds, n(s.requestsPerSecond), s.refused])));
  out.push(table(
    ['`sockets`, concurrent clients, `whoami`', 'clients', 'requests', 's', 'requests/s', 'p50 ms', 'p99 ms', 'refused', 'wrong/failed', 'server µs/request', 'server cores', 'client µs/request'],
    r.sockets.concurrent.map((s: any) => [s.strategy, s.concurrency, n(s.requests), s.seconds, n(s.requestsPerSecond), s.p50Ms, s.p99Ms, s.refused, `${s.wrongUser}/${s.errors}`, s.serverCpuMicrosPerRequest, s.serverCores, s.clientCpuMicrosPerRequest]),
  ));
}
process.stdout.write(`${out.join('\n\n')}\n`);
