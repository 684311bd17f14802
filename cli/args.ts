/**
 * Flag parsing on `node:util`'s parseArgs, with the CLI's error contract: an unknown flag or a bad
 * value is a UsageError (exit 2) whose message names what is valid.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
/** What parseArgs returns for these options (named, so the build can emit declarations for it). */
type ParsedFlags<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: boolean }>>;

export function parseFlags<O extends Options>(args: string[], options: O, positionals = false): ParsedFlags<O> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: positionals });
  } catch (error) {
    const valid = Object.keys(options).map((k) => `--${k}`).join(', ');
    throw new UsageError('ERR_UNKNOWN_FLAG', `${(error as Error).message.split('\n')[0]}; valid flags: ${valid}`);
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
