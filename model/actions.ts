/**
 * The enabled actions of a state, in a deterministic order (the explorer and replay depend on
 * it), and the actions' public string forms: `login(u0)`, `crash(n1)`, `tick(60)`, `addNode()`.
 */
import { liveNodes } from './lb.ts';
import type { ModelStrategy } from './strategy.ts';
import type { Action, ActionType, BatchRequest, LedgerEntry, Scope, State } from './types.ts';

/** The sizes a concurrent batch may have: small, so a checker can try every order of it. */
export const BATCH_SIZES = { min: 2, max: 3 } as const;

/**
 * Every action enabled in `state`: users' requests first, then node, store and clock faults.
 * The attacks `forge` and `plant` are left out: the model's answer to a forgery is fixed (401,
 * nothing changes but the pointer, which replays move too), and a planted copy is the attacker's
 * newest one back in the jar (what it tests, a login adopting a credential it was sent, the model
 * never does); generated programs and replays play both (their guards are in {@link isEnabled}),
 * the exhaustive search's scope leaves them out. So is `replayIssued(uN,K)`, the attacker's
 * memory beyond its two newest copies: the search's scope bounds it to `stolen` and `older`. So are concurrent batches (`concurrent(…)`): the
 * model has no concurrency (a batch is its requests in some sequential order), so they would only
 * add orders of actions the search already enumerates; races are judged on running systems.
 */
export function actions(strategy: ModelStrategy, scope: Scope, state: State): Action[] {
  const out: Action[] = [];
  state.clients.forEach((client, user) => {
    out.push({ type: 'login', user });
    if (client.credential) {
      out.push({ type: 'whoami', user }, { type: 'addItem', user }, { type: 'logout', user });
      if (strategy.refreshTokens && client.credential.refresh !== null) out.push({ type: 'refresh', user });
    }
    if (client.stolen) {
      out.push({ type: 'replayStolen', user });
      if (strategy.refreshTokens && client.stolen.refresh !== null) out.push({ type: 'replayRefresh', user });
    }
    if (client.older) out.push({ type: 'replayOlder', user });
    out.push({ type: 'revoke', user });
  });
  const live = liveNodes(state).length;
  state.nodes.forEach((node, n) => {
    if (node.up && live >= 2) out.push({ type: 'crash', node: n }, { type: 'drain', node: n });
    if (!node.up) out.push({ type: 'restart', node: n });
  });
  if (state.nodes.length < scope.maxNodes) out.push({ type: 'addNode' });
  out.push(state.store.up ? { type: 'storeDown' } : { type: 'storeUp' }, { type: 'storeWipe' });
  for (const seconds of scope.ticks) if (state.clock + seconds <= scope.maxClock) out.push({ type: 'tick', seconds });
  return out;
}

/**
 * Whether `action` is enabled in `state`: the guards of {@link actions}, one action at a time
 * (a replayed or shrunk program may name a disabled one; it is then skipped).
 */
export function isEnabled(strategy: ModelStrategy, scope: Scope, state: State, action: Action): boolean {
  return (guards[action.type] as Guard<Action['type']>)(strategy, scope, state, action);
}

type Guard<T extends Action['type']> = (strategy: ModelStrategy, scope: Scope, state: State, action: Extract<Action, { type: T }>) => boolean;

const hasUser = (state: State, user: number) => Number.isInteger(user) && user >= 0 && user < state.clients.length;
const canLoseNode = (state: State, node: number) => state.nodes[node]?.up === true && liveNodes(state).length >= 2;

/** The guard of every action, exhaustive by its mapped type (a table is cheaper than a match chain). */
const guards: { readonly [T in Action['type']]: Guard<T> } = {
  login: (_st, _sc, state, { user }) => hasUser(state, user),
  revoke: (_st, _sc, state, { user }) => hasUser(state, user),
  whoami: (_st, _sc, state, { user }) => hasUser(state, user) && state.clients[user].credential !== null,
  addItem: (_st, _sc, state, { user }) => hasUser(state, user) && state.clients[user].credential !== null,
  logout: (_st, _sc, state, { user }) => hasUser(state, user) && state.clients[user].credential !== null,
  refresh: (strategy, _sc, state, { user }) => strategy.refreshTokens && hasUser(state, user) && (state.clients[user].credential?.refresh ?? null) !== null,
  replayStolen: (_st, _sc, state, { user }) => hasUser(state, user) && state.clients[user].stolen !== null,
  replayRefresh: (strategy, _sc, state, { user }) => strategy.refreshTokens && hasUser(state, user) && (state.clients[user].stolen?.refresh ?? null) !== null,
  replayOlder: (_st, _sc, state, { user }) => hasUser(state, user) && state.clients[user].older !== null,
  replayIssued: (_st, _sc, state, { user, index }) => hasUser(state, user) && issuedTo(state, user, index) !== undefined,
  plant: (_st, _sc, state, { user }) => hasUser(state, user) && state.clients[user].credential === null && state.clients[user].stolen !== null,
  forge: (_st, _sc, state, { user }) => hasUser(state, user) && (state.clients[user].credential !== null || state.clients[user].stolen !== null),
  crash: (_st, _sc, state, { node }) => canLoseNode(state, node),
  drain: (_st, _sc, state, { node }) => canLoseNode(state, node),
  restart: (_st, _sc, state, { node }) => state.nodes[node]?.up === false,
  addNode: (_st, scope, state) => state.nodes.length < scope.maxNodes,
  storeDown: (_st, _sc, state) => state.store.up,
  storeUp: (_st, _sc, state) => !state.store.up,
  storeWipe: () => true,
  tick: (_st, scope, state, { seconds }) => scope.ticks.includes(seconds) && state.clock + seconds <= scope.maxClock,
  concurrent: (strategy, scope, state, { requests }) => requests.length >= BATCH_SIZES.min && requests.length <= BATCH_SIZES.max
    && requests.every((r) => (r.type === 'whoami' || r.type === 'addItem') && (guards[r.type] as Guard<BatchRequest['type']>)(strategy, scope, state, r)),
};

/**
 * The `index`-th credential ever issued to `user` (0 the first), in issue order: what
 * `replayIssued(uN,K)` presents. Refresh tokens are not counted (they are presented by refreshing).
 */
export function issuedTo(state: State, user: number, index: number): LedgerEntry | undefined {
  if (!Number.isInteger(index) || index < 0) return undefined;
  let seen = 0;
  for (const e of state.ledger) {
    if (e.owner !== user || e.kind === 'refresh') continue;
    if (seen++ === index) return e;
  }
  return undefined;
}

/** The public string form of an action (a table: this runs on every step of every search). */
export function formatAction(action: Action): string {
  return (formats[action.type] as (a: Action) => string)(action);
}

const byUser = (a: { type: string; user: number }) => `${a.type}(u${a.user})`;
const byNode = (a: { type: string; node: number }) => `${a.type}(n${a.node})`;
const bare = (a: { type: string }) => `${a.type}()`;

const formats: { readonly [T in Action['type']]: (a: Extract<Action, { type: T }>) => string } = {
  login: byUser, whoami: byUser, addItem: byUser, logout: byUser, refresh: byUser, replayStolen: byUser, replayRefresh: byUser, replayOlder: byUser, forge: byUser, plant: byUser, revoke: byUser,
  crash: byNode, restart: byNode, drain: byNode,
  addNode: bare, storeDown: bare, storeUp: bare, storeWipe: bare,
  tick: (a) => `tick(${a.seconds})`,
  replayIssued: (a) => `replayIssued(u${a.user},${a.index})`,
  concurrent: (a) => `concurrent(${a.requests.map(byUser).join(',')})`,
};

const userActions = ['login', 'whoami', 'addItem', 'logout', 'refresh', 'replayStolen', 'replayRefresh', 'revoke', 'replayOlder', 'forge', 'plant'] as const;
const nodeActions = ['crash', 'restart', 'drain'] as const;
const bareActions = ['addNode', 'storeDown', 'storeUp', 'storeWipe'] as const;

/** Every action name, for error messages. */
export const actionTypes: readonly ActionType[] = [...userActions, ...nodeActions, ...bareActions, 'tick', 'replayIssued', 'concurrent'];
const batchActions = ['whoami', 'addItem'] as const;

/** Thrown by {@link parseAction}; `code` is stable. */
export class ActionSyntaxError extends Error {
  readonly code = 'ERR_ACTION_SYNTAX';
  constructor(readonly text: string) {
    super(`cannot read action "${text}": expected one of ${userActions.map((a) => `${a}(uN)`).join(', ')}, `
      + `${nodeActions.map((a) => `${a}(nN)`).join(', ')}, ${bareActions.map((a) => `${a}()`).join(', ')}, tick(SECONDS), replayIssued(uN,K), `
      + `concurrent(R,R[,R]) with each R one of ${batchActions.map((a) => `${a}(uN)`).join(', ')}`);
    this.name = 'ActionSyntaxError';
  }
}

/** Reads an action back from its string form. */
export function parseAction(text: string): Action {
  const batch = /^concurrent\((.*)\)$/.exec(text.trim());
  if (batch) {
    const parts = batch[1].split(',');
    if (parts.length < BATCH_SIZES.min || parts.length > BATCH_SIZES.max) throw new ActionSyntaxError(text);
    return { type: 'concurrent', requests: parts.map((part) => batchRequest(part, text)) };
  }
  const issued = /^replayIssued\(u(\d+),(\d+)\)$/.exec(text.trim());
  if (issued) return { type: 'replayIssued', user: Number(issued[1]), index: Number(issued[2]) };
  const m = /^([a-zA-Z]+)\(([un]?)(\d*)\)$/.exec(text.trim());
  if (!m) throw new ActionSyntaxError(text);
  const [, name, prefix, digits] = m;
  const n = Number(digits);
  if ((userActions as readonly string[]).includes(name) && prefix === 'u' && digits !== '') {
    return { type: name as (typeof userActions)[number], user: n };
  }
  if ((nodeActions as readonly string[]).includes(name) && prefix === 'n' && digits !== '') {
    return { type: name as (typeof nodeActions)[number], node: n };
  }
  if ((bareActions as readonly string[]).includes(name) && prefix === '' && digits === '') {
    return { type: name as (typeof bareActions)[number] };
  }
  if (name === 'tick' && prefix === '' && digits !== '' && n > 0) return { type: 'tick', seconds: n };
  throw new ActionSyntaxError(text);
}

/** One request of a batch (`addItem(u0)`), or the batch's syntax error. */
function batchRequest(part: string, text: string): BatchRequest {
  const m = /^(whoami|addItem)\(u(\d+)\)$/.exec(part.trim());
  if (!m) throw new ActionSyntaxError(text);
  return { type: m[1] as BatchRequest['type'], user: Number(m[2]) };
}
