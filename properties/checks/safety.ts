/** Safety: what no strategy may ever do. A refuted safety property is a bug. */
import { liveNodes } from '../../model/lb.ts';
import { probe } from '../../model/nextState.ts';
import { ledgerEntry } from '../../model/world.ts';
import { acceptedCredential, describeCredential, presented } from '../step.ts';
import type { TransitionCheck } from '../types.ts';

/** A request is only ever accepted as its credential's owner; a login only as its user. */
export const noImpersonation: TransitionCheck = (step) => {
  if (step.action.type === 'login' && step.observation.status === 200 && step.observation.user !== step.action.user) {
    return { detail: `login(u${step.action.user}) answered as u${step.observation.user}` };
  }
  const e = acceptedCredential(step);
  if (!e || step.observation.user === e.owner) return null;
  return { detail: `${describeCredential(e)} accepted as u${step.observation.user}` };
};

/** No credential is accepted at or after its expiry. */
export const expiry: TransitionCheck = (step) => {
  const e = acceptedCredential(step);
  if (!e || step.before.clock < e.expiresAt) return null;
  return { detail: `${describeCredential(e)} expired at t=${e.expiresAt}s and is accepted at t=${step.before.clock}s` };
};

/** Presenting a rotated-out refresh token revokes its whole family. */
export const reuseRevokesFamily: TransitionCheck = (step) => {
  if (step.action.type !== 'refresh' && step.action.type !== 'replayRefresh') return null;
  const e = presented(step.before, step.action);
  if (!e || e.kind !== 'refresh' || !step.before.store.up || step.before.clock >= e.expiresAt) return null;
  const rotatedOut = step.before.ledger.some((o) => o.kind === 'refresh' && o.family === e.family && o.id > e.id);
  if (!rotatedOut) return null;
  if (step.observation.status === 200) return { detail: `the rotated-out ${describeCredential(e)} was accepted` };
  for (const member of step.after.ledger) {
    if (member.kind !== 'refresh' || member.family !== e.family || step.after.clock >= member.expiresAt) continue;
    for (const n of liveNodes(step.after)) {
      const answer = probe(step.strategy, step.scope, step.after, { type: 'refresh', credential: { main: -1, refresh: member.id } }, n);
      if (answer.status === 200) return { detail: `after reuse of #${e.id}, ${describeCredential(ledgerEntry(step.after, member.id)!)} of the same family still refreshes at n${n}` };
    }
  }
  return null;
};
