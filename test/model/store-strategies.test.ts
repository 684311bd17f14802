import { describe, expect, it } from 'vitest';
import { play } from './helpers.ts';

describe('central-store', () => {
  it('serves a session from any node with one store round trip per request', () => {
    const { observations } = play('central-store', ['login(u0)', 'whoami(u0)', 'addItem(u0)', 'whoami(u0)']);
    expect(observations.map((o) => [o.status, o.node, o.storeTrips])).toEqual([[200, 0, 1], [200, 1, 1], [200, 0, 1], [200, 1, 1]]);
  });

  it('keeps sessions across a node crash', () => {
    expect(play('central-store', ['login(u0)', 'crash(n0)', 'whoami(u0)']).last).toMatchObject({ status: 200, user: 0, node: 1 });
  });

  it('answers 503 while the store is down and recovers when it is back', () => {
    const { observations } = play('central-store', ['login(u0)', 'storeDown()', 'whoami(u0)', 'storeUp()', 'whoami(u0)']);
    expect(observations[2]).toMatchObject({ status: 503, storeTrips: 1 });
    expect(observations[4]).toMatchObject({ status: 200, user: 0 });
  });

  it('a 503 logout is not acknowledged', () => {
    const { state, observations } = play('central-store', ['login(u0)', 'storeDown()', 'logout(u0)']);
    expect(observations[2].status).toBe(503);
    expect(state.ledger[0].loggedOutAt).toBeNull();
    expect(state.clients[0].credential).toBeNull(); // the client discards it anyway
  });
});

describe('jwt', () => {
  it('a token works on every node and never touches the store', () => {
    const { observations } = play('jwt', ['login(u0)', 'whoami(u0)', 'whoami(u0)', 'storeDown()', 'whoami(u0)']);
    expect(observations.filter((o) => 'user' in o).map((o) => [o.status, o.storeTrips])).toEqual([[200, 0], [200, 0], [200, 0], [200, 0]]);
  });

  it('an acknowledged revoke changes nothing: the token still works', () => {
    const { observations } = play('jwt', ['login(u0)', 'revoke(u0)', 'whoami(u0)']);
    expect(observations[1].status).toBe(200);
    expect(observations[2]).toMatchObject({ status: 200, user: 0 });
  });

  it('adding an item re-signs a bigger token', () => {
    const { observations } = play('jwt', ['login(u0)', 'whoami(u0)', 'addItem(u0)', 'whoami(u0)']);
    expect(observations[3].credentialBytes!).toBeGreaterThan(observations[1].credentialBytes!);
  });

  it('a token expires after one hour', () => {
    expect(play('jwt', ['login(u0)', 'tick(3600)', 'whoami(u0)']).last.status).toBe(401);
  });
});

describe('jwt-refresh', () => {
  it('the access token expires after 5 minutes and a refresh mints a new one', () => {
    const { observations } = play('jwt-refresh', ['login(u0)', 'tick(300)', 'whoami(u0)', 'refresh(u0)', 'whoami(u0)']);
    expect(observations[2].status).toBe(401);
    expect(observations[3]).toMatchObject({ status: 200, storeTrips: 1 });
    expect(observations[4]).toMatchObject({ status: 200, user: 0, storeTrips: 0 });
  });

  it('replaying a rotated-out refresh token revokes the family: the user is out too', () => {
    const { observations } = play('jwt-refresh', ['login(u0)', 'refresh(u0)', 'replayRefresh(u0)', 'refresh(u0)']);
    expect(observations[2].status).toBe(401);
    expect(observations[3].status).toBe(401);
  });

  it('revoking stops refreshes at once, the access token only at its expiry', () => {
    const { observations } = play('jwt-refresh', ['login(u0)', 'revoke(u0)', 'whoami(u0)', 'refresh(u0)', 'tick(300)', 'whoami(u0)']);
    expect(observations.map((o) => o.status)).toEqual([200, 200, 200, 401, 200, 401]);
  });
});

describe('jwt-denylist', () => {
  it('fails closed when the store is down', () => {
    const { observations } = play('jwt-denylist', ['login(u0)', 'storeDown()', 'whoami(u0)', 'login(u1)']);
    expect(observations[2]).toMatchObject({ status: 503, storeTrips: 1 });
    expect(observations[3]).toMatchObject({ status: 503 });
  });

  it('a logout denies the token everywhere', () => {
    const { observations } = play('jwt-denylist', ['login(u0)', 'logout(u0)', 'replayStolen(u0)']);
    expect(observations[2]).toMatchObject({ status: 401, storeTrips: 1 });
  });

  it('a revoke stores a fresh unique epoch: old tokens die, new logins work', () => {
    const { observations, state } = play('jwt-denylist', ['login(u0)', 'revoke(u0)', 'whoami(u0)', 'login(u0)', 'whoami(u0)', 'revoke(u0)', 'revoke(u0)']);
    expect(observations.map((o) => o.status)).toEqual([200, 200, 401, 200, 200, 200, 200]);
    const epochs = state.store.entries.filter((e) => e.kind === 'epoch');
    expect(epochs).toHaveLength(1);
  });

  it('a logout denies every token of the session, the versions re-signed for the cart included', async () => {
    const { probe } = await import('../../model/nextState.ts');
    const { modelStrategy } = await import('../../model/registry.ts');
    const { defaultScope } = await import('../../model/scope.ts');
    const { state } = play('jwt-denylist', ['login(u0)', 'addItem(u0)', 'addItem(u0)', 'logout(u0)']);
    const tokens = state.ledger.filter((e) => e.owner === 0 && e.kind === 'jwt');
    expect(tokens).toHaveLength(3);
    for (const t of tokens) {
      expect(t.loggedOutAt).toBe(0);
      for (const node of [0, 1]) {
        expect(probe(modelStrategy('jwt-denylist'), defaultScope, state, { type: 'whoami', credential: { main: t.id, refresh: null } }, node).status).toBe(401);
      }
    }
  });

  it('a store wipe brings a denied token back to life', () => {
    expect(play('jwt-denylist', ['login(u0)', 'logout(u0)', 'storeWipe()', 'replayStolen(u0)']).last).toMatchObject({ status: 200, user: 0 });
  });
});
