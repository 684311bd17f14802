/**
 * Swarm testing (properties/swarm.ts): every program draws its own subset of its profile's action
 * kinds and uses only those; the same seed draws the same programs; default generation does not
 * change; and it flags a mutant of the battery.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelStrategy, strategyIds } from '../../model/registry.ts';
import { defaultScope } from '../../model/scope.ts';
import type { Action, ActionType } from '../../model/types.ts';
import { profileProgram, profiles, programArbitrary, unwrapCommands, type Weights } from '../../properties/arbitraries.ts';
import { swarmWeights } from '../../properties/swarm.ts';
import { checkStrategy } from '../../properties/checkStrategy.ts';
import { centralStoreNodeCache } from '../mutants/central-store.ts';
import { sessioncheck } from '../cli/capture.ts';

const kindsOf = (program: Iterable<unknown>) => new Set(unwrapCommands(program as Iterable<Action>).map((a) => a.type));
const sample = <T>(arb: fc.Arbitrary<T>, seed: number, numRuns = 40) => fc.sample(arb, { seed, numRuns });

describe('swarm programs', () => {
  it('are the same programs for the same seed, and other programs than the default ones', () => {
    const strategy = modelStrategy('jwt-denylist');
    const swarm = () => programArbitrary(strategy, defaultScope, (a) => a, swarmWeights);
    const a = sample(swarm(), 5).map((p) => JSON.stringify(unwrapCommands(p)));
    expect(sample(swarm(), 5).map((p) => JSON.stringify(unwrapCommands(p)))).toEqual(a);
    expect(sample(swarm(), 6).map((p) => JSON.stringify(unwrapCommands(p)))).not.toEqual(a);
    const plain = sample(programArbitrary(strategy, defaultScope, (x) => x), 5).map((p) => JSON.stringify(unwrapCommands(p)));
    expect(plain).not.toEqual(a);
  });

  it('use only the kinds their configuration drew, for every profile and strategy, with the clock or without', () => {
    for (const id of strategyIds) {
      const strategy = modelStrategy(id);
      for (const scope of [defaultScope, { ...defaultScope, ticks: [] }]) {
        for (const profile of profiles.filter((p) => strategy.refreshTokens || !p.refreshOnly)) {
          const drawn = swarmWeights(profile).chain((w) => profileProgram(strategy, scope, profile, (a) => a, w).map((program) => [w, program] as const));
          for (const [weights, program] of sample(drawn, 11, 15)) {
            // Profiles with `fill` start with a login of their own.
            const used = unwrapCommands(program).slice(profile.fill === undefined ? 0 : 1);
            for (const action of used) expect(weights[action.type], `${id} ${profile.name}: ${action.type}`).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  it('leave each kind out of about half the configurations (login kept), with weights the profile\'s times 1 to 4', () => {
    const mixed = profiles.find((p) => p.name === 'mixed')!;
    const configurations: Weights[] = sample(swarmWeights(mixed), 3, 400);
    for (const kind of Object.keys(mixed.weights) as ActionType[]) {
      const kept = configurations.filter((w) => (w[kind] ?? 0) > 0);
      if (kind === 'login') expect(kept.length).toBe(configurations.length);
      else {
        expect(kept.length / configurations.length, kind).toBeGreaterThan(0.35);
        expect(kept.length / configurations.length, kind).toBeLessThan(0.65);
      }
      for (const w of kept) expect([1, 2, 3, 4].map((f) => f * mixed.weights[kind]!)).toContain(w[kind]);
    }
    // Among the programs of one seed, some tick and some long ones never do (the masking kind of the paper's story).
    const ticking = sample(programArbitrary(modelStrategy('central-store'), defaultScope, (a) => a, swarmWeights), 9, 200).map(kindsOf);
    expect(ticking.some((k) => k.has('tick'))).toBe(true);
    expect(ticking.filter((k) => k.size >= 6 && !k.has('tick')).length).toBeGreaterThan(0);
  });
});

describe('checkStrategy with swarm: true', () => {
  it('flags central-store-node-cache (a node-memory cache that outlives a revoke) within 70 runs, where the default programs of seed 1 first do at run 265', async () => {
    const verdict = async (swarm: boolean) => {
      const check = await checkStrategy(centralStoreNodeCache, { model: 'central-store', properties: ['revocation.instant'], runs: 70, seed: 1, swarm });
      return check.results.find((r) => r.property === 'revocation.instant')!;
    };
    const swarm = await verdict(true);
    expect(swarm.verdict).toBe('refuted');
    expect(swarm.runs).toBe(62);
    expect(swarm.counterexample?.actions.length).toBeGreaterThan(0);
    expect((await verdict(false)).verdict).not.toBe('refuted');
  });
});

describe('verify --swarm', () => {
  const args = ['verify', '--strategy', 'sticky', '--property', 'failover.sessions-survive', '--property', 'logout.invalidates', '--runs', '20', '--json'];
  it('says so in the JSON ("swarm": true after "runs"), the same bytes per seed; without the flag the JSON has no swarm key', async () => {
    const swarm = await sessioncheck(...args, '--swarm');
    expect(swarm.code).toBe(0);
    expect(Object.keys(JSON.parse(swarm.out)).slice(0, 7)).toEqual(['tool', 'version', 'target', 'seed', 'runs', 'swarm', 'results']);
    expect(JSON.parse(swarm.out).swarm).toBe(true);
    expect((await sessioncheck(...args, '--swarm')).out).toBe(swarm.out);
    const plain = await sessioncheck(...args);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.out)).not.toHaveProperty('swarm');
    expect(plain.out).not.toBe(swarm.out);
  });

  it('reaches the programs of a system target (the strategy task carries it, in process or to a worker)', async () => {
    const impl = ['verify', '--target', 'impl', '--strategy', 'jwt', '--property', 'revocation.instant', '--runs', '10', '--json', '--jobs', '1'];
    const swarm = await sessioncheck(...impl, '--swarm');
    expect(swarm.err).toBe('');
    expect(JSON.parse(swarm.out).swarm).toBe(true);
    // Other programs: another run is the first to break it, after other runs reached the witness.
    expect((await sessioncheck(...impl)).out).not.toBe(swarm.out.replace('  "swarm": true,\n', ''));
  });

  it('merge refuses a swarm shard beside a default one (they are shards of different runs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sessioncheck-swarm-'));
    const shard = async (i: number, ...more: string[]) => {
      const path = join(dir, `verify-${i}.json`);
      writeFileSync(path, (await sessioncheck(...args, '--shard', `${i}/2`, ...more)).out);
      return path;
    };
    const merged = await sessioncheck('merge', await shard(1, '--swarm'), await shard(2));
    expect(merged.code).toBe(2);
    expect(merged.err).toMatch(/not of one run: .* has swarm true, .* has swarm false/);
  });
});
