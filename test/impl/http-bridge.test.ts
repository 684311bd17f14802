import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../impl/index.ts';
import { shutdown, type Listening } from '../../impl/cluster/http-bridge.ts';
import { SocketHost, startProxy } from '../../impl/cluster/sockets.ts';
import type { SessionStrategy } from '../../impl/strategy.ts';
import { defaultScope } from '../../model/index.ts';

/** More than the proxy collects into one buffer (it pipes larger answers). */
const BIG = 200_000;

/** Errors the node servers reported (a sound run has none). */
const socketErrors: unknown[] = [];

/** Every request a node received (method and path), in order. */
const seen: string[] = [];

/** Nodes that echo what they were sent; `/big` answers BIG bytes. */
const echo: SessionStrategy = {
  name: 'echo',
  lbPolicy: 'sticky',
  createNode: () => ({
    async handle(req: Request): Promise<Response> {
      const path = new URL(req.url).pathname;
      seen.push(`${req.method} ${path}`);
      if (path === '/big') return new Response('x'.repeat(BIG), { headers: { 'content-type': 'text/plain' } });
      if (path === '/empty') return new Response(null, { status: 204 });
      if (path === '/auth') return Response.json({ authorization: req.headers.get('authorization') });
      if (path === '/hop') return Response.json({ body: await req.text(), x: req.headers.get('x-many'), hop: req.headers.get('x-hop'), keepAlive: req.headers.get('keep-alive') }, { status: 201 });
      const body = req.body === null ? null : await req.text();
      const headers = new Headers({ 'content-type': 'application/json' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      return new Response(JSON.stringify({ method: req.method, body, cookie: req.headers.get('cookie'), x: req.headers.get('x-many') }), { status: 201, headers });
    },
    localSessionCount: () => 0,
    close: async () => {},
  }),
};

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP/1.1 request, so chunked bodies and repeated headers can be sent as such. */
function send(port: number, method: string, path: string, headers: Record<string, string | string[]>, body?: string | string[]): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    for (const part of Array.isArray(body) ? body : body === undefined ? [] : [body]) req.write(part);
    req.end();
  });
}

describe('the reverse proxy and the node servers pass requests and answers through unchanged', () => {
  let cluster: Cluster;
  let proxy: Listening;
  beforeAll(async () => {
    const host = new SocketHost((error) => socketErrors.push(error));
    cluster = await Cluster.start({ strategy: echo, scope: defaultScope, seed: 1, host });
    proxy = await startProxy(cluster, host);
  });
  afterAll(async () => {
    await shutdown(proxy.server);
    await cluster.close();
    expect(newErrors()).toEqual([]);
  });

  // Whatever a test sent, every answer was served without an unexpected error. Each test is
  // charged with the errors reported while it ran (one reported later, by the next test or afterAll).
  const reported = { cluster: 0, sockets: 0 };
  const newErrors = () => {
    const since = [...cluster.errors.slice(reported.cluster), ...socketErrors.slice(reported.sockets)];
    reported.cluster = cluster.errors.length;
    reported.sockets = socketErrors.length;
    return since;
  };
  afterEach(() => {
    expect(newErrors()).toEqual([]);
  });

  it('a body of declared length, and repeated Set-Cookie kept apart next to the balancer pin', async () => {
    const res = await send(proxy.port, 'POST', '/x', { 'content-type': 'application/json' }, '{"user":"u0"}');
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ method: 'POST', body: '{"user":"u0"}', cookie: null, x: null });
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/', expect.stringMatching(/^lb=n[01];/)]);
    expect(res.headers['x-sessioncheck-node']).toMatch(/^n[01]$/);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
  });

  it('a chunked body (no declared length) is streamed to the handler intact', async () => {
    const res = await send(proxy.port, 'POST', '/x', { 'transfer-encoding': 'chunked' }, ['{"us', 'er":', '"u1"}']);
    expect(JSON.parse(res.body).body).toBe('{"user":"u1"}');
  });

  it('a large body arrives whole', async () => {
    const big = 'y'.repeat(BIG);
    const res = await send(proxy.port, 'PUT', '/x', {}, big);
    expect(JSON.parse(res.body).body).toBe(big);
  });

  it('GET has no body; repeated request headers are combined as before', async () => {
    const res = await send(proxy.port, 'GET', '/x', { cookie: ['sid=a', 'lb=n1'], 'x-many': ['1', '2'] });
    expect(JSON.parse(res.body)).toEqual({ method: 'GET', body: null, cookie: 'sid=a; lb=n1', x: '1, 2' });
  });

  it('an answer larger than the proxy collects is piped whole; an empty one has no body', async () => {
    const big = await send(proxy.port, 'GET', '/big', {});
    expect(big.body).toBe('x'.repeat(BIG));
    expect(big.headers['content-length']).toBe(String(BIG));
    const empty = await send(proxy.port, 'GET', '/empty', {});
    expect([empty.status, empty.body]).toEqual([204, '']);
  });


  it('a repeated Authorization header reaches the node as the node sees it directly (both values), not as the first alone', async () => {
    const res = await send(proxy.port, 'GET', '/auth', { authorization: ['Bearer first', 'Bearer second'] });
    expect(JSON.parse(res.body)).toEqual({ authorization: 'Bearer first, Bearer second' });
  });

  it('drops hop-by-hop headers (and those Connection names) instead of forwarding them to the node', async () => {
    const answer = await send(proxy.port, 'POST', '/hop', { connection: 'keep-alive, x-hop', 'keep-alive': 'timeout=5', 'x-hop': 'one hop only', 'x-many': 'kept', 'content-type': 'text/plain' }, 'hi');
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toEqual({ body: 'hi', x: 'kept', hop: null, keepAlive: null });
  });

  /** Writes raw bytes to the proxy and reads until it closes the connection. */
  const raw = (text: string): Promise<string> => new Promise((resolve, reject) => {
    const socket = connect(proxy.port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });

  it.each([
    ['a chunked GET', (inner: string) => `GET /outer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${inner.length.toString(16)}\r\n${inner}\r\n0\r\n\r\n`],
    ['a POST whose Connection names content-length', (inner: string) => `POST /outer HTTP/1.1\r\nHost: x\r\nContent-Length: ${inner.length}\r\nConnection: close, content-length\r\n\r\n${inner}`],
  ] as const)('keeps the body of %s framed: a request inside it never reaches a node as a request', async (_name, outer) => {
    seen.length = 0;
    const inner = 'GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n';
    await raw(outer(inner));
    await raw('GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(seen.filter((r) => r.endsWith('/smuggled'))).toEqual([]);
    expect(seen.map((r) => r.split(' ')[1])).toEqual(['/outer', '/next']);
  });
});
