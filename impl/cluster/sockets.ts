/**
 * Target `sockets`: every node is a `node:http` server on its own 127.0.0.1 ephemeral port, and
 * the load balancer is a reverse-proxy server on 127.0.0.1 that forwards requests over real TCP
 * with `http.request` (the same Balancer as in-process, so the policies cannot differ).
 */
import { Agent, request as httpRequest, createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { PeerNode, SessionNode } from '../strategy.ts';
import { affinityFromCookieHeader } from './balancer.ts';
import type { Cluster } from './cluster.ts';
import type { NodeHost } from './host.ts';
import { listen, serveFetch, shutdown, type Listening } from './http-bridge.ts';

/** Nodes behind loopback servers. */
export class SocketHost implements NodeHost {
  private readonly servers = new Map<number, Listening>();
  /** Keep-alive connections from the proxy (and peers) to the nodes. */
  readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly onError: (error: unknown) => void) {}

  /** The port node `n` listens on, if it is attached. */
  port(nodeId: number): number | undefined {
    return this.servers.get(nodeId)?.port;
  }

  async attach(nodeId: number, node: SessionNode): Promise<PeerNode> {
    const listening = await listen(serveFetch((r) => node.handle(r), this.onError));
    this.servers.set(nodeId, listening);
    const base = `http://127.0.0.1:${listening.port}`;
    return {
      nodeId,
      send: (req) => fetch(new URL(new URL(req.url).pathname, base), {
        method: req.method, headers: req.headers, body: req.body, duplex: 'half',
      } as RequestInit),
    };
  }

  async detach(nodeId: number): Promise<void> {
    const listening = this.servers.get(nodeId);
    this.servers.delete(nodeId);
    if (listening) await shutdown(listening.server);
  }

  async close(): Promise<void> {
    await Promise.all([...this.servers.keys()].map((n) => this.detach(n)));
    this.agent.destroy();
  }
}

/** The balancer as a reverse proxy on 127.0.0.1; resolves with its port. */
export async function startProxy(cluster: Cluster, host: SocketHost): Promise<Listening> {
  const server: Server = createServer((req, res) => proxy(cluster, host, req, res));
  server.keepAliveTimeout = 5_000;
  return listen(server);
}

function proxy(cluster: Cluster, host: SocketHost, req: IncomingMessage, res: ServerResponse): void {
  const fail = (): void => {
    if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"error":"ERR_NO_LIVE_NODE"}');
  };
  const node = cluster.balancer.pick(affinityFromCookieHeader(req.headers.cookie ?? null));
  const port = node === null ? undefined : host.port(node);
  if (node === null || port === undefined) {
    req.resume();
    fail();
    return;
  }
  const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent: host.agent }, (answer) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) headers[name] = value;
    for (const [name, value] of cluster.balancer.responseHeaders(node)) {
      const existing = headers[name];
      headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    res.writeHead(answer.statusCode ?? 503, headers);
    answer.pipe(res);
  });
  upstream.on('error', fail);
  req.pipe(upstream);
}
