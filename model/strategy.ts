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

/** One session strategy of the model (one file each under `model/strategies/`). */
export interface ModelStrategy {
  readonly id: StrategyId;
  readonly lbPolicy: LbPolicy;
  /** Sessions live in node memory (in-memory, sticky): revoking is "killing" them on every node. */
  readonly nodeMemory: boolean;
  /** The strategy answers `POST /refresh` (only jwt-refresh). */
  readonly refreshTokens: boolean;
  serve(state: State, node: number, request: ServerRequest, scope: Scope): Outcome;
}

/** The common answers, so strategy files read as their rules only. */
export const answer = {
  ok: (state: State, storeTrips: number, user?: number, issued?: Credential): Outcome => ({ state, status: 200, storeTrips, user, issued }),
  unauthorized: (state: State, storeTrips: number): Outcome => ({ state, status: 401, storeTrips }),
  /** The store could not be reached: fail closed. The attempt counts as a round trip. */
  storeDown: (state: State): Outcome => ({ state, status: 503, storeTrips: 1 }),
};
