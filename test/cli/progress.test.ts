import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io, ProgressStream } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';
import { eta, progressBar } from '../../cli/progress.ts';
import { bin } from './bin.ts';

/** A fake terminal: stdout and stderr are "TTYs", and what the bar draws is kept. */
function terminal(env: Record<string, string> = {}) {
  let drawn = '';
  let out = '';
  const stream = Object.assign(new Writable({ write(chunk, _enc, done) { drawn += String(chunk); done(); } }), { isTTY: true, columns: 200 }) as ProgressStream;
  const io: Io = { out: (t) => { out += t; }, err: () => {}, isTTY: true, env, progress: stream };
  return { io, drawn: () => drawn, out: () => out };
}

const lines = (drawn: string) => drawn.split(/\r|\u001b\[1G|\u001b\[0K/).filter((l) => l.includes('cells') || l.includes('level'));

describe('progress on a terminal', () => {
  it('per cell and run by run, each drawing with the cells done, what runs now, elapsed time and ETA', async () => {
    const t = terminal();
    const bar = progressBar(t.io, true, 4, 2);
    const pause = () => new Promise((r) => setTimeout(r, 250)); // the bar redraws at most 10 times a second
    bar.run(1, 10, 'sticky');
    await pause();
    bar.run(5, 10, 'sticky');
    await new Promise((r) => setTimeout(r, 1000)); // the ETA shows once a second has passed
    bar.update(2, 4, 'sticky revocation.instant');
    await pause();
    bar.update(3, 4, 'jwt failover.sessions-survive');
    bar.stop();
    const drawn = lines(t.drawn());
    expect(drawn[0]).toMatch(/^█░{23} 0\/4 cells \| sticky: run 1\/10 \| elapsed 0s \| ETA –$/);
    expect(drawn).toContainEqual(expect.stringMatching(/^█{5}░{19} 0\/4 cells \| sticky: run 5\/10 \| elapsed 0s \| ETA –$/));
    expect(drawn).toContainEqual(expect.stringMatching(/^█{12}░{12} 2\/4 cells \| sticky revocation\.instant \| elapsed \d+s \| ETA \d+s$/));
    expect(drawn.at(-1)).toMatch(/ 3\/4 cells \| jwt failover\.sessions-survive \| elapsed \d+s \| ETA \d+s$/);
  });

  it('strategies checked at once (worker processes) each move the bar by their runs, and leave it when their cells are done', async () => {
    const t = terminal();
    const bar = progressBar(t.io, true, 4, 2);
    const pause = () => new Promise((r) => setTimeout(r, 250));
    bar.run(5, 10, 'sticky');
    await pause();
    bar.run(5, 10, 'jwt');
    await pause();
    bar.update(2, 4, 'sticky conformance.model-impl', 'sticky');
    bar.stop();
    const drawn = lines(t.drawn());
    // 0.5 × 0.9 × 2 cells of 4 = 5.4 of 24 blocks; both: 10.8; sticky done (2 cells) with jwt halfway: 2.9 cells = 17.4.
    expect(drawn[0]).toMatch(/^█{5}░{19} 0\/4 cells \| sticky: run 5\/10 \|/);
    expect(drawn).toContainEqual(expect.stringMatching(/^█{11}░{13} 0\/4 cells \| sticky, jwt: runs \|/));
    expect(drawn.at(-1)).toMatch(/^█{17}░{7} 2\/4 cells \| sticky conformance\.model-impl \|/);
  });

  it('the ETA is "–" until something is done, then the time left at the rate so far', () => {
    expect(eta(0, 100, 5)).toBe('–');
    expect(eta(50, 100, 0.5)).toBe('–');
    expect(eta(50, 100, 10)).toBe('10s');
    expect(eta(10, 100, 20)).toBe('3m00s');
    expect(eta(100, 100, 20)).toBe('0s');
  });

  it('verify on the model draws per cell through the CLI, on stderr only', async () => {
    const t = terminal();
    expect(await main(['verify', '--strategy', 'sticky', '--property', 'failover.sessions-survive', '--property', 'login.follows-user', '--runs', '20'], t.io)).toBe(0);
    const drawn = lines(t.drawn());
    expect(drawn[0]).toMatch(/ 1\/2 cells \| sticky failover\.sessions-survive \| elapsed \d+s \| ETA \S+/);
    expect(drawn.at(-1)).toMatch(/ 2\/2 cells \| sticky login\.follows-user \| elapsed \d+s \| ETA \S+/);
    expect(t.out()).not.toContain('cells |');
  });

  it('verify on a system target starts drawing at its first run (its cells are judged together, on the same runs)', async () => {
    const t = terminal();
    await main(['verify', '--target', 'impl', '--strategy', 'sticky', '--property', 'failover.sessions-survive', '--runs', '10'], t.io);
    const drawn = lines(t.drawn());
    expect(drawn[0]).toMatch(/ 0\/1 cells \| sticky: run 1\/10 \| elapsed 0s \| ETA /);
    expect(drawn.at(-1)).toMatch(/ 1\/1 cells \| sticky failover\.sessions-survive \| elapsed \d+s/);
  });

  it('report and explore draw too (explore per strategy, with the elapsed time)', async () => {
    const report = terminal();
    const dir = mkdtempSync(join(tmpdir(), 'sessioncheck-progress-'));
    try {
      await main(['report', '--out', dir, '--format', 'json', '--strategy', 'jwt', '--runs', '2'], report.io);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lines(report.drawn()).some((l) => /\d+\/\d+ cells \| jwt \S+ \| elapsed \d+s \| ETA /.test(l))).toBe(true);
    const explore = terminal();
    await main(['explore', '--strategy', 'sticky', '--depth', '3'], explore.io);
    expect(lines(explore.drawn()).some((l) => /^sticky \(1\/1\) \[.*\] level \d+\/3 \| .* \| elapsed \d+s \| ETA –$/.test(l))).toBe(true);
    const all = terminal();
    await main(['explore', '--depth', '2'], all.io);
    const drawn = lines(all.drawn());
    expect(drawn.some((l) => /^in-memory \(1\/7\) \[.*\| ETA –$/.test(l))).toBe(true);
    expect(drawn.some((l) => /^central-store-naive \(7\/7\) \[.*\| ETA (–|\d+s)$/.test(l))).toBe(true);
  });

  it.each([
    ['--json', ['--json'], {}],
    ['NO_COLOR', [], { NO_COLOR: '1' }],
  ])('is quiet under %s', async (_name, extra, env) => {
    const t = terminal(env as Record<string, string>);
    await main(['verify', '--strategy', 'sticky', '--property', 'failover.sessions-survive', '--runs', '20', ...extra as string[]], t.io);
    expect(t.drawn()).toBe('');
    const e = terminal(env as Record<string, string>);
    await main(['explore', '--strategy', 'sticky', '--depth', '2', ...extra as string[]], e.io);
    expect(e.drawn()).toBe('');
  });

  it('is quiet without a terminal: the bin with pipes writes nothing on stderr', async () => {
    const { code, err } = await bin('verify', '--target', 'impl', '--strategy', 'sticky', '--property', 'failover.sessions-survive', '--runs', '5');
    expect(code).toBe(0);
    expect(err).toBe('');
  });
});
