/**
 * `safety.fail-closed` on the implementation, with faults the model does not have: one store
 * round trip in the middle of a request fails (connection error: never sent; timeout: the
 * command still runs, late; reply lost after the write: it ran), or the store is disconnected
 * for a request and reconnected after it. Each request must answer 503 when one of its round
 * trips failed (never accept on data that was not checked), never anything but 200/400/401/503,
 * never reject and never report an unexpected error; a credential no faulted request could have
 * ended is still accepted (no session lost in the store), and after reconnecting all is served.
 */
import fc from 'fast-check';
import { NodeBench } from '../../impl/security/bench.ts';
import type { Interceptor } from '../../impl/security/interceptedRedis.ts';
import { benchRequest, readIssued, type Issued } from '../../impl/security/wire.ts';
import type { ImplCheck, ImplCheckOptions } from '../implChecks.ts';
import { cellSeed } from '../seed.ts';
import { call, credentialFrom, familyOf, login, type Credential } from './session.ts';
import { FindingError, findingOf, implVerdict } from './verdicts.ts';

const PROPERTY = 'safety.fail-closed';

/** A fault injected into one round trip of a request. */
export type FaultKind = 'none' | 'connection-error' | 'timeout' | 'reply-lost' | 'outage';

export interface FaultyOp {
  readonly route: 'login' | 'whoami' | 'addItem' | 'logout' | 'refresh';
  readonly node: number;
  readonly fault: FaultKind;
  /** Which round trip of the request fails (0-based; later than its last: none does). */
  readonly trip: number;
}

const PATHS = { whoami: '/me', addItem: '/cart', logout: '/logout', refresh: '/refresh' } as const;

/** An interceptor failing round trip `trip` of each request in the way `fault` says. */
export function faultInjector(fault: FaultKind, trip: number, injected: { count: number; index: number }): Interceptor {
  return async (label, send) => {
    const index = injected.index++;
    if (index !== trip || fault === 'none' || fault === 'outage') return send();
    injected.count++;
    if (fault === 'connection-error') throw new Error(`connect ECONNREFUSED (injected before ${label})`);
    if (fault === 'timeout') {
      setImmediate(() => void send().catch(() => {})); // the command reaches the store after the client gave up
      throw new Error(`Command timed out (injected on ${label})`);
    }
    await send();
    throw new Error(`Connection lost after ${label} was written (injected)`);
  };
}

async function faultRun(options: ImplCheckOptions, ops: readonly FaultyOp[]): Promise<void> {
  const bench = await NodeBench.start(options.implementation, { scope: options.scope, seed: options.seed });
  const family = familyOf(options.strategy);
  const nodeMemory = options.strategy === 'in-memory' || options.strategy === 'sticky';
  const actions: string[] = [];
  const fail: (detail: string) => never = (detail) => {
    throw new FindingError({ actions, detail });
  };
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    let credential: Credential | null = null;
    let home = 0; // node-memory: the node holding the session
    let certain = true; // false once a faulted request may have ended the credential
    for (const op of ops) {
      if (op.route === 'refresh' && family !== 'refresh') continue;
      if (op.route !== 'login' && credential === null) continue;
      const node = nodeMemory && op.route !== 'login' ? home : op.node % bench.size;
      actions.push(`${op.fault === 'outage' ? 'storeDown(), ' : ''}${op.route}(u0)${op.fault === 'outage' ? ', storeUp()' : ''}`);
      const injected = { count: 0, index: 0 };
      bench.interceptor = faultInjector(op.fault, op.trip, injected);
      if (op.fault === 'outage') bench.redis.disconnect();
      const tripsBefore = bench.counter.trips;
      let answer: Issued;
      try {
        answer = op.route === 'login' ? await callLogin(bench, node) : await call(bench, node, PATHS[op.route], credential!);
      } catch (error) {
        fail(`${op.route} on n${node} with a ${op.fault} fault made the app reject: ${String(error)}`);
      } finally {
        bench.interceptor = null;
        if (op.fault === 'outage') await bench.redis.connect();
      }
      const faulted = injected.count > 0 || (op.fault === 'outage' && bench.counter.trips > tripsBefore);
      const status = answer.status;
      const what = `${op.route}(u0) on n${node} with a ${op.fault} fault (round trip ${op.trip}) answered ${status}`;
      if (![200, 400, 401, 503].includes(status)) fail(`${what}`);
      if (faulted && status !== 503) fail(`${what}: a store round trip failed, so it must fail closed with 503`);
      if (!faulted && status === 503) fail(`${what} although no round trip failed`);
      if (op.route === 'login') {
        if (status === 200) [credential, home, certain] = [credentialFrom(answer), node, true];
        continue;
      }
      if (!faulted && certain && status !== 200) fail(`${what}: the credential was not ended by any request, yet it is refused (session lost)`);
      if (op.route === 'logout' && status === 200) credential = null;
      else if (op.route === 'logout' || op.route === 'refresh') certain = certain && !faulted;
      if (status === 200 && (op.route === 'refresh' || op.route === 'addItem')) credential = credentialFrom(answer, credential!);
    }
    await new Promise((resolve) => setImmediate(resolve)); // late (timed-out) commands land
    if (credential !== null && certain) {
      const me = await call(bench, nodeMemory ? home : 0, '/me', credential);
      if (me.status !== 200) fail(`after the faults and the reconnect, the session's credential is refused (${me.status}): session lost`);
    }
    if (bench.errors.length > 0) fail(`a node reported an unexpected error: ${bench.errors[0].message} ${String(bench.errors[0].error)}`);
    if (unhandled.length > 0) fail(`unhandled rejection: ${String(unhandled[0])}`);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await bench.close();
  }
}

async function callLogin(bench: NodeBench, node: number): Promise<Issued> {
  return readIssued(await bench.send(node, benchRequest('POST', '/login', { json: { user: 'u0' } })));
}

/** Generated programs of requests with faults (login first, so most programs have a session). */
export const faultyProgram: fc.Arbitrary<FaultyOp[]> = fc.array(
  fc.record({
    route: fc.constantFrom<FaultyOp['route']>('login', 'whoami', 'addItem', 'addItem', 'whoami', 'logout', 'refresh', 'refresh'),
    node: fc.nat(3),
    fault: fc.constantFrom<FaultKind>('none', 'connection-error', 'timeout', 'reply-lost', 'outage'),
    trip: fc.nat(2),
  }),
  { minLength: 1, maxLength: 8 },
).map((ops) => [{ route: 'login', node: 0, fault: 'none', trip: 0 } as FaultyOp, ...ops]);

/** The implementation half of `safety.fail-closed` (the lockstep run decides the model half). */
export const failClosedUnderFaults: ImplCheck = async (options) => {
  let index = 0;
  let failedAt: number | undefined;
  const details = await fc.check(
    fc.asyncProperty(faultyProgram, async (ops) => {
      const run = index++;
      await faultRun(options, ops).catch((error: unknown) => {
        failedAt ??= run;
        throw error;
      });
    }),
    { seed: cellSeed(options.seed, options.strategy, `${PROPERTY}/faults`), numRuns: options.runs },
  );
  const runs = failedAt === undefined ? options.runs : failedAt + 1;
  return implVerdict(PROPERTY, options, details.failed ? { runs, finding: findingOf(details.errorInstance, ['login(u0)', 'storeDown()', 'whoami(u0)']) } : { runs });
};
