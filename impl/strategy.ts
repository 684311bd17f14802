/**
 * The public plug-in API: what a session strategy is to sessioncheck. A strategy names its load
 * balancer policy and creates nodes; a node is an HTTP application on the Fetch API plus two
 * hooks the harness needs (how many sessions it holds in its own memory, and closing it).
 *
 * Wire conventions the harness's clients follow (so any strategy can be driven):
 * - `POST /login` and `POST /admin/revoke` take `{"user": "uN"}` (JSON); admin routes need the
 *   `x-admin-key` header (`ctx.keys.adminKey`).
 * - A credential is issued as `Set-Cookie` (any cookie but the balancer's `lb`) and/or JSON body
 *   fields `token` (or `accessToken`) and `refreshToken`. Clients send cookies back, the token as
 *   `Authorization: Bearer`, and `{"refreshToken": …}` as the JSON body of `/refresh` and `/logout`.
 * - An authenticated 200 answers `{"user": "uN", …}`; 401 means "who are you?"; 503 means the
 *   store could not be reached.
 * - Optional: a 200 from `GET /me` may report the session's cart count as `{"items": N}` (a
 *   non-negative integer). It is what makes a lost update visible on the wire: after a batch of
 *   concurrent requests, every acknowledged `addItem` must show in it (`concurrency.no-lost-update`).
 *   The built-ins report it.
 */
import type { Faker } from '@faker-js/faker';
import type { Redis } from 'ioredis';
import type { LbPolicy, Scope } from '../model/index.ts';
import type { Clock } from './clock.ts';
import type { KeyMaterial } from './jwt/keys.ts';
import type { StoreClient } from './store/client.ts';

/** Another live node, reachable on the cluster's control plane (not through the balancer). */
export interface PeerNode {
  readonly nodeId: number;
  send(request: Request): Promise<Response>;
}

/** Everything a node gets from the harness. */
export interface NodeContext {
  /** Index of the node (`n0` is 0). */
  readonly nodeId: number;
  /** This node's connection to the shared store; every call is one counted round trip. */
  readonly store: StoreClient;
  /**
   * This node's own ioredis client on the same shared store, for third-party code that wants one
   * (connect-redis, rate limiters): ioredis itself (over the embedded ioredis-mock, or a real
   * Redis on targets `redis` and with a Redis URL), counted like `store`: every command is one
   * round trip, a pipeline or MULTI one at `exec()`, `duplicate()` opens another counted
   * connection. When the store is down (the harness's `storeDown`, a failed connection, a closed
   * system) a command rejects with `StoreUnavailableError` (code `ERR_STORE_UNAVAILABLE`, ioredis's
   * error as `cause`): answer 503. Reply errors (`WRONGTYPE`, `ERR …`) pass through unchanged.
   * Opened on first use; closed by the harness when the node halts. Do not open store connections
   * of your own: they would not be counted or cut (the store's address is not part of the
   * context; see docs/plugins.md).
   */
  readonly redis: Redis;
  /** The injected clock (model seconds); expiry decisions must read it, never wall time. */
  readonly clock: Clock;
  /** JWT keys and the admin key, shared by all nodes of the system. */
  readonly keys: KeyMaterial;
  readonly scope: Scope;
  /** Faker seeded for this node incarnation; use it for all generated data. */
  readonly faker: Faker;
  /** The run's seed. */
  readonly seed: number;
  /** The other live nodes (for strategies whose admin revoke must reach every node). */
  peers(): readonly PeerNode[];
  /** Report an unexpected error (tests collect these). */
  log(message: string, error?: unknown): void;
}

/** One running node of a strategy. */
export interface SessionNode {
  /** The HTTP application. Must never reject: refusals are responses. */
  handle(request: Request): Promise<Response>;
  /**
   * Live per-client records held in this node's own memory (0 for stateless nodes). Optional: a
   * strategy that does not report it gets `n/a` for `stateless.no-node-memory`, never `holds`.
   */
  localSessionCount?(): number;
  /** Releases the node (its memory is gone after this). */
  close(): Promise<void>;
}

/**
 * What a strategy can do, declared by it: properties about a capability it lacks are `n/a` for it
 * (never `holds`), and the harness checks its trace against the declaration.
 */
export interface Capabilities {
  /** It issues refresh tokens (`refreshToken` in a body) and answers `POST /refresh`. Default false. */
  readonly refreshTokens?: boolean;
  /**
   * Its expiry decisions read wall time (`Date.now()`, real Redis TTLs) instead of `ctx.clock`,
   * as third-party middleware does. The harness's clock cannot reach it, so its generated programs
   * never move the clock (`tick`) and the properties that need time to pass (`safety.expiry`,
   * `revocation.bounded`) are `n/a` with a note, never judged on a clock the system does not read.
   * Default false.
   */
  readonly wallClock?: boolean;
}

/** A session strategy: the unit users plug in. */
export interface SessionStrategy {
  /** What it can do (default: nothing optional). */
  readonly capabilities?: Capabilities;
  /** A human-readable name (built-ins use the model's strategy IDs). */
  readonly name: string;
  /** How the balancer in front of the nodes routes requests. */
  readonly lbPolicy: LbPolicy;
  /**
   * Starts a node (at system start, on restart, after a drain, on addNode). Checks run several
   * systems of one strategy at once (`concurrency`), so this may be called for nodes of different
   * systems side by side: keep state in the node (or in `ctx.store`), never in the strategy object.
   */
  createNode(ctx: NodeContext): SessionNode | Promise<SessionNode>;
}
