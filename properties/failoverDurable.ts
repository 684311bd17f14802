/**
 * `store.failover-durable` on real Redis: a primary and a replica. A generated program runs in
 * three parts: a prefix (then the replica is caught up), a part during which the replica lags
 * (SIGSTOPped, link dropped: what asynchronous replication allows), then `failover()` (the
 * primary is killed, the replica promoted with REPLICAOF NO ONE, nodes re-pointed), and a
 * suffix. The oracle is the model without a failover: every acknowledged write kept. After the
 * failover, a status or user differing from the model's means an acknowledged session, logout or
 * revocation did not survive. Before it, a 503 where the model answers 200 means the write was
 * not acknowledged (the WAIT variant refusing it while the replica lags, or after the failover,
 * when no replica is left to confirm it): from there the model no longer describes what the
 * client was promised, so the run stops, counted as a refused write.
 *
 * For a plug-in (`observe: 'wire'`) the model is only a reference it may leave: an answer that
 * differs before the failover ends the run as *diverged* (counted in the note), not as a
 * violation, and a run is at risk only when the store held a key when the primary was killed
 * (`witnessed`); none at risk is `vacuous`.
 *
 * Counterexamples list the two infrastructure steps as `replicaLags()` and `failover()`; their
 * replay token holds the model actions only (replayed on the model, it shows what should have
 * been answered).
 */
import fc from 'fast-check';
import type { FailoverSystem } from '../impl/infra/openRedis.ts';
import type { SessionStrategy } from '../impl/index.ts';
import { formatAction, isEnabled } from '../model/actions.ts';
import { initState, nextState } from '../model/nextState.ts';
import { modelStrategy } from '../model/registry.ts';
import type { Action, Observation, Scope, StrategyId } from '../model/types.ts';
import { actionArbitrary } from './arbitraries.ts';
import type { ImplCheck, ImplCheckOptions } from './implChecks.ts';
import { encodeReplay } from './replay.ts';
import { cellSeed } from './seed.ts';
import type { SystemVerdict } from './systemRunner.ts';

/** Requests only (the failover is the one fault): writes before it, credential uses after it. */
const writes = { login: 5, whoami: 2, addItem: 1, logout: 4, refresh: 3, replayStolen: 2, replayRefresh: 1, revoke: 3, tick: 1 } as const;
const uses = { whoami: 3, addItem: 1, refresh: 3, replayStolen: 3, replayRefresh: 2, login: 1 } as const;

/** Marker strings of the two infrastructure steps in a counterexample. */
export const REPLICA_LAGS = 'replicaLags()';
export const FAILOVER = 'failover()';

interface Program {
  readonly prefix: readonly Action[];
  readonly lag: readonly Action[];
  readonly suffix: readonly Action[];
}

/** What one program showed. */
interface Outcome {
  readonly executed: string[];
  readonly modelActions: string[];
  readonly violation?: string;
  /** A write was refused (503) while the replica lagged. */
  readonly refused: boolean;
  /** A plug-in answered differently from the model before the failover: the run was not judged. */
  readonly diverged?: true;
  /** The store held keys when the primary was killed (something was at risk). */
  readonly atRisk?: true;
}

/** Max programs per cell: each starts two redis-server processes. */
const MAX_RUNS = 30;

/**
 * The check; `waitForReplicaMs` switches on the WAIT variant (writes acknowledged only after
 * `WAIT 1 waitForReplicaMs`).
 * @example implChecks['store.failover-durable'] = failoverDurableCheck();
 */
export function failoverDurableCheck(waitForReplicaMs?: number): ImplCheck {
  return (options) => checkFailover(options, waitForReplicaMs);
}

async function checkFailover(options: ImplCheckOptions, waitForReplicaMs: number | undefined): Promise<SystemVerdict> {
  const { scope } = options;
  const model = modelStrategy(options.strategy);
  // One user: a lost write shows only when the same user acts on both sides of the failover.
  const write = actionArbitrary(model, scope, writes, true);
  const use = actionArbitrary(model, scope, uses, true);
  const programs: fc.Arbitrary<Program> = fc.record({
    prefix: fc.array(write, { maxLength: 4 }),
    lag: fc.array(write, { minLength: 1, maxLength: 3 }),
    suffix: fc.array(use, { minLength: 1, maxLength: 3 }),
  });
  const runs = Math.min(options.runs, MAX_RUNS);
  let refused = 0;
  let diverged = 0;
  let witnessed: number;
  const wire = options.observe === 'wire';
  let failing: Outcome | null = null;
  // Whether each call was at risk, in call order: the generated runs come first, then shrinking's.
  const atRisk: boolean[] = [];
  const details = await fc.check(
    fc.asyncProperty(programs, async (program) => {
      const outcome = await runProgram(options.implementation, options.strategy, scope, options.seed, program, waitForReplicaMs, wire);
      if (outcome.refused) refused += 1;
      if (outcome.diverged) diverged += 1;
      atRisk.push(outcome.atRisk === true);
      if (outcome.violation !== undefined) failing = outcome; // fast-check's last failure is the shrunk one
      return outcome.violation === undefined;
    }),
    { seed: cellSeed(options.seed, options.strategy, 'store.failover-durable'), numRuns: runs },
  );
  witnessed = atRisk.slice(0, details.numRuns).filter(Boolean).length;
  const variant = waitForReplicaMs === undefined ? 'asynchronous replication' : `writes acknowledged after WAIT 1 ${waitForReplicaMs}`;
  if (!details.failed || details.counterexample === null) {
    const note = `${variant}; ${refused} of ${details.numRuns} programs had a write refused (503, not acknowledged) because no replica confirmed it`;
    if (!wire) return { property: 'store.failover-durable', verdict: 'holds', runs: details.numRuns, note };
    const plugin = `${note}; ${diverged} left the ${options.strategy} model before the failover (not judged); ${witnessed} had keys in the store when the primary was killed`;
    return { property: 'store.failover-durable', verdict: witnessed > 0 ? 'holds' : 'vacuous', runs: details.numRuns, witnessed, note: plugin };
  }
  if (failing === null) {
    // fast-check failed on an exception, not on a violation: infrastructure trouble, said as such.
    throw new Error(`store.failover-durable on ${options.strategy}: a program failed with an error, not a verdict: ${String(details.errorInstance)}`, { cause: details.errorInstance });
  }
  const outcome: Outcome = failing;
  return {
    property: 'store.failover-durable',
    verdict: 'refuted',
    runs: details.numRuns,
    counterexample: {
      actions: outcome.executed,
      replay: encodeReplay({ strategy: options.strategy, property: 'store.failover-durable', target: options.target, scope, actions: outcome.modelActions }),
      detail: outcome.violation ?? 'no detail',
    },
    note: variant,
    ...(wire ? { witnessed } : {}),
  };
}

async function runProgram(implementation: SessionStrategy, strategy: StrategyId, scope: Scope, seed: number, program: Program, waitForReplicaMs: number | undefined, wire: boolean): Promise<Outcome> {
  const model = modelStrategy(strategy);
  // Loaded on demand: model-only runs never load the implementations.
  const { openFailoverSystem } = await import('../impl/infra/openRedis.ts');
  const system: FailoverSystem = await openFailoverSystem(implementation, { target: 'redis', scope, seed }, waitForReplicaMs);
  let state = initState(scope);
  const executed: string[] = [];
  const modelActions: string[] = [];
  const play = async (a: Action): Promise<{ expected: Observation; actual: Observation } | null> => {
    if (!isEnabled(model, scope, state, a)) return null;
    const expected = nextState(model, scope, state, a);
    const actual = await system.step(a);
    state = expected.state;
    executed.push(formatAction(a));
    modelActions.push(formatAction(a));
    return { expected: expected.observation, actual };
  };
  const differs = (o: { expected: Observation; actual: Observation }): boolean => o.expected.status !== o.actual.status || o.expected.user !== o.actual.user;
  const phases: [readonly Action[], 'before' | 'lag' | 'after'][] = [[program.prefix, 'before'], [program.lag, 'lag'], [program.suffix, 'after']];
  let atRisk = false;
  try {
    for (const [actions, phase] of phases) {
      if (phase === 'lag') {
        await system.syncReplica();
        await system.pauseReplica();
        executed.push(REPLICA_LAGS);
      } else if (phase === 'after') {
        atRisk = ((await system.storeKeys()) ?? []).length > 0;
        await system.failover();
        executed.push(FAILOVER);
      }
      for (const a of actions) {
        const o = await play(a);
        if (!o || !differs(o)) continue;
        // Refused, not acknowledged: no promise was made (WAIT timed out, or no replica is left).
        if (o.actual.status === 503 && o.expected.status === 200) return { executed, modelActions, refused: true };
        if (phase !== 'after' && wire) return { executed, modelActions, refused: false, diverged: true };
        if (phase !== 'after') {
          return { executed, modelActions, refused: false, violation: `${phase === 'lag' ? 'while the replica lagged' : 'before any failover'}, ${formatAction(a)} answered ${show(o.actual)} where the model answers ${show(o.expected)} (a conformance failure, not a failover one)` };
        }
        const what = o.actual.status === 200 && o.expected.status === 401
          ? 'a credential whose logout or revocation was acknowledged before the failover is accepted again'
          : o.expected.status === 200 && o.actual.status === 401
            ? 'a session acknowledged before the failover is gone'
            : 'an acknowledged write did not survive the failover';
        return { executed, modelActions, refused: false, ...(atRisk ? { atRisk } : {}), violation: `after the failover, ${formatAction(a)} answered ${show(o.actual)} where, with every acknowledged write kept, it answers ${show(o.expected)}: ${what}` };
      }
    }
    return { executed, modelActions, refused: false, ...(atRisk ? { atRisk } : {}) };
  } finally {
    await system.close();
  }
}

function show(o: Observation): string {
  return o.user === undefined ? String(o.status) : `${o.status} as u${o.user}`;
}
