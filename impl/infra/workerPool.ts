/**
 * Node worker processes (`node --import tsx impl/infra/worker.ts` from the sources, `node
 * dist/impl/infra/worker.js` in the built package) and a pool of idle ones.
 * Starting Node with tsx and the libraries takes about a second, so idle workers are spawned
 * ahead of need; a crash is still a real SIGKILL of the process serving the node, and the restart
 * boots the node in another, fresh process. Workers of a closed system are reset (their node
 * closed) and pooled; `stopWorkerPool()` stops every idle one (tests call it in afterAll) and
 * any left are SIGKILLed when this process exits (cleanup.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { killOnExit } from './cleanup.ts';
import { InfraError } from './errors.ts';
import { CONTROL_PREFIX } from './workerProtocol.ts';

/** Running compiled (dist/, the installed package): the worker is JavaScript for plain node, not TypeScript for tsx (a dev dependency). */
const COMPILED = import.meta.url.endsWith('.js');
const WORKER_SCRIPT = COMPILED ? fileURLToPath(new URL('./worker.js', import.meta.url)) : fileURLToPath(new URL('./worker.ts', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One worker process and its loopback port. */
export class WorkerProcess {
  constructor(private readonly child: ChildProcess, readonly port: number) {}

  /** Sends a control request to the worker. */
  async control(route: string, body: unknown = {}): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${this.port}${CONTROL_PREFIX}${route}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 200) throw new InfraError('ERR_INFRA_CONTROL', `worker on port ${this.port}: ${route} answered ${response.status} ${text}`);
  }

  /** Whether the process is still running. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL, waiting for the exit. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }

}

const idle: Promise<WorkerProcess>[] = [];
const everyWorker = new Set<WorkerProcess>();
/** Idle workers kept ready. */
const SPARES = 3;

/** Spawns one worker and waits for its port. */
function spawnWorker(): Promise<WorkerProcess> {
  // stdin is a pipe the worker watches: it exits when this process goes away, however it dies.
  const args = COMPILED ? [WORKER_SCRIPT] : ['--import', import.meta.resolve('tsx'), WORKER_SCRIPT];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  child.once('exit', killOnExit({ killNow: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); } }));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string) => reject(new InfraError('ERR_INFRA_START', `node worker did not start: ${why} ${stderr.trim()}`));
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal})`));
    lines.once('line', (line) => {
      try {
        const worker = new WorkerProcess(child, (JSON.parse(line) as { port: number }).port);
        everyWorker.add(worker);
        child.once('exit', () => everyWorker.delete(worker));
        resolve(worker);
      } catch {
        fail(`unexpected output ${line}`);
      }
    });
  });
}

/** A started, idle worker (spares are topped up in the background). */
export async function takeWorker(): Promise<WorkerProcess> {
  const next = idle.shift() ?? spawnWorker();
  while (idle.length < SPARES) {
    const spare = spawnWorker();
    spare.catch(() => {});
    idle.push(spare);
  }
  return next;
}

/** Hands back a worker of a closed system: reset and pooled, or killed if it misbehaves. */
export async function returnWorker(worker: WorkerProcess): Promise<void> {
  if (!worker.alive) return;
  try {
    await worker.control('reset');
    idle.push(Promise.resolve(worker));
  } catch {
    await worker.kill();
  }
}

/** Stops every idle worker. */
export async function stopWorkerPool(): Promise<void> {
  const workers = await Promise.allSettled(idle.splice(0));
  await Promise.all(workers.map((w) => (w.status === 'fulfilled' ? w.value.kill() : undefined)));
}

/** Worker processes still running (tests check none are left). */
export function runningWorkers(): number {
  return everyWorker.size;
}

