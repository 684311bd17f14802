import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../../impl/index.ts';
import { NodeBench } from '../../impl/security/bench.ts';
import { defaultScope } from '../../model/scope.ts';
import { reuseRevokesFamily } from '../../properties/security/refreshReuse.ts';
import { runConcurrently, scheduleStore } from '../../properties/security/schedule.ts';
import { call, login, present } from '../../properties/security/session.ts';
import { checkOptions } from './helpers.ts';

describe('refresh.reuse-revokes-family on the implementation', () => {
  it('jwt-refresh revokes the family on every generated reuse and race', async () => {
    const verdict = await reuseRevokesFamily(checkOptions('jwt-refresh', 25));
    expect(verdict.counterexample?.detail).toBeUndefined();
    expect(verdict.verdict).toBe('holds');
  });

  it('two concurrent refreshes with one token: in every interleaving one wins and the family is revoked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const bench = await NodeBench.start(builtinStrategy('jwt-refresh'), { scope: defaultScope, seed: 5 });
        try {
          const { credential } = await login(bench, 0, 0);
          scheduleStore(bench, s);
          const results = await runConcurrently(bench, s, [0, 1].map((node) => ({ name: `refresh@n${node}`, node, method: 'POST', path: '/refresh', parts: present(credential, '/refresh') })));
          bench.interceptor = null;
          expect(results.map((r) => r.issued.status).sort()).toEqual([200, 401]);
          const winner = results.find((r) => r.issued.status === 200)!.issued;
          expect((await call(bench, 0, '/refresh', { refresh: winner.refreshToken })).status).toBe(401);
        } finally {
          await bench.close();
        }
      }),
      { numRuns: 15, seed: 7 },
    );
  });
});

describe('a refresh that fails part-way', () => {
  it('leaves the presented refresh token current: the user\'s next refresh succeeds and the family is not revoked (sign first, rotate after)', async () => {
    const base = builtinStrategy('jwt-refresh');
    let armed = false;
    // A node whose data generator fails once, in the middle of a refresh (after the token was verified).
    const flaky = { ...base, name: 'jwt-refresh-flaky', createNode: (ctx: Parameters<typeof base.createNode>[0]) => base.createNode({
      ...ctx,
      faker: new Proxy(ctx.faker, { get: (target, prop, receiver) => {
        if (armed && prop === 'person') {
          armed = false;
          throw new Error('generator failed (simulated)');
        }
        return Reflect.get(target, prop, receiver);
      } }),
    }) };
    const bench = await NodeBench.start(flaky, { scope: defaultScope, seed: 5 });
    try {
      const { credential } = await login(bench, 0, 0);
      armed = true;
      const failed = await call(bench, 0, '/refresh', { refresh: credential.refresh });
      expect(failed.status, JSON.stringify(failed.body)).not.toBe(200);
      expect(armed).toBe(false);
      const retried = await call(bench, 1, '/refresh', { refresh: credential.refresh });
      expect(retried.status).toBe(200);
      expect((await call(bench, 0, '/refresh', { refresh: retried.refreshToken })).status).toBe(200);
    } finally {
      await bench.close();
    }
  });
});
