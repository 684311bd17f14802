/** Checks of the "Extra hop?" column and of the store as a dependency. */
import { counterfactual } from '../../model/nextState.ts';
import { authenticates, isOrdinary } from '../step.ts';
import type { TransitionCheck } from '../types.ts';

/** No ordinary request (whoami, addItem) makes a round trip to the store. */
export const noHop: TransitionCheck = (step) =>
  isOrdinary(step.action) && step.observation.storeTrips > 0
    ? { detail: `${step.action.type} made ${step.observation.storeTrips} store round trip(s)` }
    : null;

/** The shared store never holds per-client data. */
export const noStore: TransitionCheck = (step) => {
  const entries = step.after.store.entries;
  return entries.length > 0 ? { detail: `the store holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} (${entries.map((e) => e.kind).join(', ')})` } : null;
};

/** An outage never turns an ordinary request the store would let through into a refusal. */
export const outageTolerant: TransitionCheck = (step) => {
  if (!isOrdinary(step.action) || step.before.store.up || step.observation.status === 200) return null;
  const withStore = counterfactual(step.strategy, step.scope, step.before, step.action, { storeUp: true });
  return withStore.observation.status === 200
    ? { detail: `with the store down the answer is ${step.observation.status}; with it up it would be 200` }
    : null;
};

/** A store failure never lets through a request the store would refuse. */
export const failClosed: TransitionCheck = (step) => {
  if (step.before.store.up || step.observation.status !== 200 || !(authenticates(step.action) || step.action.type === 'login')) return null;
  const withStore = counterfactual(step.strategy, step.scope, step.before, step.action, { storeUp: true });
  return withStore.observation.status !== 200
    ? { detail: `with the store down the request is accepted; with it up it would be ${withStore.observation.status}` }
    : null;
};
