import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../../impl/index.ts';
import { defaultScope } from '../../model/scope.ts';
import { fuzzStrategy } from '../../properties/security/httpFuzz.ts';
import { strategies } from './helpers.ts';

describe('HTTP fuzzing of every strategy', () => {
  it.each(strategies)('%s answers every fuzzed request deliberately: never 500, never a crash', async (strategy) => {
    expect(await fuzzStrategy(builtinStrategy(strategy), { scope: defaultScope, seed: 11, runs: 250 })).toBeNull();
  });
});
