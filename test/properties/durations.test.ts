import { describe, expect, it } from 'vitest';
import { collectDurations } from '../../properties/durations.ts';
import { runVerify } from '../../properties/runner.ts';
import type { PropertyId } from '../../properties/types.ts';

const properties: PropertyId[] = ['failover.sessions-survive', 'login.follows-user', 'refresh.reuse-revokes-family'];

describe('measured durations (the JUnit time attributes)', () => {
  it('on the model, time each cell on its own, within its strategy\'s time, and stay out of the report', async () => {
    const timed = collectDurations();
    const report = await runVerify({ target: 'model', strategies: ['sticky', 'jwt'], properties, runs: 50, seed: 1, onTimed: timed.onTimed });
    expect([...timed.durations.keys()]).toEqual(['sticky', 'jwt']);
    for (const { seconds, cells } of timed.durations.values()) {
      expect([...cells.keys()]).toEqual(properties);
      const sum = [...cells.values()].reduce((a, b) => a + b, 0);
      expect(sum).toBeGreaterThan(0);
      expect(seconds).toBeGreaterThanOrEqual(sum);
    }
    expect(JSON.stringify(report)).not.toMatch(/seconds|duration|time/i);
  });

  it('on a system target, share the strategy\'s time equally among its decided cells (judged together on the same runs), 0 for n/a', async () => {
    const timed = collectDurations();
    const report = await runVerify({ target: 'impl', strategies: ['sticky'], properties, runs: 3, seed: 1, onTimed: timed.onTimed });
    expect(report.results.map((r) => r.verdict)).toEqual(['refuted', 'holds', 'n/a']);
    const { seconds, cells } = timed.durations.get('sticky')!;
    const [failover, login, refresh] = properties.map((p) => cells.get(p)!);
    expect(refresh).toBe(0);
    expect(failover).toBeGreaterThan(0);
    expect(login).toBe(failover);
    expect(seconds).toBeGreaterThanOrEqual(failover + login);
  });

  it('with strategies in worker processes (--jobs 2), time each from when a worker takes it, not from the start of the run', async () => {
    const timed = collectDurations();
    const strategies = ['in-memory', 'sticky', 'central-store', 'jwt', 'jwt-denylist'] as const;
    const started = performance.now();
    await runVerify({ target: 'impl', strategies: [...strategies], properties: ['login.follows-user'], runs: 2, seed: 1, jobs: 2, onTimed: timed.onTimed });
    const wall = (performance.now() - started) / 1000;
    expect([...timed.durations.keys()].sort()).toEqual([...strategies].sort());
    // Two workers at a time: the strategies' own times fit twice into the wall time. Timed from the
    // start of the run, the ones that waited for a worker would count their wait too, and overflow.
    const sum = [...timed.durations.values()].reduce((total, d) => total + d.seconds, 0);
    expect(sum).toBeLessThanOrEqual(2 * wall);
  }, 120_000);
});
