/** Checks of the "Extra hop?" column and of the store as a dependency. */
import type { StepFacts } from '../judge/facts.ts';
import type { Judged } from '../types.ts';
import { AUTHENTICATING, authenticates, isOrdinary, onActions, ORDINARY } from './common.ts';

/** No ordinary request (whoami, addItem) makes a round trip to the store. Witness: one served. */
export const noHop: Judged = onActions(ORDINARY, {
  witness: (step) => isOrdinary(step.action) && step.observation.node !== undefined,
  judge: (step) => (isOrdinary(step.action) && step.observation.storeTrips > 0
    ? { detail: `${step.action.type} made ${step.observation.storeTrips} store round trip(s)` }
    : null),
});

/** The shared store never holds per-client data. Witness: an acknowledged request, store readable. */
export const noStore: Judged = {
  reads: ['storeKeys'],
  witness: (step) => step.observation.node !== undefined && step.observation.status === 200 && step.storeKeys() !== null,
  judge: (step) => {
    const keys = step.storeKeys();
    if (!keys || keys.length === 0) return null;
    return { detail: `the store holds ${keys.length} entr${keys.length === 1 ? 'y' : 'ies'} (${keys.join(', ')})` };
  },
};

/**
 * The literal statement: an outage never turns a request the store would let through (any
 * request that reaches a node: logins, refreshes, logouts and revokes as well as ordinary ones)
 * into a refusal. Witness: during an outage, a request the store would accept reaches a node.
 */
export const outageTolerant: Judged = {
  reads: ['probesBeforeOutage'],
  witness: (step) => !step.storeUp && step.observation.node !== undefined && step.storeWouldAccept() === true,
  judge: (step) => refusedInOutage(step),
};

/**
 * The narrower claim: an outage never turns an ordinary request (whoami, addItem) the store
 * would let through into a refusal. Witness: during an outage, such an ordinary request.
 */
export const outageTolerantOrdinary: Judged = onActions(ORDINARY, {
  reads: ['probesBeforeOutage'],
  witness: (step) => isOrdinary(step.action) && outageTolerant.witness(step),
  judge: (step) => (isOrdinary(step.action) ? refusedInOutage(step) : null),
});

function refusedInOutage(step: StepFacts): { detail: string } | null {
  if (step.storeUp || step.observation.status === 200 || step.observation.node === undefined) return null;
  return step.storeWouldAccept() === true
    ? { detail: `with the store down ${step.action.type} answers ${step.observation.status}; with it up it would be 200` }
    : null;
}

/** A store failure never lets through a request the store would refuse. Witness: such a request in an outage. */
export const failClosed: Judged = onActions([...AUTHENTICATING, 'login'], {
  reads: ['probesBeforeOutage'],
  witness: (step) => !step.storeUp && (authenticates(step.action) || step.action.type === 'login') && step.observation.node !== undefined && step.storeWouldAccept() === false,
  judge: (step) => {
    if (step.storeUp || step.observation.status !== 200 || !(authenticates(step.action) || step.action.type === 'login')) return null;
    return step.storeWouldAccept() === false
      ? { detail: 'with the store down the request is accepted; with it up it would be refused' }
      : null;
  },
});
