/** The depths of the model's exhaustive searches that `verify` runs by default (no imports: the CLI's flag parser reads them). */

/**
 * The default exhaustive depth of `verify` on the model: every holding cell is also checked for
 * every action sequence of up to 6 steps (about 1.5 million distinct states over the seven
 * strategies, the flat engine where it applies: 9.4–10.2 s for the whole of `verify` on two quiet cores).
 */
export const DEFAULT_EXHAUSTIVE_DEPTH = 6;

/**
 * The depth of the model's search whose counterexamples and witness paths a system target replays
 * on the system ({@link confirmModelCounterexamples}): short ones, cheap enough for every
 * `checkStrategy` and system `verify` (`--exhaustive D` plays every path of the search instead).
 */
export const CONFIRM_DEPTH = 4;
