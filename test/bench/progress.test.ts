/**
 * `npm run bench` progress: drawn step by step on a terminal, quiet otherwise; stdout under
 * `--json` is the results' JSON and nothing else. The bench itself runs once, at `--smoke` size
 * (every section, the smallest sizes; its figures mean nothing and nothing is asserted on them).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Io, ProgressStream } from '../../cli/io.ts';
import { benchProgress } from '../../bench/progress.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A fake terminal (or, with `tty: false`, a pipe): what is drawn on it, and what goes to stdout and stderr. */
function terminal(env: Record<string, string> = {}, tty = true) {
  let drawn = '';
  let out = '';
  let err = '';
  const stream = Object.assign(new Writable({ write(chunk, _enc, done) { drawn += String(chunk); done(); } }), { isTTY: tty, columns: 200 }) as ProgressStream;
  const io: Io = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTTY: tty, env, progress: stream };
  return { io, drawn: () => drawn, out: () => out, err: () => err };
}

const lines = (drawn: string) => drawn.split(/\r|\u001b\[1G|\u001b\[0K/).filter((l) => l.includes('steps'));

/** Plays a short bench: two sections, three steps. */
function play(io: Io, quiet: boolean): void {
  const progress = benchProgress(io, quiet, 3);
  progress.section('explorer: two strategies');
  progress.begin('explorer: sticky');
  progress.done();
  progress.begin('explorer: jwt');
  progress.done();
  progress.section('model: one strategy');
  progress.begin('model: jwt');
  progress.done();
  progress.stop();
}

describe('bench progress', () => {
  it('on a terminal, draws each step with what runs now, the elapsed time and an ETA, on stderr only', () => {
    const t = terminal();
    play(t.io, false);
    const drawn = lines(t.drawn());
    expect(drawn[0]).toMatch(/^░{24} 0\/3 steps \| explorer: sticky \| elapsed \d+s \| ETA –$/);
    expect(drawn).toContainEqual(expect.stringMatching(/^█{8}░{16} 1\/3 steps \| explorer: jwt \| elapsed \d+s \| ETA \S+$/));
    expect(drawn.at(-1)).toMatch(/^█{24} 3\/3 steps \| model: jwt \| elapsed \d+s \| ETA \S+$/);
    // The bar replaces the section lines, and stdout stays for the results.
    expect(t.err()).toBe('');
    expect(t.out()).toBe('');
  });

  it.each([
    ['under --json', {}, true, true],
    ['with NO_COLOR set', { NO_COLOR: '1' }, true, false],
    ['when not a terminal', {}, false, false],
  ])('draws nothing %s, and logs each section on stderr instead', (_when, env, tty, quiet) => {
    const t = terminal(env, tty);
    play(t.io, quiet);
    expect(t.drawn()).toBe('');
    expect(t.err()).toBe('explorer: two strategies\nmodel: one strategy\n');
    expect(t.out()).toBe('');
  });

  it('`npm run bench -- --smoke --json` without a terminal prints only the results\' JSON on stdout, no bar, and writes no results.json', async () => {
    const results = readFileSync(`${root}bench/results.json`, 'utf8');
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'NO_COLOR'));
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--json'], { cwd: root, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => {
        if (error) reject(new Error(`${error.message}\n${err}`));
        else resolve({ stdout: out, stderr: err });
      });
    });
    const parsed = JSON.parse(stdout) as {
      tool: string; settings: { smoke?: boolean }; explorer: unknown[]; flat: { engine: string }[]; flatThreads: { threads: number; sameCounts: boolean }[]; spin: { sameCount: boolean; spin: { skipped: boolean } };
      model: unknown[]; conformance: { skipped: boolean }; sockets: { concurrent: unknown[] };
    };
    expect(stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
    expect(parsed).toMatchObject({ tool: 'sessioncheck-bench', settings: { smoke: true }, conformance: { skipped: false } });
    expect(parsed.explorer).toHaveLength(2);
    expect(parsed.flat.map((f) => f.engine)).toEqual(['flat', 'flat']);
    // The threaded searches count what the one-thread searches count.
    expect(parsed.flatThreads.map((f) => [f.threads >= 2, f.sameCounts])).toEqual([[true, true], [true, true]]);
    // Where spin is installed the Promela port and the flat engine count the same states.
    expect(parsed.spin.spin.skipped || parsed.spin.sameCount).toBe(true);
    expect(parsed.model).toHaveLength(7);
    expect(parsed.sockets.concurrent).toHaveLength(1);
    expect(stderr).not.toMatch(/\u001b\[|█|░|steps \|/);
    expect(stderr).toMatch(/^explorer: sticky and central-store, [^\n]*\nflat explorer: [^\n]*\nflat explorer on \d+ worker threads [^\n]*\nSPIN beside the flat explorer: [^\n]*\nmodel: [^\n]*\n/);
    expect(stderr).toContain('\nsockets: whoami through the reverse proxy');
    expect(readFileSync(`${root}bench/results.json`, 'utf8')).toBe(results);
  }, 120_000);
});
