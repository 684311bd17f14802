import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../../impl/index.ts';
import { NodeBench } from '../../impl/security/bench.ts';
import { benchRequest, readIssued } from '../../impl/security/wire.ts';
import { defaultScope } from '../../model/scope.ts';

describe('jwt-denylist logout', () => {
  it('denies every token of the session, the versions re-signed for the cart included', async () => {
    const bench = await NodeBench.start(builtinStrategy('jwt-denylist'), { scope: defaultScope, seed: 9 });
    try {
      const login = await readIssued(await bench.send(0, benchRequest('POST', '/login', { json: { user: 'u0' } })));
      const first = login.token!;
      const added = await readIssued(await bench.send(1, benchRequest('POST', '/cart', { bearer: first })));
      const second = added.token!;
      expect(second).not.toBe(first);
      for (const token of [first, second]) expect((await bench.send(0, benchRequest('GET', '/me', { bearer: token }))).status).toBe(200);
      expect((await bench.send(1, benchRequest('POST', '/logout', { bearer: second }))).status).toBe(200);
      // A copy of the token from before the cart grew must die with the session too.
      for (const node of [0, 1]) {
        for (const token of [first, second]) expect((await bench.send(node, benchRequest('GET', '/me', { bearer: token }))).status).toBe(401);
      }
    } finally {
      await bench.close();
    }
  });
});
