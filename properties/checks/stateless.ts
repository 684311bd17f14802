/** Checks of the "Server stateless?" column: any node can serve any request. */
import { liveNodes } from '../../model/lb.ts';
import { describeAnswer, describeCredential, heldCredentials, probeEverywhere, sameAnswer } from '../step.ts';
import type { TransitionCheck } from '../types.ts';

/** Every live node would answer every held credential the same way. */
export const anyNodeServes: TransitionCheck = (step) => {
  const live = liveNodes(step.after);
  for (const entry of heldCredentials(step.after)) {
    const answers = probeEverywhere(step, step.after, entry);
    const odd = answers.findIndex((a) => !sameAnswer(a, answers[0]));
    if (odd > 0) {
      return { detail: `n${live[0]} answers ${describeCredential(entry)} with ${describeAnswer(answers[0])}, n${live[odd]} with ${describeAnswer(answers[odd])}` };
    }
  }
  return null;
};

/** No node keeps per-client state. */
export const noNodeMemory: TransitionCheck = (step) => {
  const index = step.after.nodes.findIndex((n) => n.sessions.length > 0);
  if (index < 0) return null;
  const sessions = step.after.nodes[index].sessions;
  return { detail: `n${index} holds ${sessions.length} session(s) in its memory (u${sessions[0].user}'s #${sessions[0].id})` };
};

/** After scaling out, the new node accepts what old nodes accept. */
export const newNodeServes: TransitionCheck = (step) => {
  if (step.action.type !== 'addNode') return null;
  const fresh = step.after.nodes.length - 1;
  const live = liveNodes(step.after);
  for (const entry of heldCredentials(step.after)) {
    const answers = probeEverywhere(step, step.after, entry);
    const atNew = answers[live.indexOf(fresh)];
    const oldOk = answers.findIndex((a, i) => live[i] !== fresh && a.status === 200);
    if (oldOk >= 0 && !sameAnswer(answers[oldOk], atNew)) {
      return { detail: `n${live[oldOk]} accepts ${describeCredential(entry)}, the new node n${fresh} answers ${describeAnswer(atNew)}` };
    }
  }
  return null;
};
