/**
 * How a cluster reaches its nodes. The in-process host calls `handle` directly; the sockets
 * host (sockets.ts) puts each node behind its own `node:http` server on a loopback port.
 */
import type { PeerNode, SessionNode } from '../strategy.ts';

/** Where nodes run. */
export interface NodeHost {
  /** Makes a started node reachable; returns how to send it requests. */
  attach(nodeId: number, node: SessionNode): Promise<PeerNode>;
  /** Stops reaching a node (before it is closed). */
  detach(nodeId: number): Promise<void>;
  /** Releases everything the host opened. */
  close(): Promise<void>;
}

/** Nodes as plain functions in this process (target `impl`). */
export class InProcessHost implements NodeHost {
  async attach(nodeId: number, node: SessionNode): Promise<PeerNode> {
    return { nodeId, send: (request) => node.handle(request) };
  }

  async detach(): Promise<void> {}

  async close(): Promise<void> {}
}
