/**
 * Step facts on a running system: knowledge rebuilt from the system's own trace, and the probes
 * the harness sent to it after the step. Nothing here reads the model.
 */
import type { Jar, StepRecord } from '../../impl/driver/system.ts';
import type { Action, Observation } from '../../model/types.ts';
import type { CartRead, CredentialFacts, ProbeAnswer, StepFacts } from './facts.ts';
import type { Knowledge, KnownCredential } from './knowledge.ts';

/** What the harness read from the system after a step (each part only when some property needs it). */
export interface Probes {
  readonly live: readonly number[];
  /** Answers per probed credential ID, one per live node. */
  readonly answers: ReadonlyMap<number, readonly ProbeAnswer[]>;
  readonly localSessions: readonly number[] | null;
  readonly storeKeys: readonly string[] | null;
  readonly addedNode: number | null;
}

export interface SystemStep {
  readonly action: Action;
  readonly record: StepRecord;
  readonly clock: number;
  readonly storeUp: boolean;
  readonly maxItems: number;
  /** The presented credential as known before the step. */
  readonly presented: KnownCredential | undefined;
  /** The users' jars before and after the step. */
  readonly jarsBefore: readonly Jar[];
  readonly jarsAfter: readonly Jar[];
  /** Snapshots of the credentials in the jars before the step (sizes and carts change with the step). */
  readonly before: ReadonlyMap<number, KnownCredential>;
  /** Whether a rotated-out member of the presented credential's family had been presented before this step. */
  readonly familyReusedBefore: boolean;
  readonly rotatedOutBefore: boolean;
  /** The knowledge's answer, before the step, to "would the store let the serving node accept it?". */
  readonly storeWouldAccept: boolean | null;
  readonly probes: Probes;
  /** After a concurrent batch, the carts its acknowledged writes went to, read back (null otherwise). */
  readonly cartReads?: readonly CartRead[] | null;
}

/** The facts of one system step, judged after the knowledge took the step in. */
export function systemFacts(step: SystemStep, knowledge: Knowledge): StepFacts {
  const known = (c: CredentialFacts) => c as KnownCredential;
  return {
    action: step.action,
    observation: step.record.observation as Observation,
    clock: step.clock,
    storeUp: step.storeUp,
    maxItems: step.maxItems,
    presented: () => step.presented,
    clientCredential: (user, when) => {
      const jar = (when === 'before' ? step.jarsBefore : step.jarsAfter)[user];
      const c = knowledge.main(jar?.credential ?? null);
      return c && when === 'before' ? step.before.get(c.id) ?? c : c;
    },
    bytes: (c) => known(c).bytes,
    items: (c) => known(c).items,
    held: () => knowledge.held(step.jarsAfter),
    liveNodes: () => step.probes.live,
    addedNode: () => step.probes.addedNode,
    probe: (c) => step.probes.answers.get(c.id) ?? null,
    localSessions: () => step.probes.localSessions,
    storeKeys: () => step.probes.storeKeys,
    storeWouldAccept: () => step.storeWouldAccept,
    rotatedOut: (c) => (c.id === step.presented?.id ? step.rotatedOutBefore : knowledge.rotatedOut(c)),
    familyReused: (c) => (c.id === step.presented?.id ? step.familyReusedBefore : knowledge.familyReused(c)),
    cartReads: () => step.cartReads ?? null,
  };
}
