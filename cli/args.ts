/**
 * Flag parsing on `node:util`'s parseArgs, with the CLI's error contract: an unknown flag or a bad
 * value is a UsageError (exit 2) whose message names what is valid.
 */
import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MAX_PLAY_DEPTH } from '../model/explore/tree.ts';
import { DEFAULT_EXHAUSTIVE_DEPTH } from '../properties/depths.ts';
import type { Target } from '../properties/results.ts';
import type { Shard } from '../properties/shard.ts';
import { UsageError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
/** What parseArgs returns for these options (named, so the build can emit declarations for it). */
type ParsedFlags<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: boolean }>>;

/** `--flag -5` for a string flag: a negative number is its value, not a flag (node calls it ambiguous). */
function joinNegativeValues(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : undefined;
    const next = args[i + 1];
    if (name !== undefined && Object.hasOwn(options, name) && options[name].type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

/** node's parser errors, in the tool's own words, each listing what is valid. */
function usageMessage(error: Error & { code?: string }, options: Options): string {
  const flags = Object.keys(options).map((k) => `--${k}`);
  const valid = flags.length === 0 ? 'this command takes no flags' : `valid flags: ${flags.join(', ')}`;
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const flag = quoted.replace(/ <value>$/, '');
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag "${flag}"; ${valid}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}" (this command takes flags only); ${valid}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = flag.replace(/^-+/, '');
      if (Object.hasOwn(options, name) && options[name].type === 'boolean') return `${flag} takes no value; ${valid}`;
      return `${flag} needs a value (a value starting with "-" is written ${flag}=VALUE); ${valid}`;
    }
    default:
      return `${error.message.split('\n')[0]}; ${valid}`;
  }
}

export function parseFlags<O extends Options>(args: string[], options: O, positionals = false): ParsedFlags<O> {
  try {
    return parseArgs({ args: joinNegativeValues(args, options), options, strict: true, allowPositionals: positionals });
  } catch (error) {
    const code = (error as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? 'ERR_FLAG_VALUE' : 'ERR_UNKNOWN_FLAG';
    throw new UsageError(code, usageMessage(error as Error, options));
  }
}

/** A whole number within bounds, or a UsageError naming the flag. */
export function wholeNumber(flag: string, value: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError('ERR_FLAG_VALUE', `--${flag} takes a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** Every value must be one of `valid`; the message lists them. */
export function oneOf<T extends string>(flag: string, values: readonly string[], valid: readonly T[], code: 'ERR_UNKNOWN_STRATEGY' | 'ERR_UNKNOWN_PROPERTY' | 'ERR_UNKNOWN_TARGET' | 'ERR_FLAG_VALUE'): T[] {
  for (const v of values) {
    if (!(valid as readonly string[]).includes(v)) {
      throw new UsageError(code, `unknown ${flag} "${v}"; valid: ${valid.join(', ')}`);
    }
  }
  // A value given twice is asked for once.
  return [...new Set(values)] as T[];
}

/**
 * `--concurrency N`: generated programs in flight at once on a system target (1 to the pool's
 * maximum); `undefined` when not given (the target's default). The model target has no systems.
 */
export function concurrencyFlag(value: string | undefined, target: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (target === 'model') throw new UsageError('ERR_FLAG_VALUE', '--concurrency applies to system targets (impl, sockets, redis, cluster), not to target model');
  return wholeNumber('concurrency', value, 1, 1, max);
}

/** Targets whose strategies `verify` may check in worker processes at once (`--jobs`). */
export const JOBS_TARGETS: readonly string[] = ['model', 'impl', 'sockets'];

/** The most worker processes `--jobs` may ask for. */
export const MAX_JOBS = 16;

/**
 * `--jobs N`: strategies checked at once, each in a worker process (targets model, impl and
 * sockets). By default one per core up to 2 on those targets — a strategy keeps one core busy — and
 * 1 elsewhere.
 */
export function jobsFlag(value: string | undefined, target: string, cores = availableParallelism()): number {
  if (value === undefined) return JOBS_TARGETS.includes(target) ? Math.min(2, cores) : 1;
  if (!JOBS_TARGETS.includes(target)) throw new UsageError('ERR_FLAG_VALUE', `--jobs applies to targets ${JOBS_TARGETS.join(', ')}, not to target ${target}`);
  return wholeNumber('jobs', value, 1, 1, MAX_JOBS);
}

/**
 * `--shard I/N`: shard I (1-based) of N, 1 ≤ I ≤ N ≤ 1000. Absent: undefined (the whole run).
 * `1/1` is the whole run too, with the shard recorded so `sessioncheck merge` can take it.
 */
export function shardFlag(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > 1000 || index < 1 || index > count) {
    throw new UsageError('ERR_FLAG_VALUE', `--shard takes I/N, shard I of N with 1 ≤ I ≤ N ≤ 1000 (e.g. --shard 2/4), got "${value}"`);
  }
  return { index, count };
}

/** Targets whose systems `--exhaustive` plays the model's search on (a fresh system per path). */
const EXHAUSTIVE_TARGETS: readonly Target[] = ['impl', 'sockets', 'redis'];

/** The deepest search `--exhaustive` may ask of the model (depth 8 is some 100 million states). */
const MAX_MODEL_DEPTH = 8;

/**
 * `--exhaustive D` on a system target: the depth of the model's search whose every edge is played
 * on the system (undefined when absent). On target model: the depth of the search that backs every
 * holding verdict (default {@link DEFAULT_EXHAUSTIVE_DEPTH}; 0 turns it off). Bad usage exits 2 on
 * `cluster`, which would start a cluster of processes for each path.
 */
export function exhaustiveFlag(value: string | undefined, target: Target): number | undefined {
  if (target === 'model') return value === undefined ? undefined : wholeNumber('exhaustive', value, DEFAULT_EXHAUSTIVE_DEPTH, 0, MAX_MODEL_DEPTH);
  if (value === undefined) return undefined;
  if (!EXHAUSTIVE_TARGETS.includes(target)) {
    const why = `target ${target} starts processes for each system, and --exhaustive opens a fresh system for each of thousands of paths`;
    throw new UsageError('ERR_FLAG_VALUE', `--exhaustive works with --target model, ${EXHAUSTIVE_TARGETS.join(', ')}, not ${target}: ${why}`);
  }
  return wholeNumber('exhaustive', value, 0, 1, MAX_PLAY_DEPTH);
}
