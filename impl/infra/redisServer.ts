/**
 * One real `redis-server` process on an ephemeral 127.0.0.1 port, without persistence (`--save ""
 * --appendonly no`), for one run. Faults are signals: SIGSTOP/SIGCONT pause and resume it (the
 * store is unreachable, its data kept); SIGKILL and a restart on the same port lose everything.
 * Never the machine's own Redis: every server here is started and stopped by its owner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { requireBinary } from './binaries.ts';
import { InfraError } from './errors.ts';
import { killOnExit } from './cleanup.ts';
import { freePort } from './ports.ts';

/** Options of {@link RedisServer.start}. */
export interface RedisServerOptions {
  /** Start as a replica of this primary port (`--replicaof 127.0.0.1 <port>`). */
  readonly replicaOf?: number;
}

/** A redis-server child process. */
export class RedisServer {
  private child: ChildProcess | null = null;
  private paused = false;
  /** A private working directory (replication may write RDB files; never the caller's cwd). */
  private readonly dir = mkdtempSync(join(tmpdir(), 'sessioncheck-redis-'));

  private constructor(private readonly binary: string, readonly port: number, private readonly options: RedisServerOptions) {}

  /** Starts a server on a fresh port (retrying when another process took the port first). */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const binary = requireBinary('redis-server');
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const server = new RedisServer(binary, await freePort(), options);
      try {
        await server.spawn();
        return server;
      } catch (error) {
        lastError = error;
        await server.stop();
      }
    }
    throw new InfraError('ERR_INFRA_START', 'redis-server did not start on a loopback port', { cause: lastError });
  }

  /** A primary and its replica (`--replicaof`), started side by side (the replica retries until the primary is up). */
  static async startPair(): Promise<[RedisServer, RedisServer]> {
    const binary = requireBinary('redis-server');
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const primary = new RedisServer(binary, await freePort(), {});
      const replica = new RedisServer(binary, await freePort(), { replicaOf: primary.port });
      const started = await Promise.allSettled([primary.spawn(), replica.spawn()]);
      const failed = started.find((s) => s.status === 'rejected');
      if (!failed) return [primary, replica];
      lastError = failed.reason;
      await Promise.all([primary.stop(), replica.stop()]);
    }
    throw new InfraError('ERR_INFRA_START', 'a redis-server primary and replica did not start on loopback ports', { cause: lastError });
  }

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The process id (for signals), or null when it is not running. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** SIGSTOP: the process stops reading; connections stay open, commands get no answer. */
  pause(): void {
    if (this.child?.pid && !this.paused) {
      process.kill(this.child.pid, 'SIGSTOP');
      this.paused = true;
    }
  }

  /** SIGCONT. */
  resume(): void {
    if (this.child?.pid && this.paused) {
      process.kill(this.child.pid, 'SIGCONT');
      this.paused = false;
    }
  }

  /** SIGKILL and a fresh process on the same port: without persistence, the data is gone. */
  async killAndRestart(): Promise<void> {
    await this.kill();
    await this.spawn();
  }

  /** SIGKILL (works on a paused process too), waiting for the exit. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.paused = false;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Stops the server for good. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A short-lived admin connection (INFO, REPLICAOF); the caller disconnects it. */
  async admin(): Promise<Redis> {
    const redis = new Redis({ host: '127.0.0.1', port: this.port, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, commandTimeout: 2000 });
    redis.on('error', () => {});
    await redis.connect();
    return redis;
  }

  private async spawn(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning', '--databases', '1',
      '--dir', this.dir, '--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0', '--repl-diskless-load', 'on-empty-db'];
    if (this.options.replicaOf !== undefined) args.push('--replicaof', '127.0.0.1', String(this.options.replicaOf));
    const child = spawn(this.binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    const forget = killOnExit({ killNow: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); } });
    child.once('exit', forget);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(error));
      child.once('exit', (code, signal) => reject(new Error(`redis-server exited (${code ?? signal}) ${stderr.trim()}`)));
    });
    exited.catch(() => {});
    await Promise.race([this.waitReady(), exited]);
  }

  private async waitReady(): Promise<void> {
    // performance.now(), not Date.now(): in a system process under fake time, Date stands still.
    const deadline = performance.now() + 5000;
    for (;;) {
      try {
        const redis = await this.admin();
        try {
          await redis.ping();
          return;
        } finally {
          redis.disconnect();
        }
      } catch (error) {
        if (performance.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 15));
      }
    }
  }
}
