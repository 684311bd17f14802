/**
 * The shared store as real redis-server processes (targets `redis` and `cluster`, and the
 * failover check). The nodes of an in-process system share one ioredis connection, counted per
 * node by {@link StoreClient}. Faults are real:
 * - `down()`: the connection is closed, then the server is SIGSTOPped. Commands attempted during
 *   the outage fail at once (one counted trip each, as in the model). Closing first matters: a
 *   command written to a stopped Redis sits in its socket buffer and is executed when it resumes
 *   (test/infra pins this), so a logout answered 503 would take effect after all.
 * - `up()`: SIGCONT, reconnect.   - `wipe()`: SIGKILL and a restart on the same port, empty.
 * With a replica (`--replicaof`, asynchronous replication), `pauseReplica()` SIGSTOPs it (the lag
 * asynchronous replication allows) and `failover()` kills the primary, promotes the replica with
 * `REPLICAOF NO ONE` and points the connection at it.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { StoreClient } from '../store/client.ts';
import type { StoreBackend } from '../store/backend.ts';
import { endConnection, realConnections } from '../store/connectionFactories.ts';
import { NodeConnections, type NodeRedis } from '../store/nodeConnections.ts';
import { acquireRedisPair, acquireRedisServer, releaseRedisPair, releaseRedisServer } from './redisPool.ts';
import { RedisServer } from './redisServer.ts';
import { acknowledgeAfterReplication } from './waitForReplica.ts';

/** A primary's replication offset and the one its replica last acknowledged (`INFO replication`; -1 when absent). */
function replicationOffsets(info: string): { primary: number; replica: number } {
  return { primary: Number(/^master_repl_offset:(\d+)/m.exec(info)?.[1] ?? -1), replica: Number(/^slave0:.*\boffset=(\d+)/m.exec(info)?.[1] ?? -1) };
}

/** Options of {@link RedisProcessStore.open}. */
export interface RedisStoreOptions {
  /** Start a replica of the primary too (for failover). */
  readonly replica?: boolean;
  /** Acknowledge writes only after `WAIT 1 <ms>` confirms a replica has them (needs `replica`). */
  readonly waitForReplicaMs?: number;
  /** Client command timeout (ms): a stopped server must fail requests fast. Default 500. */
  readonly commandTimeoutMs?: number;
  /**
   * Refuse every connection the harness did not open: the server gets a password for the run
   * (`requirepass`, reset before it is pooled again) that only the store's own connection and the
   * nodes' `ctx.redis` connections carry, so a plug-in's connection of its own gets `NOAUTH`.
   * Not with a replica (replication would need the password too), nor for node processes that
   * connect by URL (target `cluster`).
   */
  readonly refuseOtherClients?: boolean;
}

/** Real redis-server processes behind one counting connection. */
export class RedisProcessStore implements StoreBackend {
  trips = 0;
  private reachable = true;
  /** The old primary after a failover (frozen), kept to rebuild the pair for reuse. */
  private retired: RedisServer | null = null;
  /** The nodes' own connections (`NodeContext.redis`), cut before the server stops, re-pointed on failover. */
  private readonly nodes: NodeConnections;
  /** The run's password when other clients are refused (see RedisStoreOptions.refuseOtherClients). */
  private password: string | null = null;

  private constructor(private primary: RedisServer, private replica: RedisServer | null, readonly connection: Redis, commandTimeoutMs: number) {
    this.nodes = new NodeConnections(this, realConnections(
      () => ({ host: '127.0.0.1', port: this.primary.port, ...(this.password === null ? {} : { password: this.password }) }), commandTimeoutMs,
    ));
  }

  /** Starts the server(s) and connects. */
  static async open(options: RedisStoreOptions = {}): Promise<RedisProcessStore> {
    // A replicated pair is started fresh (replication state is not reusable); a lone primary may be pooled.
    const [primary, replica] = options.replica ? await acquireRedisPair() : [await acquireRedisServer(), null];
    try {
      const connection = new Redis({
        host: '127.0.0.1', port: primary.port, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0,
        commandTimeout: options.commandTimeoutMs ?? 500, retryStrategy: () => null,
      });
      connection.on('error', () => {}); // failures surface as rejected commands (503)
      if (options.waitForReplicaMs !== undefined) acknowledgeAfterReplication(connection, options.waitForReplicaMs);
      await connection.connect();
      const store = new RedisProcessStore(primary, replica, connection, options.commandTimeoutMs ?? 500);
      if (replica) await store.syncReplica();
      else if (options.refuseOtherClients) await store.requirePassword(randomBytes(18).toString('base64url'));
      return store;
    } catch (error) {
      await primary.stop();
      await replica?.stop();
      throw error;
    }
  }

  /**
   * Sets the server's password; connections already open stay authenticated, and the store's own
   * connection and the nodes' carry it from now on.
   */
  private async requirePassword(password: string): Promise<void> {
    await this.connection.config('SET', 'requirepass', password);
    this.password = password;
    this.connection.options.password = password;
  }

  /** The primary's URL (node processes connect there themselves). */
  get url(): string {
    return this.primary.url;
  }

  /** The primary server process. */
  get server(): RedisServer {
    return this.primary;
  }

  get isUp(): boolean {
    return this.reachable;
  }

  client(): StoreClient {
    return new StoreClient(this.connection, this);
  }

  nodeRedis(): NodeRedis {
    return this.nodes.forNode();
  }

  /** Every key, read on the store's connection outside any node's counter; null while unreachable. */
  async keys(): Promise<string[] | null> {
    if (!this.reachable) return null;
    try {
      return (await this.connection.keys('*')).sort();
    } catch {
      return null;
    }
  }

  async down(): Promise<void> {
    if (!this.reachable) return;
    this.reachable = false;
    await endConnection(this.connection);
    await this.nodes.cut();
    this.primary.pause();
  }

  async up(): Promise<void> {
    if (this.reachable) return;
    this.primary.resume();
    await this.connection.connect();
    await this.nodes.restore();
    this.reachable = true;
  }

  async wipe(): Promise<void> {
    this.reachable = false;
    await endConnection(this.connection);
    await this.nodes.cut();
    await this.primary.killAndRestart();
    // The restarted server has no password yet: connect without one, then set it again.
    const password = this.password;
    delete this.connection.options.password;
    await this.connection.connect();
    if (password !== null) await this.requirePassword(password);
    await this.nodes.restore();
    this.reachable = true;
  }

  /** Waits until the replica has every write the primary has (replication offsets equal). */
  async syncReplica(): Promise<void> {
    // WAIT covers only this connection's writes; the nodes' own connections (`ctx.redis`, which
    // plug-ins write through) are other clients. So the replica's acknowledged offset is compared
    // with the primary's, and WAIT (prompt: the primary asks the replica for an acknowledgement
    // instead of waiting for its next one) is what moves it along.
    if (!this.replica) return;
    // The offset to reach is read first: WAIT's own acknowledgement request moves the primary's on.
    const target = replicationOffsets(await this.connection.info('replication')).primary;
    // Short WAITs, far below the connection's commandTimeout, so a loaded machine slows the loop
    // down instead of turning a late reply into a "Command timed out" error.
    for (let attempt = 0; attempt < 50; attempt++) {
      if ((await this.connection.wait(1, 100)) >= 1 && replicationOffsets(await this.connection.info('replication')).replica >= target) return;
    }
    throw new Error('the replica did not catch up within 5 s');
  }

  /**
   * The replica falls behind: it is SIGSTOPped and the primary drops its replication link
   * (`CLIENT KILL TYPE replica`), so writes acknowledged from now on exist on the primary only —
   * what asynchronous replication permits. (SIGSTOP alone is not enough: the primary keeps
   * streaming into the stopped replica's socket buffer, which it reads when resumed.)
   */
  async pauseReplica(): Promise<void> {
    if (!this.replica) return;
    this.replica.pause();
    const admin = await this.primary.admin();
    try {
      await admin.client('KILL', 'TYPE', 'replica');
    } finally {
      admin.disconnect();
    }
  }

  /**
   * The primary stops answering (SIGSTOP: frozen, as a hung or partitioned primary is — no
   * client reaches it again); the replica is resumed, promoted (`REPLICAOF NO ONE`) and the
   * connection re-pointed at it. Whatever it had not received is lost.
   */
  async failover(): Promise<void> {
    const replica = this.replica;
    if (!replica) throw new Error('failover() needs a store opened with a replica');
    this.reachable = false;
    await endConnection(this.connection);
    await this.nodes.cut();
    this.primary.pause();
    this.retired = this.primary;
    replica.resume();
    const admin = await replica.admin();
    try {
      await admin.replicaof('NO', 'ONE');
    } finally {
      admin.disconnect();
    }
    this.primary = replica;
    this.replica = null;
    this.connection.options.port = replica.port; // the connector reads this object on connect
    await this.connection.connect();
    await this.nodes.restore(); // node connections read the new primary's port on reconnect
    this.reachable = true;
  }

  async close(): Promise<void> {
    await this.nodes.release();
    await endConnection(this.connection);
    this.primary.resume();
    if (this.password !== null) await forgetPassword(this.primary, this.password);
    const other = this.replica ?? this.retired;
    if (other) await releaseRedisPair(this.primary, other);
    else await releaseRedisServer(this.primary);
  }
}

/** Resets the server's password before it is pooled (a server that does not answer is stopped by the pool). */
async function forgetPassword(server: RedisServer, password: string): Promise<void> {
  const admin = new Redis({ host: '127.0.0.1', port: server.port, password, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, commandTimeout: 2000 });
  admin.on('error', () => {});
  try {
    await admin.connect();
    await admin.config('SET', 'requirepass', '');
  } catch {
    // The pool's own check (FLUSHALL without a password) then fails and stops the server.
  } finally {
    admin.disconnect();
  }
}

