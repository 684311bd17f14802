/** Checks of the "Revoke instantly?" column and of logout. */
import type { CredentialFacts, StepFacts } from '../judge/facts.ts';
import type { Judged } from '../types.ts';
import { acceptedCredential, AUTHENTICATING, authenticates, describeCredential, onActions } from './common.ts';

/** The source's "Hard" is bounded by this window in revocation.bounded (5 min). */
export const REVOCATION_WINDOW_SECONDS = 300;

/** The presented credential, when a request presents one that `marked` says is at risk. */
function presentedIf(step: StepFacts, marked: (c: CredentialFacts) => boolean): CredentialFacts | undefined {
  if (!authenticates(step.action)) return undefined;
  const c = step.presented();
  return c && marked(c) ? c : undefined;
}

const revokedKept = (c: CredentialFacts) => c.revokedAt !== null && !c.wipedSinceRevoked;
const loggedOutKept = (c: CredentialFacts) => c.loggedOutAt !== null && !c.wipedSinceLoggedOut;

/** No credential covered by an acknowledged revoke is accepted afterwards (store data kept). */
export const revocationInstant: Judged = onActions(AUTHENTICATING, {
  witness: (step) => presentedIf(step, revokedKept) !== undefined,
  judge: (step) => {
    const e = acceptedCredential(step);
    if (!e || !revokedKept(e)) return null;
    return { detail: `${describeCredential(e)} was revoked at t=${e.revokedAt}s and is still accepted at t=${step.clock}s` };
  },
});

/** A revoked credential stops working within the window. Witness: a presentation after the window. */
export const revocationBounded: Judged = onActions(AUTHENTICATING, {
  witness: (step) => presentedIf(step, (c) => revokedKept(c) && step.clock - c.revokedAt! >= REVOCATION_WINDOW_SECONDS) !== undefined,
  judge: (step) => {
    const e = acceptedCredential(step);
    if (!e || !revokedKept(e)) return null;
    const late = step.clock - e.revokedAt!;
    if (late < REVOCATION_WINDOW_SECONDS) return null;
    return { detail: `${describeCredential(e)} is accepted ${late}s after its revocation (window ${REVOCATION_WINDOW_SECONDS}s)` };
  },
});

/** Seconds between a revoke and an acceptance of a revoked credential (for the reported window). */
export function revocationLateness(step: StepFacts): number | null {
  const e = acceptedCredential(step);
  return e && revokedKept(e) ? step.clock - e.revokedAt! : null;
}

/** A credential refused by every live node just before a store wipe stays refused after it. */
export const revocationDurable: Judged = onActions(AUTHENTICATING, {
  reads: ['probesBeforeWipe'],
  witness: (step) => presentedIf(step, (c) => c.refusedBeforeWipe) !== undefined,
  judge: (step) => {
    const e = acceptedCredential(step);
    if (!e || !e.refusedBeforeWipe) return null;
    return { detail: `${describeCredential(e)} was refused everywhere before the store wipe and is accepted again` };
  },
});

/** A copy taken before an acknowledged logout is rejected after it. */
export const logoutInvalidates: Judged = onActions(AUTHENTICATING, {
  witness: (step) => presentedIf(step, loggedOutKept) !== undefined,
  judge: (step) => {
    const e = acceptedCredential(step);
    if (!e || !loggedOutKept(e)) return null;
    return { detail: `${describeCredential(e)} was logged out at t=${e.loggedOutAt}s and is accepted again` };
  },
});
