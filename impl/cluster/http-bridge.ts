/**
 * Bridging `node:http` and the Fetch API: serving a `handle(Request)` function on a loopback
 * port, and listening/closing helpers. Servers only ever bind 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

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
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  };
  const response = await handle(new Request(`http://127.0.0.1${req.url ?? '/'}`, init));
  await writeResponse(response, res);
}

/** Writes a Fetch `Response` to a `node:http` response (repeated Set-Cookie kept apart). */
export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  const body = Buffer.from(await response.arrayBuffer());
  out['content-length'] = String(body.byteLength);
  res.writeHead(response.status, out);
  res.end(body);
}
