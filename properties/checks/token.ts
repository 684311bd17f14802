/** Checks of credential size: "tokens can't grow without bloating every request". */
import { bytesOf } from '../step.ts';
import type { TransitionCheck } from '../types.ts';

/** Browsers keep cookies of at most 4096 bytes. */
export const COOKIE_LIMIT_BYTES = 4096;

/** Adding session data never makes the credential bigger. */
export const constantSize: TransitionCheck = (step) => {
  if (step.action.type !== 'addItem' || step.observation.status !== 200) return null;
  const user = step.action.user;
  const before = bytesOf(step.strategy.id, step.before, step.before.clients[user].credential?.main);
  const after = bytesOf(step.strategy.id, step.after, step.after.clients[user].credential?.main);
  return after > before ? { detail: `the credential grew from ${before} to ${after} bytes with one cart item` } : null;
};

/** Every credential a client holds fits in a cookie. */
export const fitsCookie: TransitionCheck = (step) => {
  for (const [user, client] of step.after.clients.entries()) {
    const bytes = bytesOf(step.strategy.id, step.after, client.credential?.main);
    if (bytes > COOKIE_LIMIT_BYTES) return { detail: `u${user}'s credential is ${bytes} bytes, over the ${COOKIE_LIMIT_BYTES}-byte cookie limit` };
  }
  return null;
};
