/**
 * The load generator of bench/sockets.ts, run as its own process beside the server (as wrk or
 * autocannon would be): `node --import tsx bench/sockets-load.ts` reads one JSON job on stdin and
 * prints one JSON result line. Each of `concurrency` clients is one logged-in user with its own
 * keep-alive connection to the proxy on 127.0.0.1, sending `GET /me` with its credential and
 * waiting for the whole answer before the next, until `requests` answers came back (after
 * `warmup` uncounted ones; a `{"phase":"measuring"}` line marks the start of the counted ones).
 * Only 127.0.0.1 is ever contacted.
 */
import { Agent, request } from 'node:http';

/** One client: the user it is and the headers that carry its credential. */
export interface LoadUser {
  readonly name: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What the parent asks for. */
export interface LoadJob {
  readonly port: number;
  readonly users: readonly LoadUser[];
  readonly concurrency: number;
  readonly requests: number;
  readonly warmup: number;
}

/** What the load generator measured (latency: request written to answer fully read). */
export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Answers other than 200. */
  readonly refused: number;
  /** 200 answers naming another user than the one whose credential was sent (must be 0). */
  readonly wrongUser: number;
  /** Requests that got no answer (connection errors). */
  readonly errors: number;
  /** CPU time of this process per counted request, µs. */
  readonly clientCpuMicrosPerRequest: number;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

function get(port: number, agent: Agent, headers: Readonly<Record<string, string>>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path: '/me', headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function answeredUser(body: string): unknown {
  try {
    return (JSON.parse(body) as { user?: unknown }).user;
  } catch {
    return undefined;
  }
}

/** Runs `total` requests over the clients. */
async function run(job: LoadJob, agents: readonly Agent[], total: number): Promise<Omit<LoadResult, 'clientCpuMicrosPerRequest'>> {
  const latencies = new Float64Array(total);
  let next = 0;
  let refused = 0;
  let wrongUser = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(agents.map(async (agent, slot) => {
    const user = job.users[slot % job.users.length];
    for (let i = next++; i < total; i = next++) {
      const t0 = performance.now();
      try {
        const answer = await get(job.port, agent, user.headers);
        latencies[i] = performance.now() - t0;
        if (answer.status !== 200) refused++;
        else if (answeredUser(answer.body) !== user.name) wrongUser++;
      } catch {
        latencies[i] = performance.now() - t0;
        errors++;
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort();
  const at = (q: number) => round(latencies[Math.min(total - 1, Math.floor(total * q))], 2);
  return {
    requests: total, seconds: round(seconds, 3), requestsPerSecond: Math.round(total / seconds),
    p50Ms: at(0.5), p99Ms: at(0.99), maxMs: round(latencies[total - 1], 2), refused, wrongUser, errors,
  };
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const job = JSON.parse(input) as LoadJob;
  const agents = Array.from({ length: job.concurrency }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
  try {
    if (job.warmup > 0) await run(job, agents, job.warmup);
    process.stdout.write('{"phase":"measuring"}\n');
    const cpu = process.cpuUsage();
    const result = await run(job, agents, job.requests);
    const used = process.cpuUsage(cpu);
    const out: LoadResult = { ...result, clientCpuMicrosPerRequest: Math.round((used.user + used.system) / job.requests) };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    for (const agent of agents) agent.destroy();
  }
}

await main();
