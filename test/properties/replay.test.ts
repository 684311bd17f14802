import { describe, expect, it } from 'vitest';
import { defaultScope, makeScope } from '../../model/scope.ts';
import { decodeReplay, encodeReplay, modelTrace, ReplayTokenError } from '../../properties/replay.ts';

describe('replay tokens', () => {
  it('round-trip a counterexample, runs of one action included', () => {
    const spec = { strategy: 'jwt' as const, property: 'token.fits-cookie' as const, target: 'model' as const, scope: defaultScope, actions: ['login(u0)', ...Array(34).fill('addItem(u0)')] };
    expect(decodeReplay(encodeReplay(spec))).toEqual(spec);
  });

  it('carry a non-default scope', () => {
    const scope = makeScope({ users: 3, nodes: 4 });
    const spec = { strategy: 'sticky' as const, property: 'store.none' as const, target: 'model' as const, scope, actions: ['login(u2)'] };
    expect(decodeReplay(encodeReplay(spec)).scope).toEqual(scope);
  });

  it.each([
    ['garbage', /must start with/],
    ['sc1.!!!', /not base64url JSON|unknown strategy/],
    [`sc1.${Buffer.from(JSON.stringify({ s: 'nope', p: 'store.none', t: 'model', a: [], c: {} })).toString('base64url')}`, /unknown strategy "nope"/],
    [`sc1.${Buffer.from(JSON.stringify({ s: 'jwt', p: 'store.none', t: 'model', a: ['fly(u0)'], c: {} })).toString('base64url')}`, /cannot read action "fly\(u0\)"/],
  ])('reject %s with a clear error', (token, message) => {
    expect(() => decodeReplay(token)).toThrow(ReplayTokenError);
    expect(() => decodeReplay(token)).toThrow(message);
  });

  it('replay to the same trace', () => {
    const trace = modelTrace('sticky', defaultScope, ['login(u0)', 'crash(n0)', 'whoami(u0)']);
    expect(trace.map((s) => s.observation.status)).toEqual([200, 200, 401]);
    expect(trace[2].observation.node).toBe(1);
  });
});

describe('a store wipe excuses only what came before it', () => {
  it('a revoke acknowledged after a wipe still counts (jwt: the stolen token is accepted, revocation.instant fires)', async () => {
    const { execute } = await import('../../properties/execute.ts');
    const { modelStrategy } = await import('../../model/registry.ts');
    const { property } = await import('../../properties/catalog.ts');
    const run = execute(modelStrategy('jwt'), defaultScope, property('revocation.instant'), ['login(u0)', 'logout(u0)', 'storeWipe()', 'revoke(u0)', 'replayStolen(u0)']);
    expect(run.executed).toHaveLength(5);
    expect(run.violation?.detail).toMatch(/was revoked at t=0s and is still accepted/);
  });

  it('a logout before the wipe is excused (jwt: logout.invalidates, which fires without the wipe, does not fire with it)', async () => {
    const { execute } = await import('../../properties/execute.ts');
    const { modelStrategy } = await import('../../model/registry.ts');
    const { property } = await import('../../properties/catalog.ts');
    const run = (program: string[]) => execute(modelStrategy('jwt'), defaultScope, property('logout.invalidates'), program);
    expect(run(['login(u0)', 'logout(u0)', 'replayStolen(u0)']).violation?.detail).toMatch(/was logged out at t=0s and is accepted again/);
    const wiped = run(['login(u0)', 'logout(u0)', 'storeWipe()', 'replayStolen(u0)']);
    expect(wiped.executed).toHaveLength(4);
    expect(wiped.violation).toBeNull();
  });

  it('a revoke after the wipe is not excused, the same revoke before it is (jwt: revocation.instant)', async () => {
    const { execute } = await import('../../properties/execute.ts');
    const { modelStrategy } = await import('../../model/registry.ts');
    const { property } = await import('../../properties/catalog.ts');
    const run = (program: string[]) => execute(modelStrategy('jwt'), defaultScope, property('revocation.instant'), program);
    const after = run(['login(u0)', 'logout(u0)', 'storeWipe()', 'revoke(u0)', 'replayStolen(u0)']);
    expect(after.violation?.detail).toMatch(/was revoked at t=0s and is still accepted/);
    const before = run(['login(u0)', 'logout(u0)', 'revoke(u0)', 'storeWipe()', 'replayStolen(u0)']);
    expect(before.executed).toHaveLength(5);
    expect(before.violation).toBeNull();
  });
});
