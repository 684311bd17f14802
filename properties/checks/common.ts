/** What the predicates share: which requests authenticate, acceptance, validity, messages. */
import type { Action, Observation } from '../../model/types.ts';
import type { CredentialFacts, StepFacts } from '../judge/facts.ts';
import type { Judged } from '../types.ts';

/** Requests that authenticate with a credential (logout does not: it succeeds either way). */
export const AUTHENTICATING: readonly Action['type'][] = ['whoami', 'addItem', 'refresh', 'replayStolen', 'replayRefresh', 'replayOlder', 'replayIssued'];

/** The ordinary requests of the source text: reading and writing session data. */
export const ORDINARY: readonly Action['type'][] = ['whoami', 'addItem'];

/** Whether the action is one of {@link AUTHENTICATING}. */
export function authenticates(action: Action): boolean {
  return AUTHENTICATING.includes(action.type);
}

/** Whether the action is one of {@link ORDINARY}. */
export function isOrdinary(action: Action): boolean {
  return ORDINARY.includes(action.type);
}

/**
 * A predicate that can fire only on these action types: its judge answers null on every other
 * step, and `on` says so, so an engine may skip it there (Judged.on).
 */
export function onActions(types: readonly Action['type'][], judged: Judged): Judged {
  const judge = judged.judge;
  // An array, not a Set: a few interned strings compared by identity cost less than hashing one.
  return { ...judged, on: types, judge: (step) => (types.includes(step.action.type) ? judge(step) : null) };
}

/** The credential a step presented, when the server accepted it. */
export function acceptedCredential(step: StepFacts): CredentialFacts | undefined {
  if (step.observation.status !== 200 || !authenticates(step.action)) return undefined;
  return step.presented();
}

/** Unexpired, not revoked and not logged out (acknowledged ones only). */
export function isValid(c: CredentialFacts, clock: number): boolean {
  return clock < c.expiresAt && c.revokedAt === null && c.loggedOutAt === null;
}

/** Accepted as its owner: a 200 that answers as the credential's user. */
export function acceptedAsOwner(o: Observation, c: CredentialFacts): boolean {
  return o.status === 200 && o.user === c.owner;
}

export function describeAnswer(o: { readonly status: number; readonly user?: number }): string {
  return o.status === 200 ? `200 (u${o.user ?? '?'})` : String(o.status);
}

export function describeCredential(c: CredentialFacts): string {
  return `u${c.owner}'s ${c.kind === 'session' ? 'session' : c.kind === 'jwt' ? 'token' : `${c.kind} token`} #${c.id}`;
}
