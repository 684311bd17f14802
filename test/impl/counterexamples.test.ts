import { describe, expect, it } from 'vitest';
import type { Observation, StrategyId } from '../../model/index.ts';
import { core, replayBoth, type ReplayedStep } from './replay.ts';

/** docs/catalog.md, "Expected minimal counterexamples", with what the last step shows. */
const table: { strategy: StrategyId; property: string; actions: string[]; shows: (steps: ReplayedStep[]) => void }[] = [
  { strategy: 'in-memory', property: 'login.follows-user', actions: ['login(u0)', 'whoami(u0)'], shows: (s) => expect(last(s).status).toBe(401) },
  { strategy: 'sticky', property: 'stateless.any-node-serves', actions: ['login(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 200, node: 0 }) },
  { strategy: 'sticky', property: 'failover.sessions-survive', actions: ['login(u0)', 'crash(n0)', 'whoami(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 401, node: 1 }) },
  { strategy: 'sticky', property: 'deploy.no-logout', actions: ['login(u0)', 'drain(n0)', 'whoami(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 401, node: 0 }) },
  { strategy: 'central-store', property: 'hop.none-per-request', actions: ['login(u0)', 'whoami(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 200, storeTrips: 1 }) },
  { strategy: 'central-store', property: 'store.outage-tolerant', actions: ['storeDown()', 'login(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 503 }) },
  { strategy: 'central-store', property: 'store.outage-tolerant-ordinary', actions: ['login(u0)', 'storeDown()', 'whoami(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 503, storeTrips: 1 }) },
  { strategy: 'jwt-refresh', property: 'store.outage-tolerant', actions: ['storeDown()', 'login(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 503 }) },
  { strategy: 'central-store', property: 'store.none', actions: ['login(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 200, storeTrips: 1 }) },
  { strategy: 'jwt', property: 'revocation.instant', actions: ['login(u0)', 'revoke(u0)', 'whoami(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 200, user: 0 }) },
  { strategy: 'jwt', property: 'logout.invalidates', actions: ['login(u0)', 'logout(u0)', 'replayStolen(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 200, user: 0 }) },
  {
    strategy: 'jwt', property: 'token.constant-size', actions: ['login(u0)', 'addItem(u0)', 'whoami(u0)'],
    shows: (s) => expect(s[2].impl.credentialBytes).toBeGreaterThan(s[1].impl.credentialBytes ?? Infinity),
  },
  { strategy: 'jwt-denylist', property: 'hop.none-per-request', actions: ['login(u0)', 'whoami(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 200, storeTrips: 1 }) },
  { strategy: 'jwt-denylist', property: 'store.none', actions: ['revoke(u0)'], shows: (s) => expect(last(s)).toMatchObject({ status: 200, storeTrips: 1 }) },
  {
    strategy: 'jwt-denylist', property: 'revocation.durable', actions: ['login(u0)', 'logout(u0)', 'storeWipe()', 'replayStolen(u0)'],
    shows: (s) => expect(last(s)).toMatchObject({ status: 200, user: 0 }),
  },
];

function last(steps: ReplayedStep[]): Observation {
  return steps[steps.length - 1].impl;
}

describe("the catalog's expected minimal counterexamples (docs/catalog.md), replayed against the implementation", () => {
  for (const { strategy, property, actions, shows } of table) {
    it(`${strategy} ${property}: ${actions.join(', ')} shows the same violation as the model`, async () => {
      for (const target of ['impl', 'sockets'] as const) {
        const steps = await replayBoth(strategy, actions, { target });
        for (const step of steps) expect(core(step.impl), `${target} ${step.action}`).toEqual(core(step.model));
        shows(steps);
      }
    });
  }

  it('the logged-out jwt-denylist token is refused before the wipe (the wipe is what revives it)', async () => {
    const steps = await replayBoth('jwt-denylist', ['login(u0)', 'logout(u0)', 'replayStolen(u0)', 'storeWipe()', 'replayStolen(u0)']);
    expect(steps.map((s) => s.impl.status)).toEqual([200, 200, 401, 200, 200]);
    for (const step of steps) expect(core(step.impl)).toEqual(core(step.model));
  });
});
