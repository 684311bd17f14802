/**
 * Bridging `node:http` and the Fetch API: serving a `handle(Request)` function on a loopback
 * port, and listening/closing helpers. Servers only ever bind 127.0.0.1.
 *
 * The conversions are on every request of the `sockets` target, so they do the least the Fetch
 * API allows: headers go to `new Request` as `[name, value]` pairs (no intermediate `Headers`),
 * the answer's body is read off its stream reader (not `arrayBuffer()`, which copies), and the
 * response is written with one `end()` (headers and body together).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

const EMPTY = Buffer.alloc(0);

/** A server on 127.0.0.1 and its ephemeral port. */
export interface Listening {
  readonly server: Server;
  readonly port: number;
}

/** Listens on an ephemeral loopback port. */
export function listen(server: Server): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

/** Stops accepting, drops keep-alive connections, and waits for the close. */
export function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A `node:http` server answering with a Fetch API handler. */
export function serveFetch(handle: (request: Request) => Promise<Response>, onError: (error: unknown) => void): Server {
  const server = createServer((req, res) => {
    respond(req, res, handle).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"ERR_BAD_REQUEST"}');
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function respond(req: IncomingMessage, res: ServerResponse, handle: (request: Request) => Promise<Response>): Promise<void> {
  const raw = req.rawHeaders;
  const headers: [string, string][] = new Array(raw.length >> 1);
  for (let i = 0; i < raw.length; i += 2) headers[i >> 1] = [raw[i], raw[i + 1]];
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = hasBody
    ? { method: req.method, headers, body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' }
    : { method: req.method, headers };
  const response = await handle(new Request(`http://127.0.0.1${req.url ?? '/'}`, init));
  await writeResponse(response, res);
}

/** Writes a Fetch `Response` to a `node:http` response (repeated Set-Cookie kept apart). */
export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const out: Record<string, string | string[]> = {};
  let cookies = false;
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') cookies = true;
    else out[name] = value;
  });
  if (cookies) out['set-cookie'] = response.headers.getSetCookie();
  const body = response.body === null ? EMPTY : await readAll(response.body);
  out['content-length'] = String(body.byteLength);
  res.writeHead(response.status, out);
  res.end(body);
}

/** A body stream's bytes: read off the reader (one chunk for the apps' bodies, kept without a copy). */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const reader = stream.getReader();
  let first: Uint8Array | undefined;
  let rest: Uint8Array[] | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (first === undefined) first = value;
    else (rest ??= []).push(value);
  }
  if (first === undefined) return EMPTY;
  return rest === undefined ? Buffer.from(first.buffer, first.byteOffset, first.byteLength) : Buffer.concat([first, ...rest]);
}
