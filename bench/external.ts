/**
 * Figures that depend on other parts of the project: the wall time of `sessioncheck verify` on
 * its defaults, and implementation conformance speed. Each is skipped with a note when its part
 * is missing or fails, so `npm run bench` always finishes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { actions } from '../model/actions.ts';
import { initState, nextState } from '../model/nextState.ts';
import { modelStrategy, strategyIds } from '../model/registry.ts';
import { makeScope } from '../model/scope.ts';
import type { Action, Observation, Scope, StrategyId } from '../model/types.ts';
import { round } from './explorer.ts';
import { mulberry32 } from './prng.ts';

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
 * Conformance actions per second, if `impl/` exports `openSystem`: seeded random walks of enabled
 * actions played on the model and on the in-process implementation side by side, comparing the
 * observations (a fresh system per walk; opening it is part of the cost).
 */
export async function benchConformance(root: string, walks: number, walkLength = 20): Promise<Skippable<{ strategies: ConformanceFigures[] }>> {
  const entry = join(root, 'impl/index.ts');
  if (!existsSync(entry)) return { skipped: true, note: 'impl/index.ts does not exist yet' };
  let impl: Record<string, unknown>;
  try {
    impl = await import(entry);
  } catch (error) {
    return { skipped: true, note: `importing impl/index.ts failed: ${(error as Error).message}` };
  }
  const { openSystem, builtinStrategy } = impl as { openSystem?: OpenSystem; builtinStrategy?: (id: StrategyId) => unknown };
  if (typeof openSystem !== 'function' || typeof builtinStrategy !== 'function') return { skipped: true, note: 'impl/ does not export openSystem and builtinStrategy' };
  const scope = makeScope({ users: 2, nodes: 2 });
  const out: ConformanceFigures[] = [];
  try {
    for (const id of strategyIds) {
      const strategy = modelStrategy(id);
      const random = mulberry32(1);
      let steps = 0;
      let mismatches = 0;
      let started = performance.now();
      // Walk 0 warms the JIT and the store and is not counted.
      for (let w = 0; w <= walks; w++) {
        if (w === 1) {
          started = performance.now();
          steps = 0;
          mismatches = 0;
        }
        const sut = await openSystem(builtinStrategy(id), { target: 'impl', scope, seed: w + 1 });
        let state = initState(scope);
        for (let i = 0; i < walkLength; i++) {
          const enabled = actions(strategy, scope, state);
          const action = enabled[Math.floor(random() * enabled.length)];
          const expected = nextState(strategy, scope, state, action);
          const actual = await sut.step(action);
          steps++;
          if (!same(expected.observation, actual)) mismatches++;
          state = expected.state;
        }
        await sut.close();
      }
      const seconds = (performance.now() - started) / 1000;
      out.push({ strategy: id, actions: steps, seconds: round(seconds, 3), actionsPerSecond: Math.round(steps / seconds), mismatches });
    }
  } catch (error) {
    return { skipped: true, note: `conformance run failed: ${(error as Error).message}` };
  }
  return { skipped: false, strategies: out };
}

export interface ConformanceFigures {
  readonly strategy: StrategyId;
  readonly actions: number;
  readonly seconds: number;
  readonly actionsPerSecond: number;
  /** Steps whose status, user, node or store round trips differed from the model's. */
  readonly mismatches: number;
}

type OpenSystem = (strategy: unknown, options: { target: 'impl'; scope: Scope; seed: number }) => Promise<{ step(action: Action): Promise<Observation>; close(): Promise<void> }>;

const same = (a: Observation, b: Observation) => a.status === b.status && a.user === b.user && a.node === b.node && a.storeTrips === b.storeTrips;
