import { describe, expect, it } from 'vitest';
import { checkSignedCookie } from '../../examples/check-signed-cookie.ts';
import { signedCookieStrategy } from '../../examples/signed-cookie.ts';
import { checkStrategy } from '../../index.ts';
import { builtinStrategy } from '../../impl/strategies/index.ts';
import type { SessionStrategy } from '../../impl/strategy.ts';
import { centralStoreAdoptsSid } from '../mutants/central-store.ts';

describe('checkStrategy on a plug-in written outside the package', () => {
  it('gives the signed-cookie example verdicts and the JWT row of the table', async () => {
    const check = await checkSignedCookie(100);
    expect(check.strategy).toBe('signed-cookie');
    expect(check.conforms).toBe(true);
    expect(check.table).toEqual({ serverStateless: 'Yes', revokeInstantly: 'Hard', extraHop: 'No', failureOfOneNode: 'Sessions survive' });
    const verdict = (id: string) => check.results.find((r) => r.property === id)?.verdict;
    expect(verdict('logout.invalidates')).toBe('refuted');
    expect(verdict('token.constant-size')).toBe('refuted');
    expect(verdict('safety.no-impersonation')).toBe('holds');
    // The implementation-only checks run by default, built from what the plug-in issues.
    expect(verdict('safety.forged-rejected')).toBe('holds');
    expect(verdict('safety.fixation')).toBe('holds');
    // The cart rides in the cookie: two addItems from one cookie keep one item (the cookie's size shows it).
    expect(verdict('concurrency.no-lost-update')).toBe('refuted');
    // A plug-in has no expectations: results carry verdicts only.
    expect(check.results.every((r) => !('expected' in r))).toBe(true);
  });

  it('says where a plug-in does not behave like the model it names', async () => {
    const check = await checkStrategy(signedCookieStrategy(), { model: 'central-store', runs: 20, properties: ['conformance.model-impl'] });
    expect(check.conforms).toBe(false);
    const conformance = check.results.find((r) => r.property === 'conformance.model-impl')!;
    // One request is enough: the model's store would take a round trip, the cookie never does.
    expect(conformance.counterexample?.actions).toHaveLength(1);
    expect(conformance.counterexample?.detail).toMatch(/storeTrips=0 where the model says storeTrips ≥ 1/);
  });
});

/**
 * A built-in under other cookie names, with an extra cookie that is the same at every login (a
 * preference): the implementation checks build their attacks from what login issues, not from a
 * built-in's `sid`.
 */
function renamedCookies(base: SessionStrategy, name: string): SessionStrategy {
  return {
    name, lbPolicy: base.lbPolicy, capabilities: base.capabilities,
    async createNode(ctx) {
      const inner = await base.createNode(ctx);
      return {
        async handle(request) {
          const headers = new Headers(request.headers);
          const cookie = headers.get('cookie');
          if (cookie !== null) {
            const kept = cookie.split(';').map((c) => c.trim()).filter((c) => c.startsWith('app_session=')).map((c) => `sid=${c.slice('app_session='.length)}`);
            if (kept.length > 0) headers.set('cookie', kept.join('; '));
            else headers.delete('cookie');
          }
          const response = await inner.handle(new Request(request.url, { method: request.method, headers, body: request.method === 'GET' ? undefined : await request.text() }));
          const out = new Headers(response.headers);
          out.delete('set-cookie');
          for (const line of response.headers.getSetCookie()) out.append('set-cookie', line.replace(/^sid=/, 'app_session='));
          if (new URL(request.url).pathname === '/login') out.append('set-cookie', 'theme=dark; HttpOnly; Secure; SameSite=Strict; Path=/');
          return new Response(response.body, { status: response.status, headers: out });
        },
        localSessionCount: () => inner.localSessionCount?.() ?? 0,
        close: () => inner.close(),
      };
    },
  };
}

/** A strategy whose answers carry no cart count (`items`), as most session layers' would. */
function withoutCartCount(base: SessionStrategy): SessionStrategy {
  return {
    ...base,
    async createNode(ctx) {
      const inner = await base.createNode(ctx);
      return {
        ...inner,
        async handle(request) {
          const response = await inner.handle(request);
          const text = await response.text();
          let body = text;
          try {
            const { items: _items, ...rest } = JSON.parse(text) as Record<string, unknown>;
            body = JSON.stringify(rest);
          } catch {
            // not JSON: passed on as it is
          }
          return new Response(body, { status: response.status, headers: response.headers });
        },
      };
    },
  };
}

describe('implementation-only checks on a plug-in, from what it issues', () => {
  const properties = ['safety.forged-rejected', 'safety.fixation', 'concurrency.no-lost-update'] as const;
  it('hold on a central store under other cookie names, with a constant preference cookie (its /me reports the cart count)', async () => {
    const check = await checkStrategy(renamedCookies(builtinStrategy('central-store'), 'renamed-central-store'), { model: 'central-store', runs: 15, properties: [...properties] });
    const result = (id: string) => check.results.find((r) => r.property === id);
    expect(result('safety.forged-rejected')?.verdict).toBe('holds');
    expect(result('safety.forged-rejected')?.trials).toBeGreaterThan(0);
    expect(result('safety.fixation')?.verdict).toBe('holds');
    expect(result('concurrency.no-lost-update')?.verdict).toBe('holds');
  });

  it('leave lost updates n/a with the reason when /me reports no cart count and the cookie does not grow', async () => {
    const check = await checkStrategy(withoutCartCount(renamedCookies(builtinStrategy('central-store'), 'countless-central-store')), { model: 'central-store', runs: 15, properties: ['concurrency.no-lost-update'] });
    const result = check.results.find((r) => r.property === 'concurrency.no-lost-update');
    expect(result?.verdict).toBe('n/a');
    expect(result?.note).toMatch(/cannot be observed on the wire/);
  });

  it('refute fixation on the same plug-in when its login adopts the session ID the browser sent', async () => {
    const check = await checkStrategy(renamedCookies(centralStoreAdoptsSid, 'renamed-adopts-sid'), { model: 'central-store', runs: 15, properties: ['safety.fixation'] });
    const fixation = check.results.find((r) => r.property === 'safety.fixation');
    expect(fixation?.verdict).toBe('refuted');
    expect(fixation?.counterexample?.detail).toMatch(/not new|adopted/);
  });

  it('judge a token plug-in\'s lost updates by its credential\'s size; store.failover-durable is n/a with a note', async () => {
    const check = await checkStrategy(builtinStrategy('jwt'), { model: 'jwt', runs: 5, properties: ['concurrency.no-lost-update', 'store.failover-durable'] });
    expect(check.results.find((r) => r.property === 'concurrency.no-lost-update')?.verdict).toBe('refuted');
    expect(check.results.find((r) => r.property === 'store.failover-durable')).toMatchObject({ verdict: 'n/a', note: expect.stringMatching(/real Redis/) });
  });
});
