/**
 * Runs a Node request listener (`(req, res) => void`: an Express app, a connect stack) as the
 * Fetch-API `handle(Request): Promise<Response>` a sessioncheck node is, in process: the request
 * becomes an `http.IncomingMessage` on an unconnected socket, the answer is read from the
 * `http.ServerResponse` when the app ends it. No port is opened.
 *
 * The adapter stands where the balancer's TLS termination would: it adds
 * `X-Forwarded-Proto: https`, so an app that sets `trust proxy` (as Express's docs ask behind a
 * proxy) sees a secure request and sets its `Secure` cookies.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

/** A Node request listener, as `http.createServer` takes it. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * @example
 * const handle = fetchHandler(expressApp);
 * const response = await handle(new Request('http://n0.internal/me', { headers: { cookie } }));
 */
export function fetchHandler(listener: NodeListener): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = Buffer.from(await request.arrayBuffer());
    const socket = new Socket();
    const req = new IncomingMessage(socket);
    const url = new URL(request.url);
    req.method = request.method;
    req.url = url.pathname + url.search;
    req.httpVersion = '1.1';
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    const headers: Record<string, string> = { host: url.host, 'x-forwarded-proto': 'https' };
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body.length > 0) headers['content-length'] = String(body.length);
    req.headers = headers;
    req.rawHeaders = Object.entries(headers).flat();
    if (body.length > 0) req.push(body);
    req.push(null);

    const res = new ServerResponse(req);
    try {
      return await new Promise<Response>((resolve, reject) => {
        const chunks: Buffer[] = [];
        const collect = (chunk: unknown, encoding?: unknown): void => {
          if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
          chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8'));
        };
        // Set before the app runs, so middleware that wraps write/end (express-session does) wraps these.
        res.write = ((chunk: unknown, encoding?: unknown) => {
          if (!res.headersSent) res.writeHead(res.statusCode);
          collect(chunk, encoding);
          return true;
        }) as typeof res.write;
        res.end = ((chunk?: unknown, encoding?: unknown) => {
          try {
            // writeHead is where onHeaders hooks run (express-session sets its cookie there).
            if (!res.headersSent) res.writeHead(res.statusCode);
            collect(chunk, encoding);
            const out = new Headers();
            for (const [name, value] of Object.entries(res.getHeaders())) {
              for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) out.append(name, String(v));
            }
            const status = res.statusCode;
            const payload = status === 204 || status === 304 || request.method === 'HEAD' ? null : Buffer.concat(chunks);
            resolve(new Response(payload, { status, headers: out }));
            res.emit('finish');
          } catch (error) {
            reject(error);
          }
          return res;
        }) as typeof res.end;
        listener(req, res);
      });
    } finally {
      socket.destroy();
    }
  };
}
