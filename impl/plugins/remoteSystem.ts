/**
 * A system whose nodes run in a child process of its own — a plug-in under fake time on targets
 * `impl`, `sockets` and `redis`. `@sinonjs/fake-timers` replaces the whole process's `Date`, and a
 * check runs several systems at once (and the harness reads real time itself), so each system gets
 * a process whose `Date` follows that system's clock and nothing else's. The driver, balancer,
 * store and nodes all run there; this side is a {@link SystemUnderTest} that forwards each call,
 * keeping what the harness reads synchronously (jars, live nodes, memory counts, the clock) as the
 * process last reported it.
 *
 * Processes are pooled (one opens one system at a time, then the next): starting Node with the
 * plug-in's libraries takes a second or more. `stopSystemProcesses()` ends the idle ones.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Action } from '../../model/types.ts';
import type { KeyMaterial } from '../jwt/keys.ts';
import type { Jar, ProbeReply, StepRecord, SystemUnderTest, WireCredential } from '../driver/system.ts';
import { ImplError } from '../errors.ts';
import { killOnExit } from '../infra/cleanup.ts';
import { keysFromWire } from '../infra/keysWire.ts';
import type { OpenOptions } from '../open.ts';
import type { SessionStrategy } from '../strategy.ts';
import { pluginModuleOf } from './pluginModule.ts';
import type { SystemAnswer, SystemCall, SystemReply, SystemState } from './systemProtocol.ts';

const COMPILED = import.meta.url.endsWith('.js');
const SCRIPT = fileURLToPath(new URL(COMPILED ? './systemProcess.js' : './systemProcess.ts', import.meta.url));

/** A failure the system process reported, with its code (a harness failure keeps it). */
class RemoteError extends Error {
  constructor(readonly code: string, name: string, message: string, stack?: string) {
    super(message);
    this.name = name;
    if (stack) this.stack = `${name}: ${message}\n--- in the system process ---\n${stack}`;
  }
}

/** One child process and its pending requests. */
class SystemProcess {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (a: SystemAnswer) => void; reject: (e: Error) => void }>();
  private readonly unregister: () => void;

  constructor(private readonly child: ChildProcess) {
    // SIGTERM, not SIGKILL: the system process then kills the redis-servers it started (cleanup.ts).
    this.unregister = killOnExit({ killNow: () => { if (this.alive) child.kill('SIGTERM'); } });
    child.on('message', (answer: SystemAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      waiting?.resolve(answer);
    });
    child.once('exit', (code, signal) => {
      this.unregister();
      for (const w of this.pending.values()) w.reject(new ImplError('ERR_SYSTEM_CLOSED', `the system process exited (${code ?? signal}) before answering`));
      this.pending.clear();
    });
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends a request; resolves with the answer, rejects with the process's error. */
  async ask(call: SystemCall): Promise<Extract<SystemReply, { ok: true }>> {
    if (!this.alive) throw new ImplError('ERR_SYSTEM_CLOSED', 'the system process is not running');
    const id = this.next++;
    const answer = await new Promise<SystemAnswer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...call, id });
    });
    if (!answer.ok) throw new RemoteError(answer.code ?? 'ERR_HARNESS', answer.name, answer.message, answer.stack);
    return answer;
  }

  /** Idle processes must not keep this one alive. */
  hold(held: boolean): void {
    if (held) { this.child.ref(); this.child.channel?.ref(); } else { this.child.unref(); this.child.channel?.unref(); }
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.hold(true); // an unreferenced child's exit would not keep this process waiting for it
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }
}

const idle: SystemProcess[] = [];

function spawn(): SystemProcess {
  const execArgv = COMPILED ? [] : ['--import', import.meta.resolve('tsx')];
  return new SystemProcess(fork(SCRIPT, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
}

/** A system of a plug-in loaded by module path, in a child process whose `Date` follows its clock. */
class RemoteSystem implements SystemUnderTest {
  private closed = false;

  constructor(private readonly process_: SystemProcess, private readonly keys: KeyMaterial, private state: SystemState) {}

  private async ask(call: SystemCall): Promise<unknown> {
    if (this.closed) throw new ImplError('ERR_SYSTEM_CLOSED', 'the system is closed');
    const answer = await this.process_.ask(call);
    if (answer.state) this.state = answer.state;
    return answer.value;
  }

  async step(action: Action) {
    return (await this.act(action)).observation;
  }

  async act(action: Action, forged?: WireCredential): Promise<StepRecord> {
    return (await this.ask({ kind: 'act', action, ...(forged ? { forged } : {}) })) as StepRecord;
  }

  forgeryContext() {
    return { keys: this.keys, now: this.state.now };
  }

  localSessionCounts(): number[] | null {
    return this.state.localSessionCounts;
  }

  async probe(node: number, credential: WireCredential) {
    return (await this.ask({ kind: 'probe', node, credential })) as ProbeReply | null;
  }

  liveNodes(): number[] {
    return this.state.liveNodes;
  }

  async storeKeys(): Promise<string[] | null> {
    return (await this.ask({ kind: 'storeKeys' })) as string[] | null;
  }

  jars(): readonly Jar[] {
    return this.state.jars;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.ask({ kind: 'close' });
    } finally {
      this.closed = true;
      if (this.process_.alive) {
        this.process_.hold(false);
        idle.push(this.process_);
      }
    }
  }
}

/**
 * Opens `strategy` (loaded with `loadPlugin`) on target `impl`, `sockets` or `redis` in a system
 * process of its own, its `Date` following the system's clock.
 */
export async function openRemoteSystem(strategy: SessionStrategy, options: OpenOptions): Promise<SystemUnderTest> {
  const plugin = pluginModuleOf(strategy);
  if (!plugin) throw new ImplError('ERR_BAD_OPTION', `fakeTime runs the system in a process of its own, which loads the plug-in by module: load "${strategy.name}" with loadPlugin({ module, export })`);
  if (options.target === 'cluster') throw new ImplError('ERR_BAD_OPTION', 'target cluster fakes time in its own node processes');
  const child = idle.pop() ?? spawn();
  child.hold(true);
  try {
    const opened = await child.ask({ kind: 'open', open: { plugin, target: options.target, scope: options.scope, seed: options.seed } });
    return new RemoteSystem(child, await keysFromWire(opened.keys!), opened.state!);
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Stops every idle system process (tests: afterAll; the CLI after a run). */
export async function stopSystemProcesses(): Promise<void> {
  await Promise.all(idle.splice(0).map((p) => p.stop()));
}
