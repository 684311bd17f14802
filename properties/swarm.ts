/**
 * Swarm testing (Groce, Zhang, Eide, Chen, Regehr: "Swarm Testing", ISSTA 2012) for the random
 * runner, opt-in (`verify --swarm`, `checkStrategy(..., { swarm: true })`). Every generated program
 * first draws its own configuration — which of its profile's action kinds it may use, and with
 * what weights — and then draws its actions from those only. One action kind can mask a bug: a
 * tick that expires every credential before the step that would show a revocation bug, a
 * storeWipe that clears what a bug left behind, a crash that takes the evidence with it. Default
 * generation draws every kind in every program, so such a kind is always there to interfere;
 * under swarm about half the programs leave it out entirely. fast-check draws the configuration
 * with the program, so the same seed gives the same programs, verdicts and bytes, and a failure
 * shrinks and replays as any other.
 */
import fc from 'fast-check';
import type { ActionType } from '../model/types.ts';
import type { Profile, Weights } from './arbitraries.ts';

/** A kind left in multiplies its profile weight by 1 to this (so relative weights change too). */
export const SWARM_MAX_FACTOR = 4;

/**
 * Kinds a configuration always keeps: without a login no user holds a credential, and a
 * program of the other kinds alone puts almost no property at risk.
 */
const alwaysKept: ReadonlySet<ActionType> = new Set(['login']);

/**
 * One program's weights for `profile`: each of the profile's kinds is left out with probability
 * 1/2 (login excepted, see above), and each kept kind's weight is the profile's times 1 to
 * {@link SWARM_MAX_FACTOR}. A draw that keeps none of the profile's kinds (a profile without
 * login, all left out) keeps them all, with the profile's weights.
 *
 * @example
 * programArbitrary(strategy, scope, toCommand, swarmWeights); // programs drawn swarm-style
 */
export function swarmWeights(profile: Profile): fc.Arbitrary<Weights> {
  const kinds = (Object.keys(profile.weights) as ActionType[]).filter((t) => (profile.weights[t] ?? 0) > 0);
  const draws = kinds.map((t) => (alwaysKept.has(t)
    ? fc.integer({ min: 1, max: SWARM_MAX_FACTOR })
    : fc.option(fc.integer({ min: 1, max: SWARM_MAX_FACTOR }), { freq: 2, nil: 0 })));
  return fc.tuple(...draws).map((factors) => {
    if (factors.every((f) => f === 0)) return profile.weights;
    return Object.fromEntries(kinds.flatMap((t, i) => (factors[i] === 0 ? [] : [[t, profile.weights[t]! * factors[i]]]))) as Weights;
  });
}
