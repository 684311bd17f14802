/** Safety: what no strategy may ever do. A refuted safety property is a bug. */
import type { Judged } from '../types.ts';
import { acceptedCredential, AUTHENTICATING, authenticates, describeCredential, onActions } from './common.ts';

/** A request is only ever accepted as its credential's owner; a login only as its user. */
export const noImpersonation: Judged = onActions([...AUTHENTICATING, 'login'], {
  witness: (step) => step.observation.status === 200 && (step.action.type === 'login' || acceptedCredential(step) !== undefined),
  judge: (step) => {
    if (step.action.type === 'login' && step.observation.status === 200 && step.observation.user !== step.action.user) {
      return { detail: `login(u${step.action.user}) answered as u${step.observation.user}` };
    }
    const e = acceptedCredential(step);
    if (!e || step.observation.user === e.owner) return null;
    return { detail: `${describeCredential(e)} accepted as u${step.observation.user}` };
  },
});

/** No credential is accepted at or after its expiry. Witness: an expired credential presented. */
export const expiry: Judged = onActions(AUTHENTICATING, {
  witness: (step) => {
    const e = authenticates(step.action) ? step.presented() : undefined;
    return e !== undefined && step.clock >= e.expiresAt;
  },
  judge: (step) => {
    const e = acceptedCredential(step);
    if (!e || step.clock < e.expiresAt) return null;
    return { detail: `${describeCredential(e)} expired at t=${e.expiresAt}s and is accepted at t=${step.clock}s` };
  },
});

/**
 * Presenting a rotated-out refresh token revokes its whole family: the rotated-out token is
 * refused, and no member of the family refreshes afterwards. Refresh tokens are never probed;
 * the family's fate is judged from later presentations.
 */
export const reuseRevokesFamily: Judged = onActions(['refresh', 'replayRefresh'], {
  witness: (step) => {
    if (step.action.type !== 'refresh' && step.action.type !== 'replayRefresh') return false;
    const e = step.presented();
    return e !== undefined && e.kind === 'refresh' && step.storeUp && step.clock < e.expiresAt && (step.rotatedOut(e) || step.familyReused(e));
  },
  judge: (step) => {
    if (step.action.type !== 'refresh' && step.action.type !== 'replayRefresh') return null;
    const e = step.presented();
    if (!e || e.kind !== 'refresh' || !step.storeUp || step.clock >= e.expiresAt || step.observation.status !== 200) return null;
    if (step.rotatedOut(e)) return { detail: `the rotated-out ${describeCredential(e)} was accepted` };
    if (step.familyReused(e)) return { detail: `a rotated-out token of its family was presented before, yet ${describeCredential(e)} still refreshes` };
    return null;
  },
});

/**
 * A forged credential (`forge`: the attacker's forgery, nothing of it issued) is never accepted.
 * Witness: a forgery reached a node. The implementation check (`properties/security/forgedRejected.ts`)
 * sends thousands more; this predicate puts forgeries in every generated program, on every target.
 */
export const forgedRejected: Judged = onActions(['forge'], {
  witness: (step) => step.action.type === 'forge' && step.observation.node !== undefined,
  judge: (step) => (step.action.type === 'forge' && step.observation.status === 200
    ? { detail: `a forgery of u${step.action.user}'s credential was accepted${step.observation.user !== undefined ? ` as u${step.observation.user}` : ''}` }
    : null),
});

/**
 * A login never adopts a credential it was sent: after a login that carried one (the attacker's
 * copy, planted in the victim's jar by `plant`), the client holds another. Witness: such a login
 * answered 200. The implementation check (`properties/security/fixation.ts`) plants random and
 * attacker credentials before thousands of logins and checks the cookie flags; this predicate
 * puts fixation in every generated program, on every target.
 */
export const noFixation: Judged = onActions(['login'], {
  witness: (step) => step.action.type === 'login' && step.observation.status === 200 && step.presented() !== undefined,
  judge: (step) => {
    if (step.action.type !== 'login' || step.observation.status !== 200) return null;
    const sent = step.presented();
    const kept = step.clientCredential(step.action.user, 'after');
    if (!sent || !kept || kept.id !== sent.id) return null;
    return { detail: `login(u${step.action.user}) kept ${describeCredential(sent)}, which the attacker planted in the jar` };
  },
});
