/**
 * Checks of concurrent steps, as Jepsen and Elle judge histories: after a batch of concurrent
 * requests (`concurrent(…)` in a generated program), every acknowledged write must be visible.
 * Whether some order of the batch explains its answers is conformance (properties/lockstep.ts).
 */
import type { CartRead } from '../judge/facts.ts';
import type { Judged } from '../types.ts';

/** The answers of a cart read that report the cart (a 200 as the writer, with `items`). */
function reporting(read: CartRead) {
  return read.answers.filter((a) => a.status === 200 && a.user === read.user && a.items !== undefined);
}

/**
 * `concurrency.no-lost-update` on a system's own trace: after a batch, every live node that
 * answers the writer's credential reports at least the items acknowledged (before the batch and in
 * it, capped at the scope's `maxItems`). Witness: a batch acknowledged an addItem and some node
 * then reported the cart count (`items` in `GET /me`, the wire convention); a system whose `/me`
 * reports none never reaches it (vacuous here; its implementation check may still decide).
 */
export const noLostUpdate: Judged = {
  reads: ['cartReads'],
  witness: (step) => step.cartReads()?.some((read) => read.acknowledged > 0 && reporting(read).length > 0) ?? false,
  judge: (step) => {
    for (const read of step.cartReads() ?? []) {
      const short = reporting(read).find((a) => a.items! < read.expected);
      if (!short) continue;
      return {
        detail: `${read.answered}: ${read.acknowledged} acknowledged, so u${read.user}'s cart must hold ${read.expected} item${read.expected === 1 ? '' : 's'}, `
          + `but n${short.node}'s GET /me then reports ${short.items}: an acknowledged update was lost`,
      };
    }
    return null;
  },
};
