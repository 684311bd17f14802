import { describe, expect, it } from 'vitest';
import { bin } from './bin.ts';
import { sessioncheck } from './capture.ts';

const cell = ['--strategy', 'sticky', '--property', 'failover.sessions-survive', '--runs', '20', '--json'];

describe('usage errors in the tool\'s own words, and negative numbers', () => {
  it('--seed -5 and --seed=-5 are the same seed, through the bin', async () => {
    const spaced = await bin('verify', '--seed', '-5', ...cell);
    const joined = await bin('verify', '--seed=-5', ...cell);
    expect(spaced.err).toBe('');
    expect(spaced.code).toBe(0);
    expect(JSON.parse(spaced.out)).toMatchObject({ seed: -5 });
    expect(joined.out).toBe(spaced.out);
  });

  it('explain and report take a negative seed too; a negative value out of range is refused in the range\'s words', async () => {
    expect((await sessioncheck('explain', 'q1', '--seed', '-7', '--runs', '2')).out).toContain('seed -7');
    const runs = await sessioncheck('verify', '--runs', '-5');
    expect(runs.code).toBe(2);
    expect(runs.err).toContain('--runs takes a whole number from 1 to 1000000, got "-5"');
  });

  it.each([
    [['verify', '--frobnicate'], 'sessioncheck verify: unknown flag "--frobnicate"; valid flags: --target, --strategy, --property, --runs, --concurrency, --jobs, --seed, --json, --out, --shard, --swarm, --exhaustive'],
    [['replay', '--frobnicate'], 'sessioncheck replay: unknown flag "--frobnicate"; valid flags: --plugin, --target, --fake-time'],
    [['list', '-x'], 'sessioncheck list: unknown flag "-x"; valid flags: --json'],
    [['list', 'extra'], 'sessioncheck list: unexpected argument "extra" (this command takes flags only); valid flags: --json'],
    [['list', '--json=yes'], 'sessioncheck list: --json takes no value; valid flags: --json'],
    [['verify', '--seed'], 'sessioncheck verify: --seed needs a value (a value starting with "-" is written --seed=VALUE)'],
    [['cite', '--format'], 'sessioncheck cite: --format needs a value'],
  ])('%j: exit 2 with the tool\'s message, never node\'s parser text', async (args, message) => {
    const { code, err } = await sessioncheck(...args);
    expect(code).toBe(2);
    expect(err.startsWith(message)).toBe(true);
    expect(err).not.toMatch(/Unknown option|Unexpected argument|ambiguous|valid flags: ;|valid flags: \(/);
    expect(err).toContain('--help" lists every option');
  });
});
