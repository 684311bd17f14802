import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../../impl/index.ts';
import { checkConformance } from '../../properties/checkConformance.ts';
import { strategyIds } from '../../model/index.ts';

describe('every built-in strategy conforms over loopback sockets behind the reverse proxy', () => {
  for (const id of strategyIds) {
    it(`${id}: 12 generated programs, every request over 127.0.0.1 through the proxy`, async () => {
      const result = await checkConformance(builtinStrategy(id), id, { target: 'sockets', runs: 12, seed: 7, maxCommands: 15 });
      expect(result).toEqual({ verdict: 'holds', runs: 12 });
    });
  }
});
