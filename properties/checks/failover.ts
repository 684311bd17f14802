/** Checks of the "Failure of one node" column and its relatives: deploys and plain routing. */
import { Fault } from '../../model/types.ts';
import type { StepFacts } from '../judge/facts.ts';
import type { Judged } from '../types.ts';
import { acceptedAsOwner, describeAnswer, describeCredential, isOrdinary, isValid, onActions, ORDINARY } from './common.ts';

/**
 * A valid credential whose only faults since issue are exactly `faults` is accepted as its owner
 * by an ordinary request, wherever the balancer sends it. Witness: such a request.
 */
function acceptedDespite(faults: number, what: string): Judged {
  const atRisk = (step: StepFacts) => {
    if (!isOrdinary(step.action)) return undefined;
    const e = step.presented();
    return e && e.faults === faults && isValid(e, step.clock) ? e : undefined;
  };
  return onActions(ORDINARY, {
    witness: (step) => atRisk(step) !== undefined,
    judge: (step) => {
      const e = atRisk(step);
      if (!e || acceptedAsOwner(step.observation, e)) return null;
      return { detail: `${describeCredential(e)} is valid${what}, yet n${step.observation.node ?? '?'} answers ${describeAnswer(step.observation)}` };
    },
  });

}

export const sessionsSurvive = acceptedDespite(Fault.crash, ' and saw only a node crash');
export const followsUser = acceptedDespite(0, ' and saw no fault');
export const noLogoutOnDeploy = acceptedDespite(Fault.drain, ' and saw only a drain (deploy)');
