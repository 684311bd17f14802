import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../../impl/index.ts';
import { NodeBench } from '../../impl/security/bench.ts';
import { defaultScope } from '../../model/scope.ts';
import { failClosedUnderFaults, faultInjector } from '../../properties/security/storeFaults.ts';
import { call, login } from '../../properties/security/session.ts';
import { checkOptions, strategies } from './helpers.ts';

describe('safety.fail-closed under store faults mid-request', () => {
  it.each(strategies)('%s fails closed on every generated fault and loses no session', async (strategy) => {
    const verdict = await failClosedUnderFaults(checkOptions(strategy, 25));
    expect(verdict.counterexample?.detail).toBeUndefined();
    expect(verdict.verdict).toBe('holds');
  });

  it('a reply lost after the naive write answers 503, and the session is still there', async () => {
    const bench = await NodeBench.start(builtinStrategy('central-store-naive'), { scope: defaultScope, seed: 2 });
    try {
      const { credential } = await login(bench, 0, 0);
      bench.interceptor = faultInjector('reply-lost', 1, { count: 0, index: 0 });
      expect((await call(bench, 1, '/cart', credential)).status).toBe(503);
      bench.interceptor = null;
      expect(await bench.redis.hget(`sess:${credential.sid}`, 'items')).toBe('1');
      expect((await call(bench, 0, '/me', credential)).status).toBe(200);
    } finally {
      await bench.close();
    }
  });

  it.each(['connection-error', 'timeout'] as const)('a %s on the denylist check refuses the token with 503, then it works again', async (fault) => {
    const bench = await NodeBench.start(builtinStrategy('jwt-denylist'), { scope: defaultScope, seed: 2 });
    try {
      const { credential } = await login(bench, 0, 0);
      bench.interceptor = faultInjector(fault, 0, { count: 0, index: 0 });
      expect((await call(bench, 0, '/me', credential)).status).toBe(503);
      bench.interceptor = null;
      expect((await call(bench, 1, '/me', credential)).status).toBe(200);
    } finally {
      await bench.close();
    }
  });

  it('a disconnected store answers 503 and the session is served after reconnecting', async () => {
    const bench = await NodeBench.start(builtinStrategy('central-store'), { scope: defaultScope, seed: 2 });
    try {
      const { credential } = await login(bench, 0, 0);
      bench.redis.disconnect();
      expect((await call(bench, 0, '/me', credential)).status).toBe(503);
      await bench.redis.connect();
      expect((await call(bench, 1, '/me', credential)).status).toBe(200);
    } finally {
      await bench.close();
    }
  });
});
