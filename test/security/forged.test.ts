import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNS } from '../../cli/commands/verify.ts';
import { builtinStrategy, type SessionStrategy } from '../../impl/index.ts';
import { NodeBench } from '../../impl/security/bench.ts';
import { unixSeconds } from '../../impl/clock.ts';
import { defaultScope } from '../../model/scope.ts';
import type { StrategyId } from '../../model/types.ts';
import { forge, type Recipe } from '../../properties/security/forgeries.ts';
import { forgedRejected } from '../../properties/security/forgedRejected.ts';
import { GUESS_SAMPLES } from '../../properties/security/guessable.ts';
import { call, login } from '../../properties/security/session.ts';
import { checkOptions, strategies } from './helpers.ts';

/**
 * The built-in strategy with every status its nodes' apps answer recorded, one list per system
 * (a system starts with its node n0). The first system is the check's probe of what login issues
 * (one login); then per run: login, the control whoami at n0, in run 0 the other logins of the
 * guessing half (guessable.ts), a whoami at each other node (where
 * the valid credential is accepted, forgeries go), then the forgeries.
 */
function recording(strategy: StrategyId): { implementation: SessionStrategy; systems: number[][] } {
  const builtin = builtinStrategy(strategy);
  const systems: number[][] = [];
  const implementation: SessionStrategy = {
    name: builtin.name,
    lbPolicy: builtin.lbPolicy,
    async createNode(ctx) {
      if (ctx.nodeId === 0) systems.push([]);
      const answers = systems[systems.length - 1];
      const node = await builtin.createNode(ctx);
      return {
        handle: async (request) => {
          const response = await node.handle(request);
          answers.push(response.status);
          return response;
        },
        localSessionCount: () => node.localSessionCount?.() ?? 0,
        close: () => node.close(),
      };
    },
  };
  return { implementation, systems };
}

/** A bench of `strategy` with u0 logged in, whose valid token is accepted (so a refusal means something). */
async function loggedIn(strategy: StrategyId, jwtAlgorithm: 'HS256' | 'ES256' = 'HS256'): Promise<{ bench: NodeBench; token: string }> {
  const bench = await NodeBench.start(builtinStrategy(strategy), { scope: defaultScope, seed: 1, jwtAlgorithm });
  const { credential } = await login(bench, 0, 0);
  for (let n = 0; n < bench.size; n++) expect((await call(bench, n, '/me', credential)).status).toBe(200);
  return { bench, token: credential.token! };
}

/** A forged credential is refused with 400 (malformed) or 401 (not valid); anything else is not a refusal. */
const refusal = (status: number) => (status === 400 || status === 401 ? 'refused' : `answered ${status}`);

/** How every node's app answers `recipe` forged from u0's token at GET /me. */
async function answersTo(recipe: Recipe, { bench, token }: { bench: NodeBench; token: string }, typ: string): Promise<{ value: string; answers: string[] }> {
  const { value } = await forge(recipe, { valid: token, keys: bench.keys, now: unixSeconds(bench.clock), typ });
  const answers: string[] = [];
  for (let n = 0; n < bench.size; n++) answers.push(refusal((await call(bench, n, '/me', { token: value })).status));
  return { value, answers };
}

const tokenStrategies = [['jwt', 'JWT'], ['jwt-denylist', 'JWT'], ['jwt-refresh', 'at+jwt']] as const;

describe('safety.forged-rejected on the implementation', () => {
  it.each(strategies)('%s refuses every forgery its nodes receive, and the check counts exactly the ones sent', async (strategy) => {
    const runs = 4;
    const { implementation, systems } = recording(strategy);
    const verdict = await forgedRejected({ ...checkOptions(strategy, runs), implementation });
    expect(verdict.counterexample?.detail).toBeUndefined();
    expect(verdict.verdict).toBe('holds');
    expect(systems).toHaveLength(runs + 1);
    expect(systems[0]).toEqual([200]);
    const forged: number[] = [];
    for (const [run, [loginAnswer, control, ...rest]] of systems.slice(1).entries()) {
      expect([loginAnswer, control]).toEqual([200, 200]);
      // Run 0 also samples the credentials of GUESS_SAMPLES logins (the guessing half).
      const samples = run === 0 ? GUESS_SAMPLES - 1 : 0;
      expect(rest.slice(0, samples)).toEqual(Array(samples).fill(200));
      forged.push(...rest.slice(samples + defaultScope.nodes - 1));
    }
    expect(forged.map(refusal).filter((answer) => answer !== 'refused')).toEqual([]);
    expect(verdict.trials).toBe(forged.length);
    // At this rate, a default verify sends at least 100,000 forged credentials across the strategies.
    expect((forged.length / runs) * DEFAULT_RUNS * strategies.length).toBeGreaterThanOrEqual(100_000);
  });

  it.each(tokenStrategies)('%s refuses alg "none" in all 16 case variants, unsigned or with the original signature', async (strategy, typ) => {
    const system = await loggedIn(strategy);
    try {
      const spellings = new Set<unknown>();
      for (let variant = 0; variant < 16; variant++) {
        for (const signature of ['empty', 'original'] as const) {
          const { value, answers } = await answersTo({ kind: 'alg-none', variant, signature }, system, typ);
          spellings.add(decodeProtectedHeader(value).alg);
          expect(answers).toEqual(['refused', 'refused']);
        }
      }
      expect(spellings.size).toBe(16);
      expect(spellings).toContain('nOnE');
      expect(system.bench.errors).toEqual([]);
    } finally {
      await system.bench.close();
    }
  });

  it.each(tokenStrategies)('%s refuses a token whose signature is re-spelt (padding, other unused bits, the standard alphabet)', async (strategy, typ) => {
    const system = await loggedIn(strategy);
    try {
      for (const how of ['last-segment-tail', 'last-segment-padding', 'standard-alphabet'] as const) {
        const { value, answers } = await answersTo({ kind: 're-encode', how }, system, typ);
        expect(value).not.toBe(system.token);
        expect(answers).toEqual(['refused', 'refused']);
      }
      expect(system.bench.errors).toEqual([]);
    } finally {
      await system.bench.close();
    }
  });

  it.each(tokenStrategies)('%s on ES256 refuses HS256 signed with its own public key', async (strategy, typ) => {
    const system = await loggedIn(strategy, 'ES256');
    try {
      for (const keyForm of ['spki-pem', 'jwk-json', 'jwk-x'] as const) {
        const { value, answers } = await answersTo({ kind: 'alg-confusion', keyForm }, system, typ);
        expect(decodeProtectedHeader(value).alg).toBe('HS256');
        expect(answers).toEqual(['refused', 'refused']);
      }
      expect(system.bench.errors).toEqual([]);
    } finally {
      await system.bench.close();
    }
  });
});
