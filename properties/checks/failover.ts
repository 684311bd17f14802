/** Checks of the "Failure of one node" column and its relatives: deploys and plain routing. */
import { Fault } from '../../model/types.ts';
import { describeAnswer, describeCredential, isOrdinary, isValid, presented } from '../step.ts';
import type { TransitionCheck } from '../types.ts';

/**
 * A valid credential whose only faults since issue are exactly `faults` is accepted by an
 * ordinary request, wherever the balancer sends it.
 */
function acceptedDespite(faults: number, what: string): TransitionCheck {
  return (step) => {
    if (!isOrdinary(step.action)) return null;
    const e = presented(step.before, step.action);
    if (!e || e.faults !== faults || !isValid(e, step.before.clock) || step.observation.status === 200) return null;
    return { detail: `${describeCredential(e)} is valid${what}, yet n${step.observation.node ?? '?'} answers ${describeAnswer(step.observation)}` };
  };
}

export const sessionsSurvive = acceptedDespite(Fault.crash, ' and saw only a node crash');
export const followsUser = acceptedDespite(0, ' and saw no fault');
export const noLogoutOnDeploy = acceptedDespite(Fault.drain, ' and saw only a drain (deploy)');
