import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../../impl/index.ts';
import { NodeBench } from '../../impl/security/bench.ts';
import { defaultScope } from '../../model/scope.ts';
import { fixation } from '../../properties/security/fixation.ts';
import { call, login } from '../../properties/security/session.ts';
import { checkOptions, strategies } from './helpers.ts';

describe('safety.fixation on the implementation', () => {
  it.each(strategies)('%s issues a fresh credential at every login and adopts no pre-login ID', async (strategy) => {
    const verdict = await fixation(checkOptions(strategy, 8));
    expect(verdict.counterexample?.detail).toBeUndefined();
    expect(verdict.verdict).toBe('holds');
  });

  it('a session cookie chosen by an attacker and sent with /login is neither kept nor adopted', async () => {
    const bench = await NodeBench.start(builtinStrategy('central-store'), { scope: defaultScope, seed: 3 });
    try {
      const chosen = 'AttackerChosenSession0';
      const { credential, issued } = await login(bench, 0, 0, { cookie: `sid=${chosen}` });
      expect(credential.sid).not.toBe(chosen);
      expect(issued.setCookies[0]).toMatch(/; HttpOnly; Secure; SameSite=Lax; Path=\//);
      expect((await call(bench, 1, '/me', { sid: chosen })).status).toBe(401);
      expect(await bench.redis.exists(`sess:${chosen}`)).toBe(0);
    } finally {
      await bench.close();
    }
  });
});
