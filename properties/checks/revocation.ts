/** Checks of the "Revoke instantly?" column and of logout. */
import { acceptedCredential, describeCredential } from '../step.ts';
import type { TransitionCheck } from '../types.ts';

/** The source's "Hard" is bounded by this window in revocation.bounded (5 min). */
export const REVOCATION_WINDOW_SECONDS = 300;

/** No credential covered by an acknowledged revoke is accepted afterwards (store data kept). */
export const revocationInstant: TransitionCheck = (step) => {
  const e = acceptedCredential(step);
  if (!e || e.revokedAt === null || e.wipedSinceRevoked) return null;
  return { detail: `${describeCredential(e)} was revoked at t=${e.revokedAt}s and is still accepted at t=${step.before.clock}s` };
};

/** A revoked credential stops working within the window. */
export const revocationBounded: TransitionCheck = (step) => {
  const e = acceptedCredential(step);
  if (!e || e.revokedAt === null || e.wipedSinceRevoked) return null;
  const late = step.before.clock - e.revokedAt;
  if (late < REVOCATION_WINDOW_SECONDS) return null;
  return { detail: `${describeCredential(e)} is accepted ${late}s after its revocation (window ${REVOCATION_WINDOW_SECONDS}s)` };
};

/** Seconds between a revoke and an acceptance of a revoked credential (for the reported window). */
export function revocationLateness(step: Parameters<TransitionCheck>[0]): number | null {
  const e = acceptedCredential(step);
  return e && e.revokedAt !== null && !e.wipedSinceRevoked ? step.before.clock - e.revokedAt : null;
}

/** A credential refused by every live node just before a store wipe stays refused after it. */
export const revocationDurable: TransitionCheck = (step) => {
  const e = acceptedCredential(step);
  if (!e || !e.refusedBeforeWipe) return null;
  return { detail: `${describeCredential(e)} was refused everywhere before the store wipe and is accepted again` };
};

/** A copy taken before an acknowledged logout is rejected after it. */
export const logoutInvalidates: TransitionCheck = (step) => {
  const e = acceptedCredential(step);
  if (!e || e.loggedOutAt === null || e.wipedSinceLoggedOut) return null;
  return { detail: `${describeCredential(e)} was logged out at t=${e.loggedOutAt}s and is accepted again` };
};
