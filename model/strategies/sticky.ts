/**
 * `sticky`: sessions in node memory, and a balancer that pins each client to a node with an
 * affinity cookie, redispatching to a live node when the pinned one is down (HAProxy's default
 * with `option redispatch`).
 */
import type { ModelStrategy } from '../strategy.ts';
import { nodeMemoryHandlers } from './node-memory.ts';

export const sticky: ModelStrategy = {
  id: 'sticky',
  lbPolicy: 'sticky',
  nodeMemory: true,
  refreshTokens: false,
  handlers: nodeMemoryHandlers,
};
