import { describe, expect, it } from 'vitest';
import { play } from './helpers.ts';

describe('in-memory (sessions in node memory, round-robin)', () => {
  it('login on #1 then a request on #2 gets "who are you?"', () => {
    const { observations } = play('in-memory', ['login(u0)', 'whoami(u0)']);
    expect(observations[0]).toMatchObject({ status: 200, user: 0, node: 0, storeTrips: 0 });
    expect(observations[1]).toMatchObject({ status: 401, node: 1 });
  });

  it('a logout served by another node acknowledges but leaves the session alive where it lives', () => {
    const { observations } = play('in-memory', ['login(u0)', 'logout(u0)', 'replayStolen(u0)']);
    expect(observations[1]).toMatchObject({ status: 200, node: 1 });
    expect(observations[2]).toMatchObject({ status: 200, user: 0, node: 0 });
  });

  it('an admin revoke kills the session on every node', () => {
    const { state, last } = play('in-memory', ['login(u0)', 'login(u1)', 'revoke(u0)']);
    expect(last.status).toBe(200);
    expect(state.nodes.flatMap((n) => n.sessions.map((s) => s.user))).toEqual([1]);
  });

  it('sessions expire after 30 minutes of absolute lifetime', () => {
    const { observations } = play('in-memory', ['login(u0)', 'tick(300)', 'tick(300)', 'tick(300)', 'tick(300)', 'tick(300)', 'tick(300)', 'login(u1)', 'whoami(u0)']);
    // u1's login took n1, so u0's request goes back to n0, where its session has just expired.
    expect(observations.at(-1)).toMatchObject({ status: 401, node: 0 });
  });
});

describe('sticky (node memory behind cookie affinity)', () => {
  it('keeps a user on the node that holds the session', () => {
    const { observations } = play('sticky', ['login(u0)', 'whoami(u0)', 'whoami(u0)', 'addItem(u0)']);
    expect(observations.map((o) => [o.status, o.node])).toEqual([[200, 0], [200, 0], [200, 0], [200, 0]]);
  });

  it('redispatches to a live node after a crash and the user gets 401', () => {
    const { observations, state } = play('sticky', ['login(u0)', 'crash(n0)', 'whoami(u0)']);
    expect(observations[2]).toMatchObject({ status: 401, node: 1 });
    expect(state.clients[0].affinity).toBe(1);
  });

  it('loses the sessions of a drained node', () => {
    const { last } = play('sticky', ['login(u0)', 'drain(n0)', 'whoami(u0)']);
    expect(last).toMatchObject({ status: 401, node: 0 });
  });

  it('a crash is refused when it would leave no live node', async () => {
    const { isEnabled } = await import('../../model/actions.ts');
    const { modelStrategy } = await import('../../model/registry.ts');
    const { defaultScope } = await import('../../model/scope.ts');
    const { state } = play('sticky', ['crash(n0)']);
    expect(isEnabled(modelStrategy('sticky'), defaultScope, state, { type: 'crash', node: 1 })).toBe(false);
  });
});
