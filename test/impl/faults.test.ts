import { decodeProtectedHeader, decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinStrategy, Cluster, EPOCH_BASE, openSystem, StoreHub, type SystemUnderTest } from '../../impl/index.ts';
import { InProcessHost } from '../../impl/cluster/host.ts';
import { defaultScope, parseAction } from '../../model/index.ts';

const open: SystemUnderTest[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function system(id: Parameters<typeof builtinStrategy>[0], jwtAlgorithm?: 'HS256' | 'ES256'): Promise<SystemUnderTest> {
  const sut = await openSystem(builtinStrategy(id), { target: 'impl', scope: defaultScope, seed: 1, jwtAlgorithm });
  open.push(sut);
  return sut;
}

const step = (sut: SystemUnderTest, ...actions: string[]) => Promise.all([]).then(async () => {
  const out = [];
  for (const a of actions) out.push(await sut.step(parseAction(a)));
  return out;
});

async function loginResponse(id: Parameters<typeof builtinStrategy>[0], jwtAlgorithm?: 'HS256' | 'ES256'): Promise<Response> {
  const cluster = await Cluster.start({ strategy: builtinStrategy(id), scope: defaultScope, seed: 1, host: new InProcessHost(), jwtAlgorithm });
  try {
    return await cluster.dispatch(new Request('http://test/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"u0"}' }));
  } finally {
    await cluster.close();
  }
}

describe('store faults are real effects on the client', () => {
  it('storeDown really cuts the connection: the command fails at the client, and the attempt counts as a trip', async () => {
    const hub = await StoreHub.open();
    const client = hub.client();
    await client.set('k', 'v', 60);
    await hub.down();
    const failure = await client.get('k').catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', status: 503 });
    expect(String((failure as Error).cause)).toMatch(/Stream isn't writeable/);
    await hub.up();
    expect(await client.get('k')).toBe('v');
    expect(hub.trips).toBe(3);
    await hub.wipe();
    expect(await client.get('k')).toBeNull();
    await hub.close();
  });

  // What each strategy answers while the store is down: the store on the request's path refuses
  // (503); a self-contained token does not need the store (jwt-refresh only for a new login).
  it.each([
    ['central-store', 503, 503],
    ['central-store-naive', 503, 503],
    ['jwt-denylist', 503, 503],
    ['jwt-refresh', 200, 503],
    ['jwt', 200, 200],
  ] as const)('%s answers whoami with %i and a new login with %i during an outage, and accepts the user again after it', async (id, whoami, login) => {
    const sut = await system(id);
    const [, , during, loginDuring, , after] = await step(sut, 'login(u0)', 'storeDown()', 'whoami(u0)', 'login(u1)', 'storeUp()', 'whoami(u0)');
    expect(during.status).toBe(whoami);
    expect(during.user).toBe(whoami === 200 ? 0 : undefined);
    expect(loginDuring.status).toBe(login);
    expect(after).toMatchObject({ status: 200, user: 0 });
  });

  it('a store wipe logs central-store users out, and a login after it works', async () => {
    const sut = await system('central-store');
    const [, , wiped, , fresh] = await step(sut, 'login(u0)', 'storeWipe()', 'whoami(u0)', 'login(u1)', 'whoami(u1)');
    expect(wiped).toMatchObject({ status: 401, storeTrips: 1 });
    expect(wiped.user).toBeUndefined();
    expect(fresh).toMatchObject({ status: 200, user: 1, storeTrips: 1 });
  });
});

describe('nodes and the balancer', () => {
  it('a crash that would leave no live node is refused with a stable code', async () => {
    const sut = await system('sticky');
    await step(sut, 'crash(n0)');
    await expect(sut.step(parseAction('crash(n1)'))).rejects.toMatchObject({ code: 'ERR_ACTION_DISABLED' });
  });

  it('sticky re-pins to the node that served the request, and a crash empties that node\'s memory', async () => {
    const sut = await system('sticky');
    await step(sut, 'login(u0)', 'login(u1)');
    expect(sut.localSessionCounts()).toEqual([1, 1]);
    await step(sut, 'crash(n1)');
    expect(sut.localSessionCounts()).toEqual([1, 0]);
    const [whoami] = await step(sut, 'whoami(u1)');
    expect(whoami).toMatchObject({ status: 401, node: 0 });
  });
});

describe('credentials on the wire', () => {
  it('session cookies are 128-bit base64url IDs with HttpOnly, Secure, SameSite=Lax and Path=/', async () => {
    const response = await loginResponse('central-store');
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{22}; HttpOnly; Secure; SameSite=Lax; Path=\/$/);
  });

  it('JWTs carry iss, aud, sub, iat, exp and jti, with times from the injected clock', async () => {
    const { token } = (await (await loginResponse('jwt')).json()) as { token: string };
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJwt(token)).toMatchObject({ iss: 'sessioncheck', aud: 'sessioncheck-app', sub: 'u0', iat: EPOCH_BASE, exp: EPOCH_BASE + 3600 });
    expect(decodeJwt(token).jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('ES256 is an option, and the token is verified with it', async () => {
    const { token } = (await (await loginResponse('jwt', 'ES256')).json()) as { token: string };
    expect(decodeProtectedHeader(token).alg).toBe('ES256');
    const sut = await system('jwt', 'ES256');
    expect((await step(sut, 'login(u0)', 'whoami(u0)'))[1]).toMatchObject({ status: 200, user: 0 });
  });

  it('expiry follows the injected clock, not wall time', async () => {
    const sut = await system('jwt');
    const seen = await step(sut, 'login(u0)', 'tick(3600)', 'whoami(u0)');
    expect(seen[2].status).toBe(401);
    const refresh = await system('jwt-refresh');
    const r = await step(refresh, 'login(u0)', 'tick(300)', 'whoami(u0)', 'refresh(u0)', 'whoami(u0)');
    expect(r.map((o) => o.status)).toEqual([200, 200, 401, 200, 200]);
  });

  it('jwt-refresh: replaying a rotated-out refresh token revokes the whole family', async () => {
    const sut = await system('jwt-refresh');
    const r = await step(sut, 'login(u0)', 'refresh(u0)', 'replayRefresh(u0)', 'refresh(u0)');
    expect(r.map((o) => [o.status, o.storeTrips])).toEqual([[200, 1], [200, 1], [401, 1], [401, 1]]);
  });
});
