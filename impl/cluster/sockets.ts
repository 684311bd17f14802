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

/** Upstream answers up to this many declared bytes are collected and sent with one `end()`. */
const COLLECTED_ANSWER_BYTES = 64 * 1024;

/**
 * Forwards one request to the node the balancer picks, over a keep-alive connection, and its
 * answer back with the balancer's headers added. End-to-end headers pass through unchanged both
 * ways (hop-by-hop ones are dropped, see {@link endToEnd}); a
 * request without a body ends upstream at once (nothing to pipe), and a small answer of declared
 * length is written with its headers in one `end()` (larger ones are piped).
 */
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
  const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: withRepeatedCredentials(req, endToEnd(req.headers)), agent: host.agent }, (answer) => {
    const headers = endToEnd(answer.headers);
    for (const [name, value] of cluster.balancer.responseHeaders(node)) {
      const existing = headers[name];
      headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    const status = answer.statusCode ?? 503;
    const declared = answer.headers['transfer-encoding'] === undefined ? Number(answer.headers['content-length']) : NaN;
    if (!(declared <= COLLECTED_ANSWER_BYTES)) {
      res.writeHead(status, headers);
      answer.pipe(res);
      return;
    }
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.once('end', () => {
      res.writeHead(status, headers);
      res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    answer.once('error', () => res.destroy());
  });
  upstream.on('error', fail);
  if (hasBody(req)) req.pipe(upstream);
  else upstream.end();
}

/**
 * Hop-by-hop fields (RFC 9110 §7.6.1): they describe one connection, and a proxy drops them.
 * `Transfer-Encoding` is hop-by-hop too but stays: it frames the body the proxy pipes on (node's
 * `http.request` does not chunk a GET's body by itself, so without it a body would travel
 * unframed on the pooled connection and the node would read it as another request).
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);
/** Fields a `Connection` header may not remove: the framing and the target. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'host']);

/**
 * The end-to-end headers of a message (plus its framing): without the hop-by-hop fields and
 * those its `Connection` names. A client's `Connection: close` then closes its own connection,
 * not the pooled one to the node.
 */
function endToEnd(headers: IncomingMessage['headers']): Record<string, string | string[] | undefined> {
  const named = String(headers.connection ?? '').toLowerCase().split(',').map((t) => t.trim()).filter((t) => t && !FRAMING.has(t));
  const out: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && !named.includes(name)) out[name] = value;
  return out;
}

/** Credential fields whose repeated lines Node's `req.headers` drops after the first. */
const CREDENTIAL_FIELDS = ['authorization', 'proxy-authorization'] as const;

/**
 * A repeated Authorization reaches the node as it would reach the node directly (the lines joined
 * with ", ", as the Fetch API combines them, which the apps refuse with 400): `req.headers` keeps
 * only the first line, so the node would judge another request than the one sent.
 */
function withRepeatedCredentials(req: IncomingMessage, headers: Record<string, string | string[] | undefined>): Record<string, string | string[] | undefined> {
  for (const name of CREDENTIAL_FIELDS) {
    const lines = req.headersDistinct[name];
    if (lines !== undefined && lines.length > 1 && headers[name] !== undefined) headers[name] = lines.join(', ');
  }
  return headers;
}

/** Whether a request carries a body (HTTP/1.1: a Content-Length other than 0, or Transfer-Encoding). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
