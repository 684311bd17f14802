/**
 * Requests per second through the `sockets` target (the reverse proxy on 127.0.0.1 in front of
 * node servers on 127.0.0.1: HTTP over loopback both hops), two ways:
 *
 * - **sequential**: the driver (`openSystem(…, { target: 'sockets' })`) sends `whoami` one after
 *   another for one logged-in user, after 500 uncounted. One request in flight, so this is
 *   latency-bound: two HTTP hops on loopback plus the driver, all on one thread.
 * - **concurrent**: a load test. The same system (proxy, nodes, store, in this process) with
 *   `users` users logged in through the proxy; a separate load-generator process
 *   (bench/sockets-load.ts) keeps `concurrency` clients busy, each a logged-in user on its own
 *   keep-alive connection sending `GET /me` and waiting for the answer, for a fixed count.
 *
 * Bounded in count; every server is stopped at the end.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { builtinStrategy, Cluster, openSystem } from '../impl/index.ts';
import { shutdown } from '../impl/cluster/http-bridge.ts';
import { SocketHost, startProxy } from '../impl/cluster/sockets.ts';
import { cookieHeader, readResponse } from '../impl/driver/wire.ts';
import { parseAction } from '../model/actions.ts';
import { defaultScope, makeScope } from '../model/scope.ts';
import type { StrategyId } from '../model/types.ts';
import { round } from './explorer.ts';
import type { LoadJob, LoadResult, LoadUser } from './sockets-load.ts';

/** Uncounted `whoami` before the sequential count (the first strategy also warms node:http and undici up). */
const SEQUENTIAL_WARMUP = 500;
const LOAD_SCRIPT = fileURLToPath(new URL('./sockets-load.ts', import.meta.url));

export interface SocketsSequential {
  readonly strategy: StrategyId;
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly refused: number;
}

export interface SocketsConcurrent extends LoadResult {
  readonly strategy: StrategyId;
  readonly users: number;
  readonly concurrency: number;
  /** CPU time of the server process (proxy, nodes, store: one JavaScript thread) per request, µs. */
  readonly serverCpuMicrosPerRequest: number;
  /** Server CPU time / wall time while measuring: 1.0 is one core fully busy. */
  readonly serverCores: number;
  /** Unexpected errors the nodes reported (must be 0). */
  readonly serverErrors: number;
}

export interface SocketsOptions {
  readonly sequentialRequests: number;
  readonly concurrentRequests: number;
  readonly warmup: number;
  readonly concurrency: number;
  readonly users: number;
}

export interface SocketsFigures {
  /** `os.loadavg()` when the sockets runs started (1, 5, 15 minutes). */
  readonly loadAverage: number[];
  readonly sequential: SocketsSequential[];
  readonly concurrent: SocketsConcurrent[];
}

/** `onStrategy` is told when each strategy starts (`done` false) and ends (for progress; it decides nothing). */
export async function benchSockets(strategies: readonly StrategyId[], options: SocketsOptions, onStrategy?: (id: StrategyId, done: boolean) => void): Promise<SocketsFigures> {
  const loadAverage = loadavg().map((l) => round(l, 2));
  const sequential: SocketsSequential[] = [];
  const concurrent: SocketsConcurrent[] = [];
  for (const strategy of strategies) {
    onStrategy?.(strategy, false);
    // Back to back per strategy, so the two figures of a strategy share the machine's load.
    sequential.push(await benchSequential(strategy, options.sequentialRequests));
    concurrent.push(await benchConcurrent(strategy, options));
    onStrategy?.(strategy, true);
  }
  return { loadAverage, sequential, concurrent };
}

async function benchSequential(strategy: StrategyId, requests: number): Promise<SocketsSequential> {
  const whoami = parseAction('whoami(u0)');
  const sut = await openSystem(builtinStrategy(strategy), { target: 'sockets', scope: defaultScope, seed: 1 });
  try {
    await sut.step(parseAction('login(u0)'));
    for (let i = 0; i < SEQUENTIAL_WARMUP; i++) await sut.step(whoami);
    let refused = 0;
    const t0 = performance.now();
    for (let i = 0; i < requests; i++) if ((await sut.step(whoami)).status !== 200) refused++;
    const seconds = (performance.now() - t0) / 1000;
    return { strategy, requests, seconds: round(seconds, 3), requestsPerSecond: Math.round(requests / seconds), refused };
  } finally {
    await sut.close();
  }
}

async function benchConcurrent(strategy: StrategyId, options: SocketsOptions): Promise<SocketsConcurrent> {
  // The sockets target as openSystem assembles it, with more users and the proxy's port at hand.
  const host = new SocketHost(() => {});
  const cluster = await Cluster.start({ strategy: builtinStrategy(strategy), scope: makeScope({ users: options.users }), seed: 1, host });
  const proxy = await startProxy(cluster, host);
  try {
    const users: LoadUser[] = [];
    for (let u = 0; u < options.users; u++) users.push(await login(proxy.port, u));
    const job: LoadJob = { port: proxy.port, users, concurrency: options.concurrency, requests: options.concurrentRequests, warmup: options.warmup };
    const { result, serverCpuMicros, wallMicros } = await runLoad(job);
    return {
      strategy, users: options.users, concurrency: options.concurrency, ...result,
      serverCpuMicrosPerRequest: Math.round(serverCpuMicros / result.requests),
      serverCores: round(serverCpuMicros / wallMicros, 2),
      serverErrors: cluster.errors.length,
    };
  } finally {
    await shutdown(proxy.server);
    await cluster.close();
  }
}

/** Logs user `u` in through the proxy; the headers that present its credential (as the driver sends them). */
async function login(port: number, u: number): Promise<LoadUser> {
  const name = `u${u}`;
  const response = await fetch(`http://127.0.0.1:${port}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: name }) });
  const read = await readResponse(response, null);
  if (read.status !== 200 || !read.issued) throw new Error(`bench: login(${name}) answered ${read.status} without a credential`);
  const headers: Record<string, string> = {};
  const cookies = cookieHeader(read.issued, read.affinity ?? null);
  if (cookies !== null) headers.cookie = cookies;
  if (read.issued.token !== null) headers.authorization = `Bearer ${read.issued.token}`;
  return { name, headers };
}

/** Runs the load generator process; measures this (server) process's CPU while it measures. */
function runLoad(job: LoadJob): Promise<{ result: LoadResult; serverCpuMicros: number; wallMicros: number }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), LOAD_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  child.stdin.end(JSON.stringify(job));
  return new Promise((resolve, reject) => {
    let cpu: NodeJS.CpuUsage | undefined;
    let wall = 0;
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { phase?: string } & LoadResult;
      if (message.phase === 'measuring') {
        cpu = process.cpuUsage();
        wall = performance.now();
        return;
      }
      const used = process.cpuUsage(cpu);
      resolve({ result: message, serverCpuMicros: used.user + used.system, wallMicros: (performance.now() - wall) * 1000 });
    });
    lines.once('close', () => reject(new Error(`bench: the load generator printed no result: ${stderr.trim()}`)));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== 0) reject(new Error(`bench: load generator exited (${code ?? signal}): ${stderr.trim()}`));
    });
  });
}
