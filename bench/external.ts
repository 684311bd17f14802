/**
 * Figures that depend on other parts of the project: the wall time of `sessioncheck verify` on
 * its defaults, and implementation conformance speed. Each is skipped with a note when its part
 * is missing or fails, so `npm run bench` always finishes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { round } from './explorer.ts';

export type Skippable<T> = ({ readonly skipped: false } & T) | { readonly skipped: true; readonly note: string };

export function benchVerify(root: string, timeoutSeconds = 600): Skippable<{ seconds: number; exitCode: number }> {
  const bin = join(root, 'bin/sessioncheck.js');
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, 'verify'], { cwd: root, encoding: 'utf8', timeout: timeoutSeconds * 1000, env: { ...process.env, NO_COLOR: '1' } });
  const seconds = (performance.now() - started) / 1000;
  if (run.error) return { skipped: true, note: `verify did not run: ${run.error.message}` };
  // 0: every verdict as expected; 1: one differs. Both are complete runs worth timing.
  if (run.status !== 0 && run.status !== 1) {
    const why = (run.stderr || run.stdout).trim().split('\n').slice(-1)[0] ?? '';
    return { skipped: true, note: `verify failed (exit ${run.status ?? run.signal}): ${why}` };
  }
  return { skipped: false, seconds: round(seconds, 2), exitCode: run.status };
}

/**
 * Conformance actions per second, if `impl/` exports `openSystem`. The bench does not know
 * `openSystem`'s contract beyond "returns something with `step(actionString)` and `close()`";
 * anything else is reported as skipped rather than guessed at.
 */
export async function benchConformance(root: string, actionsToRun: number): Promise<Skippable<{ actions: number; seconds: number; actionsPerSecond: number }>> {
  const entry = ['impl/index.ts', 'impl/system.ts'].map((f) => join(root, f)).find(existsSync);
  if (!entry) return { skipped: true, note: 'impl/ has no index.ts exporting openSystem yet' };
  let mod: Record<string, unknown>;
  try {
    mod = await import(entry);
  } catch (error) {
    return { skipped: true, note: `importing ${entry} failed: ${(error as Error).message}` };
  }
  const openSystem = mod.openSystem;
  if (typeof openSystem !== 'function') return { skipped: true, note: `${entry} does not export openSystem` };
  try {
    const system = await openSystem('central-store', { users: 2, nodes: 2 });
    if (typeof system?.step !== 'function') return { skipped: true, note: 'openSystem() returned no step(action) function' };
    const program = ['login(u0)', 'whoami(u0)', 'addItem(u0)', 'whoami(u0)', 'logout(u0)'];
    const started = performance.now();
    for (let i = 0; i < actionsToRun; i++) await system.step(program[i % program.length]);
    const seconds = (performance.now() - started) / 1000;
    await system.close?.();
    return { skipped: false, actions: actionsToRun, seconds: round(seconds, 3), actionsPerSecond: Math.round(actionsToRun / seconds) };
  } catch (error) {
    return { skipped: true, note: `openSystem run failed: ${(error as Error).message}` };
  }
}
