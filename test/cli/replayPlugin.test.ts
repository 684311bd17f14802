/** `sessioncheck replay TOKEN --plugin MODULE#EXPORT`: a plug-in's counterexample replayed on the plug-in. */
import { afterAll, describe, expect, it } from 'vitest';
import { expectStrategy, StrategyCheckFailure } from '../../index.ts';
import { stopIdleProcesses } from '../../impl/infra/index.ts';
import { defaultScope } from '../../model/scope.ts';
import { encodeReplay } from '../../properties/replay.ts';
import { sessioncheck } from './capture.ts';

const cookieSession = { module: 'examples/cookie-session.ts', export: 'cookieSessionPlugin' };

/** Each system starts processes (and redis-servers): on a loaded 2-core machine a test can pass a minute. */
const TIMEOUT_MS = 180_000;

describe('sessioncheck replay --plugin', () => {
  afterAll(stopIdleProcesses);

  it('prints a replay command that reproduces the plug-in\'s counterexample on the plug-in, where the model does not', async () => {
    const failure = await expectStrategy(cookieSession, { model: 'jwt', runs: 10, seed: 1, holds: ['safety.expiry'] }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StrategyCheckFailure);
    const command = /replay: npx sessioncheck (replay \S+ --plugin \S+)/.exec((failure as Error).message)?.[1];
    expect(command).toBe(`replay ${/replay: npx sessioncheck replay (\S+)/.exec((failure as Error).message)![1]} --plugin examples/cookie-session.ts#cookieSessionPlugin`);

    const onPlugin = await sessioncheck(...command!.split(' '));
    expect(onPlugin.err).toBe('');
    expect(onPlugin.out).toContain('cookie-session (held to the jwt model) × safety.expiry');
    expect(onPlugin.out).toContain('under fake time');
    expect(onPlugin.out).toMatch(/^4  replayStolen\(u1\)  n\d  200 u1  0 trips$/m);
    expect(onPlugin.out).toContain('the check of safety.expiry fires on the plug-in at step 4 (replayStolen(u1))');
    expect(onPlugin.code).toBe(0);

    // The same token on the jwt model: its token expires, so nothing fires there.
    const onModel = await sessioncheck(...command!.split(' ').slice(0, 2));
    expect(onModel.out).toContain('does NOT fire');
    expect(onModel.code).toBe(1);
  }, TIMEOUT_MS);

  it('exits 1 when the property does not fire on the plug-in (cookie-session makes no store round trip)', async () => {
    const token = encodeReplay({ strategy: 'jwt', property: 'hop.none-per-request', target: 'impl', scope: defaultScope, actions: ['login(u0)', 'whoami(u0)'] });
    const { code, out } = await sessioncheck('replay', token, '--plugin', 'examples/cookie-session.ts#cookieSessionPlugin');
    expect(out).toMatch(/^2  whoami\(u0\)  n\d  200 u0  0 trips$/m);
    expect(out).toContain('does NOT fire on the plug-in');
    expect(code).toBe(1);
  }, TIMEOUT_MS);

  it('exits 2 on a plug-in it cannot load and on plug-in flags without --plugin', async () => {
    const token = encodeReplay({ strategy: 'jwt', property: 'hop.none-per-request', target: 'impl', scope: defaultScope, actions: ['login(u0)'] });
    const bad = await sessioncheck('replay', token, '--plugin', 'examples/cookie-session.ts#nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('export "nope" of examples/cookie-session.ts is not a SessionStrategy');
    const stray = await sessioncheck('replay', token, '--target', 'redis');
    expect(stray.code).toBe(2);
    expect(stray.err).toContain('use them with --plugin');
  }, TIMEOUT_MS);
});
