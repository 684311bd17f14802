/**
 * Running requests under fast-check's scheduler: each request's start, each of its store round
 * trips and its response delivery is a scheduled task, labelled with the request that made it
 * (an AsyncLocalStorage context follows the handler across awaits), so the scheduler's report
 * reads as the interleaving that happened.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type fc from 'fast-check';
import type { NodeBench } from '../../impl/security/bench.ts';
import { benchRequest, readIssued, type Issued, type RequestParts } from '../../impl/security/wire.ts';

const requestName = new AsyncLocalStorage<string>();

/** One request to run concurrently with others. */
export interface ScheduledRequest {
  readonly name: string;
  readonly node: number;
  readonly method: string;
  readonly path: string;
  readonly parts: RequestParts;
}

/** Routes the bench's store round trips through `s` (until `unschedule`). */
export function scheduleStore(bench: NodeBench, s: fc.Scheduler): void {
  bench.interceptor = (label, send) => s.schedule(Promise.resolve(), `${requestName.getStore() ?? '?'} store ${stableLabel(label)}`).then(send);
}

/** Store keys carry random IDs (`sess:NSs_Ai4H…`); the report names the key's kind only, so the same seed gives the same bytes. */
function stableLabel(label: string): string {
  return label.replace(/\b([a-z]+):[A-Za-z0-9_-]{12,}/g, '$1:…');
}

/** Store round trips go straight through again. */
export function unschedule(bench: NodeBench): void {
  bench.interceptor = null;
}

/**
 * Starts every request under the scheduler and lets it run to idle. Returns the responses in
 * the order they were delivered (a client keeps the credential of the last one).
 */
export async function runConcurrently(bench: NodeBench, s: fc.Scheduler, requests: readonly ScheduledRequest[]): Promise<{ name: string; issued: Issued }[]> {
  const delivered: { name: string; issued: Issued }[] = [];
  const running = requests.map((r) => s.schedule(Promise.resolve(), `${r.name} → n${r.node} ${r.method} ${r.path}`)
    .then(() => requestName.run(r.name, () => bench.send(r.node, benchRequest(r.method, r.path, r.parts))))
    .then(readIssued)
    .then((issued) => s.schedule(Promise.resolve(issued), `${r.name} ← ${issued.status}`))
    .then((issued) => void delivered.push({ name: r.name, issued })));
  // waitFor, not waitIdle: signing with WebCrypto resolves outside the scheduler's sight, so
  // tasks keep appearing after the scheduler first goes idle.
  await s.waitFor(Promise.all(running));
  return delivered;
}

/** The scheduler's report as numbered lines, in the order the tasks were released. */
export function renderSchedule(s: fc.Scheduler): string {
  return s.report()
    .filter((task) => task.status !== 'pending')
    .map((task, i) => `${String(i + 1).padStart(2)}. ${task.label}`)
    .join('\n');
}
