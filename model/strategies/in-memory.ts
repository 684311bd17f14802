/** `in-memory`: sessions in node memory behind a plain round-robin balancer (the broken baseline). */
import type { ModelStrategy } from '../strategy.ts';
import { nodeMemoryHandlers } from './node-memory.ts';

export const inMemory: ModelStrategy = {
  id: 'in-memory',
  lbPolicy: 'round-robin',
  nodeMemory: true,
  refreshTokens: false,
  handlers: nodeMemoryHandlers,
};
