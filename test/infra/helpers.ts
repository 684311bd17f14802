/** Shared set-up of the real-infrastructure specs: binaries must be there (fail, never skip). */
import { expect } from 'vitest';
import { requireBinary, type BinaryName } from '../../impl/infra/binaries.ts';
import { idleRedisServers, runningWorkers, stopIdleProcesses } from '../../impl/infra/index.ts';

/** Throws (so the spec fails) with a message naming each missing binary. */
export function requireBinaries(...names: BinaryName[]): void {
  for (const name of names) requireBinary(name);
}

/** Stops every pooled process and checks nothing this run started is left. */
export async function stopEverything(): Promise<void> {
  await stopIdleProcesses();
  expect(idleRedisServers()).toBe(0);
  expect(runningWorkers()).toBe(0);
}
