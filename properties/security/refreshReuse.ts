/**
 * `refresh.reuse-revokes-family` on the implementation (RFC 9700 §4.14.2): generated sequences
 * of refreshes, replays of rotated-out refresh tokens and races of 2–3 concurrent refreshes with
 * one token (fast-check's scheduler orders their starts and store round trips).
 *
 * The policy for a race is strict: the rotation is one atomic script, so exactly one refresh
 * wins and every other is a reuse of a rotated-out token, which revokes the family, the
 * winner's new refresh token included. A client that refreshes twice at once is logged out; no
 * grace window lets a copied token through.
 */
import fc from 'fast-check';
import { NodeBench } from '../../impl/security/bench.ts';
import type { ImplCheck, ImplCheckOptions } from '../implChecks.ts';
import { cellSeed } from '../seed.ts';
import { renderSchedule, runConcurrently, scheduleStore, unschedule } from './schedule.ts';
import { call, credentialFrom, login, present, type Credential } from './session.ts';
import { FindingError, findingOf, implVerdict } from './verdicts.ts';

const PROPERTY = 'refresh.reuse-revokes-family';

type Op =
  | { readonly op: 'refresh'; readonly node: number }
  | { readonly op: 'reuse'; readonly pick: number; readonly node: number }
  | { readonly op: 'race'; readonly nodes: readonly number[] }
  | { readonly op: 'whoami'; readonly node: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('refresh' as const), node: fc.nat(3) }),
  fc.record({ op: fc.constant('reuse' as const), pick: fc.nat(), node: fc.nat(3) }),
  fc.record({ op: fc.constant('race' as const), nodes: fc.array(fc.nat(3), { minLength: 2, maxLength: 3 }) }),
  fc.record({ op: fc.constant('whoami' as const), node: fc.nat(3) }),
);

function actionOf(op: Op): string[] {
  switch (op.op) {
    case 'refresh': return ['refresh(u0)'];
    case 'reuse': return ['replayRefresh(u0)'];
    case 'race': return op.nodes.map(() => 'refresh(u0)');
    case 'whoami': return ['whoami(u0)'];
  }
}

async function reuseRun(options: ImplCheckOptions, s: fc.Scheduler, ops: readonly Op[]): Promise<void> {
  const bench = await NodeBench.start(options.implementation, { scope: options.scope, seed: options.seed });
  const actions = ['login(u0)'];
  const fail = (detail: string, schedule?: string): never => {
    throw new FindingError({ actions, detail, ...(schedule !== undefined ? { schedule } : {}) });
  };
  try {
    let credential: Credential = (await login(bench, 0, 0)).credential;
    const rotatedOut: string[] = [];
    let alive = true;
    for (const op of ops) {
      actions.push(...actionOf(op));
      if (op.op === 'whoami') {
        const me = await call(bench, op.node % bench.size, '/me', credential);
        if (me.status !== 200) fail(`the current access token was refused (${me.status})`);
      } else if (op.op === 'refresh') {
        const r = await call(bench, op.node % bench.size, '/refresh', credential);
        if (alive && r.status !== 200) fail(`a refresh with the current refresh token of a live family was refused (${r.status})`);
        if (!alive && r.status !== 401) fail(`a refresh in a revoked family answered ${r.status}`);
        if (r.status === 200) {
          rotatedOut.push(credential.refresh!);
          credential = credentialFrom(r, credential);
        }
      } else if (op.op === 'reuse') {
        if (rotatedOut.length === 0) continue;
        const r = await call(bench, op.node % bench.size, '/refresh', { refresh: rotatedOut[op.pick % rotatedOut.length] });
        if (r.status !== 401) fail(`a rotated-out refresh token was accepted (${r.status})`);
        alive = false;
      } else {
        scheduleStore(bench, s);
        const results = await runConcurrently(bench, s, op.nodes.map((n, i) => ({
          name: `refresh${i + 1}`, node: n % bench.size, method: 'POST', path: '/refresh', parts: present(credential, '/refresh'),
        })));
        unschedule(bench);
        const winners = results.filter((r) => r.issued.status === 200);
        const expected = alive ? 1 : 0;
        if (winners.length !== expected || results.some((r) => r.issued.status !== 200 && r.issued.status !== 401)) {
          fail(`${op.nodes.length} concurrent refreshes with one token answered ${results.map((r) => `${r.name} → ${r.issued.status}`).join(', ')}; policy: exactly ${expected} wins`, renderSchedule(s));
        }
        if (winners.length === 1) {
          rotatedOut.push(credential.refresh!);
          credential = credentialFrom(winners[0].issued, credential);
        }
        alive = false; // the losers presented a rotated-out token: reuse
      }
      if (!alive) {
        const r = await call(bench, 0, '/refresh', credential);
        if (r.status !== 401) fail(`after a reuse, the family's latest refresh token still refreshes (${r.status})`);
      }
    }
  } finally {
    await bench.close();
  }
}

/** The check registered for `refresh.reuse-revokes-family` (jwt-refresh). */
export const reuseRevokesFamily: ImplCheck = async (options) => {
  let index = 0;
  let failedAt: number | undefined;
  const details = await fc.check(
    fc.asyncProperty(fc.scheduler(), fc.array(opArbitrary, { minLength: 1, maxLength: 6 }), async (s, ops) => {
      const run = index++;
      await reuseRun(options, s, ops).catch((error: unknown) => {
        failedAt ??= run;
        throw error;
      });
    }),
    { seed: cellSeed(options.seed, options.strategy, PROPERTY), numRuns: options.runs },
  );
  const runs = failedAt === undefined ? options.runs : failedAt + 1;
  return implVerdict(PROPERTY, options, details.failed ? { runs, finding: findingOf(details.errorInstance, ['login(u0)', 'refresh(u0)', 'refresh(u0)']) } : { runs });
};
