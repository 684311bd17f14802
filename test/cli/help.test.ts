import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pages } from '../../cli/help.ts';
import type { Io } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';
import { bin, binWith } from './bin.ts';
import { sessioncheck } from './capture.ts';

const commands = ['verify', 'explore', 'report', 'replay', 'list', 'cite', 'explain', 'merge'];
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('sessioncheck --help, <command> --help and --version', () => {
  it('has a help page for every command, and no page for a command that does not exist', () => {
    expect(Object.keys(pages).sort()).toEqual([...commands].sort());
  });

  it.each(commands)('%s --help and -h: every option with its default, an example, exit 0', async (command) => {
    const long = await sessioncheck(command, '--help');
    const short = await sessioncheck(command, '-h');
    expect(long.code).toBe(0);
    expect(long.err).toBe('');
    expect(short).toEqual(long);
    expect(long.out).toMatch(new RegExp(`^usage: sessioncheck ${command}`));
    expect(long.out).toMatch(new RegExp(`examples:\\n  sessioncheck ${command}`));
    expect(long.out).toMatch(/exit codes: 0 /);
    for (const option of pages[command].options) {
      expect(long.out).toContain(option.flag);
      expect(long.out).toContain(`(default: ${option.default})`);
    }
  });

  it('help <command> is <command> --help; help of something else is bad usage naming the commands', async () => {
    expect(await sessioncheck('help', 'cite')).toEqual(await sessioncheck('cite', '--help'));
    const bad = await sessioncheck('help', 'fly');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('sessioncheck: no help for "fly": not a command; valid: verify, explore, report, replay, list, cite, explain, merge\n');
  });

  it('lists, for each command, every flag its parser accepts', async () => {
    for (const command of commands) {
      const { err } = await sessioncheck(command, '--no-such-flag');
      const valid = /valid(?: flags)?: (.*?)(?: \(|$)/m.exec(err)?.[1] ?? '';
      const help = (await sessioncheck(command, '--help')).out;
      for (const flag of valid.split(', ').filter((f) => f.startsWith('--'))) expect(help, `${command} ${flag}`).toContain(flag);
    }
  });

  it('verify --help through the bin: the defaults (target model, 200 runs, seed 1) and exit 0', async () => {
    const { code, out } = await bin('verify', '--help');
    expect(code).toBe(0);
    expect(out).toContain('--target T');
    expect(out).toContain('(default: model)');
    expect(out).toMatch(/--runs N\s+.*\(default: 200\)/);
    expect(out).toMatch(/--seed N\s+.*\(default: 1\)/);
    expect(out).toContain('sessioncheck verify --target impl --strategy jwt --json');
  });

  it('--version through the bin prints package.json\'s version, the one verify --json reports, and exits 0', async () => {
    const { code, out, err } = await bin('--version');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe(`sessioncheck ${pkg.version}\n`);
    const verify = JSON.parse((await sessioncheck('verify', '--json', '--strategy', 'sticky', '--property', 'failover.sessions-survive', '--runs', '1')).out) as { version: string };
    expect(verify.version).toBe(pkg.version);
  });

  it('the global usage lists every command and the exit codes 0 to 3; alone it exits 2, with --help 0', async () => {
    const alone = await bin();
    const help = await sessioncheck('--help');
    expect(alone.code).toBe(2);
    expect(help.code).toBe(0);
    expect(alone.out).toBe(help.out);
    for (const command of commands) expect(help.out).toMatch(new RegExp(`^  ${command} `, 'm'));
    for (const code of [0, 1, 2, 3]) expect(help.out).toMatch(new RegExp(`^  ${code}  \\S`, 'm'));
    expect(help.out).toContain('--version');
  });
});

describe('internal errors', () => {
  it('exit 3 with one line on stderr and no stack; --debug adds the stack', async () => {
    const failing = (debug: boolean) => {
      let err = '';
      const io: Io = { out: () => { throw new Error('stdout is gone'); }, err: (t) => { err += t; }, isTTY: false, env: {} };
      return main(['list', ...(debug ? ['--debug'] : [])], io).then((code) => ({ code, err }));
    };
    const plain = await failing(false);
    expect(plain.code).toBe(3);
    expect(plain.err).toBe('sessioncheck list: internal error: Error: stdout is gone (run again with --debug for the stack)\n');
    const debug = await failing(true);
    expect(debug.code).toBe(3);
    expect(debug.err.split('\n')[0]).toBe('sessioncheck list: internal error: Error: stdout is gone');
    expect(debug.err).toMatch(/\n {4}at /);
  });

  it('through the bin: an error nothing caught (a late throw, a rejection nobody awaited) exits 3 with one line; --debug adds the stack', async () => {
    const late = (code: string) => ['--import', `data:text/javascript,setTimeout(() => { ${code} }, 300)`];
    const thrown = await binWith({ nodeArgs: late('throw new Error("late socket error")') }, 'verify', '--strategy', 'sticky', '--json');
    expect(thrown.code).toBe(3);
    expect(thrown.err).toBe('sessioncheck: internal error: Error: late socket error (run again with --debug for the stack)\n');
    const rejected = await binWith({ nodeArgs: late('Promise.reject(new TypeError("nobody awaited"))') }, 'verify', '--strategy', 'sticky', '--json', '--debug');
    expect(rejected.code).toBe(3);
    expect(rejected.err.split('\n')[0]).toBe('sessioncheck: internal error: TypeError: nobody awaited');
    expect(rejected.err).toMatch(/\n {4}at /);
  });

  it('through the bin: a report that cannot be written exits 3 with one line, not 1 with a raw stack', async () => {
    const { code, err } = await bin('report', '--out', '/dev/null/report', '--strategy', 'sticky', '--runs', '1', '--format', 'json');
    expect(code).toBe(3);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^sessioncheck report: internal error: .*\/dev\/null\/report/);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
