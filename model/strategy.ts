/**
 * The contract every model strategy fulfils: how one node answers one request.
 * Routing, clients, the ledger and faults are handled once, in `nextState`.
 */
import type { Credential, LbPolicy, Scope, State, Status, StrategyId } from './types.ts';

/** A request as a node receives it, after the load balancer. */
export type ServerRequest =
  | { readonly type: 'login'; readonly user: number }
  | { readonly type: 'whoami'; readonly credential: Credential }
  | { readonly type: 'addItem'; readonly credential: Credential }
  | { readonly type: 'logout'; readonly credential: Credential }
  | { readonly type: 'refresh'; readonly credential: Credential }
  | { readonly type: 'revoke'; readonly user: number };

/** A node's answer, with the world as the request left it. */
export interface Outcome {
  readonly state: State;
  readonly status: Status;
  /** The user the answer is for (authenticated 200s). */
  readonly user?: number;
  readonly storeTrips: number;
  /** A credential issued to the caller (login, refresh, a JWT re-signed with a bigger cart). */
  readonly issued?: Credential;
}

/** How a node answers one kind of request. */
export type Handler<R extends ServerRequest> = (state: State, node: number, request: R, scope: Scope) => Outcome;

/**
 * One handler per request type. The mapped type makes the table exhaustive at compile time, and a
 * table lookup is far cheaper on the hot path than a pattern-matching chain.
 */
export type Handlers = { readonly [T in ServerRequest['type']]: Handler<Extract<ServerRequest, { type: T }>> };

/** One session strategy of the model (one file each under `model/strategies/`). */
export interface ModelStrategy {
  readonly id: StrategyId;
  readonly lbPolicy: LbPolicy;
  /** Sessions live in node memory (in-memory, sticky): revoking is "killing" them on every node. */
  readonly nodeMemory: boolean;
  /** The strategy answers `POST /refresh` (only jwt-refresh). */
  readonly refreshTokens: boolean;
  readonly handlers: Handlers;
}

/** Lets the strategy's node answer a request. */
export function serve(strategy: ModelStrategy, state: State, node: number, request: ServerRequest, scope: Scope): Outcome {
  return (strategy.handlers[request.type] as Handler<ServerRequest>)(state, node, request, scope);
}

/** The common answers, so strategy files read as their rules only. */
export const answer = {
  ok: (state: State, storeTrips: number, user?: number, issued?: Credential): Outcome => ({ state, status: 200, storeTrips, user, issued }),
  unauthorized: (state: State, storeTrips: number): Outcome => ({ state, status: 401, storeTrips }),
  /** The store could not be reached: fail closed. The attempt counts as a round trip. */
  storeDown: (state: State): Outcome => ({ state, status: 503, storeTrips: 1 }),
};
