/**
 * Generated action programs. Weights are tuned so every refuted cell is found within the default
 * runs: a mixed profile of requests and faults, a cart-filling profile that grows a token past
 * the cookie limit (dozens of addItem in a row), and a revocation profile (revoke or log out, let
 * the clock run, replay). The mixed profile also sends batches of concurrent requests (races on
 * one session); they sit in it rather than in a profile of their own, so that the other profiles'
 * programs stay what they were.
 */
import fc from 'fast-check';
import { BATCH_SIZES } from '../model/actions.ts';
import type { ModelStrategy } from '../model/strategy.ts';
import type { Action, BatchRequest, Scope } from '../model/types.ts';

/** How often each action kind is drawn (kinds left out, or at 0, are never drawn). */
export type Weights = Partial<Record<Action['type'], number>>;

const mixed: Weights = {
  login: 6, whoami: 8, addItem: 5, concurrent: 3, logout: 3, refresh: 3, replayStolen: 4, replayRefresh: 2, revoke: 3,
  crash: 2, restart: 1, addNode: 1, drain: 2, storeDown: 2, storeUp: 1, storeWipe: 1, tick: 4,
};
/** A cart filled to the scope's limit; a crash now and then leaves one node, so node-memory sessions can fill too. */
const cart: Weights = { login: 1, whoami: 1, addItem: 24, crash: 2 };
/** Revocation and logout stories over time: revoke or log out, let the clock run, replay. */
/** Refresh-token stories: rotate, let the attacker replay a rotated-out token, race. */
const refreshing: Weights = { login: 2, whoami: 2, refresh: 6, replayRefresh: 5, replayStolen: 2, logout: 1, revoke: 1, tick: 2 };
/** Deploy stories: a drain, then the users come back (the witness of deploy.no-logout). */
const deploy: Weights = { login: 3, whoami: 6, addItem: 2, drain: 3, tick: 1 };
/** Re-signing and attacker stories: tokens re-signed by addItem, a logout or revoke, the attacker's older copies replayed (any credential ever issued), forgeries, a given-up credential planted in the jar before the next login (fixation). */
const resign: Weights = { login: 2, whoami: 1, addItem: 4, logout: 2, revoke: 1, replayStolen: 2, replayOlder: 4, replayIssued: 2, forge: 2, plant: 2, tick: 1 };
const revocation: Weights = {
  login: 3, whoami: 4, revoke: 3, logout: 2, replayStolen: 3, replayOlder: 1, refresh: 2, replayRefresh: 1, tick: 4, storeWipe: 1, storeDown: 1, storeUp: 1,
};

const batchRequestType: fc.Arbitrary<BatchRequest['type']> = fc.oneof({ weight: 3, arbitrary: fc.constant('addItem' as const) }, { weight: 1, arbitrary: fc.constant('whoami' as const) });

/** One action, drawn with the profile's weights (actions the strategy never offers are left out). */
export function actionArbitrary(strategy: ModelStrategy, scope: Scope, weights: Weights, oneUser = false): fc.Arbitrary<Action> {
  const user = oneUser ? fc.constant(0) : fc.integer({ min: 0, max: scope.users - 1 });
  const node = fc.integer({ min: 0, max: scope.maxNodes - 1 });
  const byType: Record<Action['type'], fc.Arbitrary<Action>> = {
    login: user.map((u) => ({ type: 'login', user: u })),
    whoami: user.map((u) => ({ type: 'whoami', user: u })),
    addItem: user.map((u) => ({ type: 'addItem', user: u })),
    logout: user.map((u) => ({ type: 'logout', user: u })),
    refresh: user.map((u) => ({ type: 'refresh', user: u })),
    replayStolen: user.map((u) => ({ type: 'replayStolen', user: u })),
    replayRefresh: user.map((u) => ({ type: 'replayRefresh', user: u })),
    replayOlder: user.map((u) => ({ type: 'replayOlder', user: u })),
    forge: user.map((u) => ({ type: 'forge', user: u })),
    plant: user.map((u) => ({ type: 'plant', user: u })),
    // Any credential ever issued to u, the first few most often (a short program issues few).
    replayIssued: fc.tuple(user, fc.nat(5)).map(([u, index]) => ({ type: 'replayIssued', user: u, index })),
    revoke: user.map((u) => ({ type: 'revoke', user: u })),
    crash: node.map((n) => ({ type: 'crash', node: n })),
    restart: node.map((n) => ({ type: 'restart', node: n })),
    drain: node.map((n) => ({ type: 'drain', node: n })),
    addNode: fc.constant({ type: 'addNode' }),
    storeDown: fc.constant({ type: 'storeDown' }),
    storeUp: fc.constant({ type: 'storeUp' }),
    storeWipe: fc.constant({ type: 'storeWipe' }),
    // 2–3 requests of one user, mostly addItem: a lost update needs two writes to one session.
    concurrent: fc.tuple(user, fc.array(batchRequestType, { minLength: BATCH_SIZES.min, maxLength: BATCH_SIZES.max }))
      .map(([u, types]) => ({ type: 'concurrent', requests: types.map((type) => ({ type, user: u })) })),
    // A scope without ticks (a system on wall time) never moves the clock.
    tick: scope.ticks.length > 0 ? fc.constantFrom(...scope.ticks).map((seconds) => ({ type: 'tick', seconds })) : fc.constant({ type: 'tick', seconds: 0 }),
  };
  const refreshOnly = new Set<Action['type']>(['refresh', 'replayRefresh']);
  const choices = (Object.keys(byType) as Action['type'][])
    .filter((t) => (weights[t] ?? 0) > 0 && (strategy.refreshTokens || !refreshOnly.has(t)) && (t !== 'tick' || scope.ticks.length > 0))
    .map((t) => ({ weight: weights[t]!, arbitrary: byType[t] }));
  return fc.oneof(...choices);
}

/** A program profile: how actions are weighted and how long programs get. */
export interface Profile {
  readonly name: string;
  readonly weights: Weights;
  readonly maxCommands: number;
  /** All requests come from u0 (a cart grows only while one user keeps adding). */
  readonly oneUser?: boolean;
  /** Only for strategies with refresh tokens. */
  readonly refreshOnly?: boolean;
  /**
   * A login, then at least this many actions of the profile: a cart filled to the scope's limit
   * (the witness of token.fits-cookie), which short generated programs rarely reach.
   */
  readonly fill?: number;
  /** How often the profile is drawn, relative to the others (default 1; `mixed` 3). */
  readonly weight?: number;
}

export const profiles: readonly Profile[] = [
  { name: 'mixed', weights: mixed, maxCommands: 40, weight: 3 },
  { name: 'cart', weights: cart, maxCommands: 120, oneUser: true },
  { name: 'revocation', weights: revocation, maxCommands: 25 },
  { name: 'refreshing', weights: refreshing, maxCommands: 15, refreshOnly: true },
  { name: 'deploy', weights: deploy, maxCommands: 12 },
  { name: 'resign', weights: resign, maxCommands: 10, oneUser: true, fill: 4 },
  { name: 'fill', weights: { addItem: 30, whoami: 1, crash: 1 }, maxCommands: 70, oneUser: true, fill: 55 },
];

/** One profile's programs, drawn with `weights` (the profile's own unless a caller draws others: swarm.ts). */
export function profileProgram<C>(strategy: ModelStrategy, scope: Scope, p: Profile, toCommand: (a: Action) => C, weights: Weights = p.weights) {
  return p.fill === undefined
    ? fc.commands([actionArbitrary(strategy, scope, weights, p.oneUser).map(toCommand)] as never, { maxCommands: p.maxCommands, size: 'max' }) as unknown as fc.Arbitrary<Iterable<C>>
    : fc.array(actionArbitrary(strategy, scope, weights, p.oneUser).map(toCommand), { minLength: p.fill, maxLength: p.maxCommands })
      .map((cmds) => [toCommand({ type: 'login', user: 0 }), ...cmds]);
}

/**
 * Programs for `fc.commands`: each generated action becomes a command through `toCommand`
 * (the caller decides what running it means: model only, or model and implementation).
 * `weightsOf` (opt-in swarm testing, swarm.ts) draws each program's own weights for its profile
 * first; without it every program uses its profile's weights.
 */
export function programArbitrary<C>(strategy: ModelStrategy, scope: Scope, toCommand: (a: Action) => C, weightsOf?: (p: Profile) => fc.Arbitrary<Weights>) {
  return fc.oneof(
    ...profiles.filter((p) => strategy.refreshTokens || !p.refreshOnly).map((p) => ({
      weight: p.weight ?? 1,
      arbitrary: weightsOf
        ? weightsOf(p).chain((weights) => profileProgram(strategy, scope, p, toCommand, weights))
        : profileProgram(strategy, scope, p, toCommand),
    })),
  ) as unknown as fc.Arbitrary<Iterable<C>>;
}

/** The commands of a program fast-check reported: `fc.commands` wraps each (`{ cmd }`), a plain array does not. */
export function unwrapCommands<C>(program: Iterable<C | { cmd: C }>): C[] {
  return [...program].map((c) => (typeof c === 'object' && c !== null && 'cmd' in c ? (c as { cmd: C }).cmd : c as C));
}
