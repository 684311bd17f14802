/**
 * Debian's HAProxy in front of node processes (target `cluster`), with a configuration generated
 * per strategy and its runtime API on a private stats socket.
 *
 * Generated configuration: one frontend on an ephemeral 127.0.0.1 port; backend `nodes` with
 * `balance roundrobin` (one thread, so the rotation is deterministic), HTTP health checks on the
 * worker's health route every 50 ms (`fall 2 rise 1`, `timeout check 2s`), `option redispatch` with one retry, and for
 * `sticky` `cookie lb insert indirect nocache` (named `lb` like the in-process balancer's cookie,
 * each server's cookie value its node name). A slot exists for every node the scope may ever add;
 * the ones not yet started begin in maintenance (`disabled`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LbPolicy } from '../../model/index.ts';
import { AFFINITY_COOKIE, nodeName } from '../cluster/balancer.ts';
import { requireBinary } from './binaries.ts';
import { InfraError } from './errors.ts';
import { killOnExit } from './cleanup.ts';
import { freePort } from './ports.ts';
import { CONTROL_PREFIX } from './workerProtocol.ts';

/** The backend's name in the generated configuration. */
export const BACKEND = 'nodes';

/** Inputs of {@link haproxyConfig}. */
export interface HaproxyConfigOptions {
  readonly policy: LbPolicy;
  readonly port: number;
  readonly socket: string;
  /** Port per node slot; null = not started yet (in maintenance). */
  readonly servers: readonly (number | null)[];
}

/** The generated haproxy.cfg. */
export function haproxyConfig(o: HaproxyConfigOptions): string {
  const sticky = o.policy === 'sticky';
  const servers = o.servers.map((port, n) =>
    `  server ${nodeName(n)} 127.0.0.1:${port ?? 1} check${sticky ? ` cookie ${nodeName(n)}` : ''}${port === null ? ' disabled' : ''}`);
  return [
    'global',
    `  stats socket ${o.socket} mode 600 level admin`,
    '  nbthread 1',
    '',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  option redispatch',
    '  retries 1',
    '',
    'frontend web',
    `  bind 127.0.0.1:${o.port}`,
    `  default_backend ${BACKEND}`,
    '',
    `backend ${BACKEND}`,
    '  balance roundrobin',
    ...(sticky ? [`  cookie ${AFFINITY_COOKIE} insert indirect nocache`] : []),
    `  option httpchk GET ${CONTROL_PREFIX}health`,
    // A killed node refuses connections at once (two checks 20 ms apart); a slow answer from a
    // busy node gets a second, so a loaded machine does not mark live nodes DOWN.
    '  timeout check 2s',
    '  default-server inter 50ms fastinter 20ms downinter 50ms fall 2 rise 1',
    ...servers,
    '',
  ].join('\n');
}

/** A running haproxy process. */
export class Haproxy {
  private constructor(private readonly child: ChildProcess, readonly port: number, private readonly socket: string, private readonly dir: string) {}

  /** Writes the configuration, starts `haproxy -db -f cfg` and waits for the runtime API. */
  static async start(policy: LbPolicy, servers: readonly (number | null)[]): Promise<Haproxy> {
    const binary = requireBinary('haproxy');
    const dir = mkdtempSync(join(tmpdir(), 'sessioncheck-haproxy-'));
    const socket = join(dir, 'admin.sock');
    const port = await freePort();
    const config = join(dir, 'haproxy.cfg');
    writeFileSync(config, haproxyConfig({ policy, port, socket, servers }));
    const child = spawn(binary, ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.once('exit', killOnExit({ killNow: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); } }));
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
    const proxy = new Haproxy(child, port, socket, dir);
    const deadline = Date.now() + 5000;
    for (;;) {
      if (child.exitCode !== null) throw new InfraError('ERR_INFRA_START', `haproxy exited (${child.exitCode}): ${stderr.trim()}`);
      try {
        await proxy.command('show info');
        return proxy;
      } catch (error) {
        if (Date.now() > deadline) {
          await proxy.stop();
          throw new InfraError('ERR_INFRA_START', `haproxy did not start: ${stderr.trim()}`, { cause: error });
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  /** One runtime API command over the stats socket; resolves with its output. */
  command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const conn = createConnection(this.socket);
      let out = '';
      conn.on('data', (d) => { out += d.toString(); });
      conn.on('error', reject);
      conn.on('end', () => resolve(out));
      conn.on('connect', () => conn.end(line + '\n'));
    });
  }

  /** `set server nodes/nK state ready|drain|maint`. */
  async setState(node: number, state: 'ready' | 'drain' | 'maint'): Promise<void> {
    await this.expectQuiet(`set server ${BACKEND}/${nodeName(node)} state ${state}`);
  }

  /** Points a slot at a (new) worker port. */
  async setAddress(node: number, port: number): Promise<void> {
    const out = await this.command(`set server ${BACKEND}/${nodeName(node)} addr 127.0.0.1 port ${port}`);
    if (!/changed|no need to change/i.test(out)) throw new InfraError('ERR_INFRA_CONTROL', `haproxy: set addr for ${nodeName(node)}: ${out.trim()}`);
  }

  /** Each server's status as `show stat` reports it (`UP`, `DOWN`, `MAINT`, `DRAIN`, ...). */
  async statuses(): Promise<Map<string, string>> {
    const csv = await this.command('show stat');
    const [header, ...rows] = csv.replace(/^# /, '').trim().split('\n');
    const cols = header.split(',');
    const sv = cols.indexOf('svname');
    const st = cols.indexOf('status');
    const px = cols.indexOf('pxname');
    const out = new Map<string, string>();
    for (const row of rows) {
      const f = row.split(',');
      if (f[px] === BACKEND && f[sv] !== 'BACKEND') out.set(f[sv], f[st]);
    }
    return out;
  }

  /** Waits until HAProxy's own view of node `n` matches (health checks have run). */
  async waitFor(node: number, wanted: (status: string) => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const status = (await this.statuses()).get(nodeName(node)) ?? '?';
      if (wanted(status)) return;
      if (Date.now() > deadline) throw new InfraError('ERR_INFRA_CONTROL', `haproxy: ${nodeName(node)} is ${status}, expected ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Stops haproxy and removes its files. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async expectQuiet(line: string): Promise<void> {
    const out = (await this.command(line)).trim();
    if (out !== '') throw new InfraError('ERR_INFRA_CONTROL', `haproxy: ${line}: ${out}`);
  }
}
