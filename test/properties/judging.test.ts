/**
 * A plug-in is judged from its own trace, not from the model it names: the cases that the
 * model-state runner got wrong.
 */
import { describe, expect, it } from 'vitest';
import { builtinStrategy, type SessionStrategy } from '../../impl/index.ts';
import { checkStrategy } from '../../properties/checkStrategy.ts';

/** central-store with one node behaviour replaced. */
function centralStoreWith(name: string, wrap: (request: Request, next: (r: Request) => Promise<Response>, store: { get(key: string): Promise<unknown> }) => Promise<Response>): SessionStrategy {
  const base = builtinStrategy('central-store');
  return {
    name,
    lbPolicy: base.lbPolicy,
    async createNode(ctx) {
      const node = await base.createNode(ctx);
      return { ...node, handle: (request) => wrap(request, (r) => node.handle(r), ctx.store as unknown as { get(key: string): Promise<unknown> }) };
    },
  };
}

const path = (request: Request) => new URL(request.url).pathname;

describe('verdicts on a plug-in come from its own trace', () => {
  it('a store-backed plug-in that makes two store round trips at login still conforms, and its table says Extra hop? Yes', async () => {
    const twoTrips = centralStoreWith('two-trip-login', async (request, next, store) => {
      if (path(request) === '/login') await store.get('warm-up').catch(() => undefined);
      return next(request);
    });
    const check = await checkStrategy(twoTrips, { model: 'central-store', runs: 30, properties: ['conformance.model-impl', 'hop.none-per-request', 'stateless.any-node-serves', 'revocation.instant', 'revocation.bounded', 'failover.sessions-survive'] });
    expect(check.errors).toEqual([]);
    expect(check.conforms).toBe(true);
    expect(check.results.find((r) => r.property === 'hop.none-per-request')?.verdict).toBe('refuted');
    expect(check.table?.extraHop).toBe('Yes');
  });

  it('a revoke that acknowledges and does nothing is refuted by revocation.instant and revocation.bounded', async () => {
    const deaf = centralStoreWith('deaf-revoke', async (request, next) => (path(request) === '/admin/revoke'
      ? new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } })
      : next(request)));
    const check = await checkStrategy(deaf, { model: 'central-store', runs: 200, properties: ['revocation.instant', 'revocation.bounded'] });
    const instant = check.results.find((r) => r.property === 'revocation.instant');
    const bounded = check.results.find((r) => r.property === 'revocation.bounded');
    expect(instant?.verdict).toBe('refuted');
    expect(instant?.counterexample?.detail).toMatch(/was revoked at t=\d+s and is still accepted/);
    expect(bounded?.verdict).toBe('refuted');
    expect(bounded?.counterexample?.detail).toMatch(/accepted \d+s after its revocation \(window 300s\)/);
  });

  it('a plug-in whose nodes cannot start gives a harness error, not a verdict', async () => {
    const busy: SessionStrategy = {
      name: 'port-taken',
      lbPolicy: 'round-robin',
      createNode() {
        throw Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8080'), { code: 'EADDRINUSE' });
      },
    };
    const check = await checkStrategy(busy, { model: 'jwt', runs: 5 });
    expect(check.results).toEqual([]);
    expect(check.table).toBeNull();
    expect(check.errors).toEqual([{ strategy: 'port-taken', property: '*', code: 'EADDRINUSE', message: 'listen EADDRINUSE: address already in use 127.0.0.1:8080' }]);
  });

  it('a plug-in that does not report node memory gets n/a on stateless.no-node-memory, never holds', async () => {
    const base = builtinStrategy('jwt');
    const silent: SessionStrategy = {
      name: 'silent-jwt', lbPolicy: base.lbPolicy,
      async createNode(ctx) {
        const { handle, close } = await base.createNode(ctx);
        return { handle, close };
      },
    };
    const check = await checkStrategy(silent, { model: 'jwt', runs: 20, properties: ['stateless.no-node-memory'] });
    expect(check.results).toMatchObject([{ property: 'stateless.no-node-memory', verdict: 'n/a', note: 'the strategy\'s nodes do not report localSessionCount()' }]);
  });

  it('n/a comes from declared capabilities, and a trace that contradicts the declaration is an error', async () => {
    const base = builtinStrategy('jwt-refresh');
    const declared = await checkStrategy({ ...base, name: 'declares-refresh' }, { model: 'jwt-refresh', runs: 40, properties: ['refresh.reuse-revokes-family'] });
    expect(declared.results[0].verdict).not.toBe('n/a');
    const jwt = await checkStrategy({ ...builtinStrategy('jwt'), name: 'plain-jwt' }, { model: 'jwt', runs: 5, properties: ['refresh.reuse-revokes-family'] });
    expect(jwt.results).toMatchObject([{ property: 'refresh.reuse-revokes-family', verdict: 'n/a', note: 'the strategy does not declare capabilities.refreshTokens' }]);
    const silent = await checkStrategy({ ...base, capabilities: undefined, name: 'undeclared-refresh' }, { model: 'jwt-refresh', runs: 5, properties: ['safety.expiry'] });
    expect(silent.errors).toMatchObject([{ code: 'ERR_UNDECLARED_CAPABILITY' }]);
    expect(silent.table).toBeNull();
  });
});
