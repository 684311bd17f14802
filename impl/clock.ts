/**
 * The injected clock. Logical time is the model's clock (whole seconds since the run began);
 * every expiry decision reads it, never wall time, so a run replays identically.
 */

/** Unix time of model clock 0: tokens then carry realistic 10-digit `iat`/`exp` values. */
export const EPOCH_BASE = 1_700_000_000;

/** Reads the current logical time in seconds (model clock). */
export interface Clock {
  now(): number;
}

/** A clock that only moves when told to (the `tick(n)` action). */
export class ManualClock implements Clock {
  private seconds = 0;

  /** The current model clock, in seconds. */
  now(): number {
    return this.seconds;
  }

  /** Moves the clock forward; `seconds` must be a whole number ≥ 0. */
  advance(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 0) throw new RangeError(`tick needs whole seconds ≥ 0, got ${seconds}`);
    this.seconds += seconds;
  }
}

/** Unix seconds for a model clock reading (what goes into `iat`/`exp`). */
export function unixSeconds(clock: Clock): number {
  return EPOCH_BASE + clock.now();
}

/** The `Date` jose should treat as "now" (`currentDate`). */
export function clockDate(clock: Clock): Date {
  return new Date(unixSeconds(clock) * 1000);
}
