/**
 * Exhaustiveness for `switch` statements on the hot path. ts-pattern's `match(...).exhaustive()`
 * is used where a step is not performance-critical; in `nextState`, `serve` and `isEnabled` it
 * measured ~40% of model time, so those use `switch` with this compile-time check instead.
 */
export function assertNever(value: never): never {
  throw new TypeError(`unhandled case: ${JSON.stringify(value)}`);
}
