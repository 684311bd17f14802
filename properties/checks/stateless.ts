/** Checks of the "Server stateless?" column: any node can serve any request. */
import type { ProbeAnswer } from '../judge/facts.ts';
import type { Judged } from '../types.ts';
import { describeAnswer, describeCredential, onActions } from './common.ts';

const same = (a: ProbeAnswer, b: ProbeAnswer) => a.status === b.status && a.user === b.user;

/** Every live node would answer every held credential the same way. Witness: two live nodes asked. */
export const anyNodeServes: Judged = {
  reads: ['probes'],
  witness: (step) => step.liveNodes().length >= 2 && step.held().some((c) => c.kind !== 'refresh'),
  judge: (step) => {
    for (const c of step.held()) {
      const answers = step.probe(c);
      if (!answers || answers.length === 0) continue;
      const odd = answers.find((a) => !same(a, answers[0]));
      if (odd) return { detail: `n${answers[0].node} answers ${describeCredential(c)} with ${describeAnswer(answers[0])}, n${odd.node} with ${describeAnswer(odd)}` };
    }
    return null;
  },
};

/** No node keeps per-client state. Witness: an acknowledged login (a session exists somewhere). */
export const noNodeMemory: Judged = {
  reads: ['nodeMemory'],
  witness: (step) => step.action.type === 'login' && step.observation.status === 200 && step.localSessions() !== null,
  judge: (step) => {
    const counts = step.localSessions();
    const index = counts?.findIndex((n) => n > 0) ?? -1;
    if (index < 0) return null;
    return { detail: `n${index} holds ${counts![index]} session(s) in its memory` };
  },
};

/** After scaling out, the new node accepts what old nodes accept. Witness: an old node accepts one. */
export const newNodeServes: Judged = onActions(['addNode'], {
  reads: ['probesOnScaleOut'],
  witness: (step) => {
    const fresh = step.addedNode();
    return fresh !== null && step.held().some((c) => step.probe(c)?.some((a) => a.node !== fresh && a.status === 200) === true);
  },
  judge: (step) => {
    const fresh = step.addedNode();
    if (fresh === null) return null;
    for (const c of step.held()) {
      const answers = step.probe(c);
      const atNew = answers?.find((a) => a.node === fresh);
      const oldOk = answers?.find((a) => a.node !== fresh && a.status === 200);
      if (atNew && oldOk && !same(oldOk, atNew)) {
        return { detail: `n${oldOk.node} accepts ${describeCredential(c)}, the new node n${fresh} answers ${describeAnswer(atNew)}` };
      }
    }
    return null;
  },
});
