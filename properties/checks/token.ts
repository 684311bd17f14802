/** Checks of credential size: "tokens can't grow without bloating every request". */
import type { Judged } from '../types.ts';
import { onActions } from './common.ts';

/** Browsers keep cookies of at most 4096 bytes. */
export const COOKIE_LIMIT_BYTES = 4096;

/**
 * Bytes a credential may gain on one `addItem` without counting as growth: a re-signed token gains
 * a byte when a timestamp gains a digit. One cart item carried in a token adds about a hundred.
 */
export const SIZE_SLACK_BYTES = 16;

/** Adding session data never makes the credential bigger. Witness: an acknowledged addItem. */
export const constantSize: Judged = onActions(['addItem'], {
  witness: (step) => step.action.type === 'addItem' && step.observation.status === 200,
  judge: (step) => {
    if (step.action.type !== 'addItem' || step.observation.status !== 200) return null;
    const user = step.action.user;
    const before = step.clientCredential(user, 'before');
    const after = step.clientCredential(user, 'after');
    const b = before && step.bytes(before);
    const a = after && step.bytes(after);
    if (a === undefined || b === undefined || a <= b + SIZE_SLACK_BYTES) return null;
    return { detail: `the credential grew from ${b} to ${a} bytes with one cart item` };
  },
});

/** Every credential a client holds fits in a cookie. Witness: a client holding a full cart. */
export const fitsCookie: Judged = onActions(['addItem', 'login', 'refresh'], {
  witness: (step) => step.action.type === 'addItem' && step.observation.status === 200
    && ((c) => c !== undefined && step.items(c) >= step.maxItems)(step.clientCredential(step.action.user, 'after')),
  judge: (step) => {
    for (const user of step.action.type === 'addItem' || step.action.type === 'login' || step.action.type === 'refresh' ? [step.action.user] : []) {
      const c = step.clientCredential(user, 'after');
      const bytes = c && step.bytes(c);
      if (bytes !== undefined && bytes > COOKIE_LIMIT_BYTES) return { detail: `u${user}'s credential is ${bytes} bytes, over the ${COOKIE_LIMIT_BYTES}-byte cookie limit` };
    }
    return null;
  },
});
