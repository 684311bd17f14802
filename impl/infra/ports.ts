/** Ephemeral loopback ports for processes that take a port number (redis-server, haproxy). */
import { createServer } from 'node:net';

/**
 * A port that was free on 127.0.0.1 a moment ago (the kernel picks it: bind to 0, read, close).
 * Another process could take it before ours binds, so callers retry on a failed start.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
