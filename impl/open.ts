/**
 * Opening a system under test on a target: `impl` (nodes are functions in this process, the
 * balancer calls them directly) or `sockets` (nodes and the balancer are servers on 127.0.0.1).
 * This is the seam the property runner (and `checkStrategy`) call.
 */
import type { Scope } from '../model/index.ts';
import { Cluster } from './cluster/cluster.ts';
import { InProcessHost } from './cluster/host.ts';
import { shutdown } from './cluster/http-bridge.ts';
import { SocketHost, startProxy } from './cluster/sockets.ts';
import { Driver, type SystemUnderTest } from './driver/system.ts';
import { ImplError } from './errors.ts';
import type { JwtAlgorithm } from './jwt/keys.ts';
import type { SessionStrategy } from './strategy.ts';

/**
 * Targets this module opens: `impl`, `sockets`, `redis` (in-process nodes, a real redis-server
 * process) and `cluster` (HAProxy in front of node processes, a real redis-server); see impl/infra.
 */
export type ImplTarget = 'impl' | 'sockets' | 'redis' | 'cluster';

/** Options of {@link openSystem}. */
export interface OpenOptions {
  readonly target: ImplTarget;
  readonly scope: Scope;
  /** Seeds the nodes' faker instances (profiles, cart items). */
  readonly seed: number;
  /** A real Redis (`redis://127.0.0.1:6379`); the default is an embedded ioredis-mock. */
  readonly redisUrl?: string;
  /** JWT signature algorithm (default HS256). */
  readonly jwtAlgorithm?: JwtAlgorithm;
  /** Where nodes report unexpected errors (default: kept silently on the cluster). */
  readonly log?: (message: string, error?: unknown) => void;
  /**
   * `Date` follows the model clock for the strategy's code (see docs/plugins.md, *Time*). It needs
   * a process of the system's own, so the strategy must come from `loadPlugin` (a module path): on
   * target `cluster` the node processes fake it; on the other targets the whole system runs in a
   * child process (impl/plugins/remoteSystem.ts).
   */
  readonly fakeTime?: boolean;
}

/**
 * Starts `strategy` on a target and returns the driver.
 * @example
 * const sut = await openSystem(builtinStrategy('sticky'), { target: 'impl', scope: defaultScope, seed: 1 });
 * await sut.step(parseAction('login(u0)')); // { status: 200, user: 0, node: 0, storeTrips: 0, … }
 * await sut.close();
 */
export async function openSystem(strategy: SessionStrategy, options: OpenOptions): Promise<SystemUnderTest> {
  if (options.fakeTime && options.target !== 'cluster') return (await import('./plugins/remoteSystem.ts')).openRemoteSystem(strategy, options);
  const common = { strategy, scope: options.scope, seed: options.seed, redisUrl: options.redisUrl, jwtAlgorithm: options.jwtAlgorithm, log: options.log };
  if (options.target === 'impl') {
    const cluster = await Cluster.start({ ...common, host: new InProcessHost() });
    const transport = (path: string, init: RequestInit) => cluster.dispatch(new Request(`http://sessioncheck.internal${path}`, init));
    return new Driver(cluster, transport, options.scope.users, () => cluster.close());
  }
  if (options.target === 'sockets') {
    const host = new SocketHost((error) => options.log?.('socket error', error));
    const cluster = await Cluster.start({ ...common, host });
    const proxy = await startProxy(cluster, host);
    const base = `http://127.0.0.1:${proxy.port}`;
    const transport = (path: string, init: RequestInit) => fetch(base + path, init);
    return new Driver(cluster, transport, options.scope.users, async () => {
      await shutdown(proxy.server);
      await cluster.close();
    });
  }
  if (options.target === 'redis') return (await import('./infra/openRedis.ts')).openRedisSystem(strategy, options);
  if (options.target === 'cluster') return (await import('./infra/processCluster.ts')).openProcessCluster(strategy, options);
  throw new ImplError('ERR_BAD_OPTION', `unknown target "${String(options.target)}"; valid: impl, sockets, redis, cluster`);
}
