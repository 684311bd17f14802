/**
 * Wall time that follows the harness's clock, for third-party code that reads `Date.now()` /
 * `new Date()` instead of `ctx.clock`. `@sinonjs/fake-timers` replaces the process's `Date`, so
 * this is installed only in a process that runs one system's nodes: a node process of target
 * `cluster`, or the process a system runs in under `fakeTime` (see remoteSystem.ts). Only `Date`
 * is faked: timers, `performance` and `process.hrtime` stay real, so sockets, ioredis's timeouts
 * and the harness's own waits behave as usual.
 */
import FakeTimers from '@sinonjs/fake-timers';
import { EPOCH_BASE } from '../clock.ts';

/** This process's `Date`, following a model clock. */
export interface HarnessTime {
  /** Sets wall time to model second `seconds` (unix `EPOCH_BASE + seconds`); it stays there until set again. */
  follow(seconds: number): void;
}

let installed: HarnessTime | null = null;

/** Replaces this process's `Date` (once; later calls return the same). Model time 0 is unix {@link EPOCH_BASE}. */
export function installHarnessTime(): HarnessTime {
  if (installed) return installed;
  const clock = FakeTimers.withGlobal(globalThis).install({ now: EPOCH_BASE * 1000, toFake: ['Date'] });
  installed = { follow: (seconds) => clock.setSystemTime((EPOCH_BASE + seconds) * 1000) };
  return installed;
}
