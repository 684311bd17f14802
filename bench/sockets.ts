/**
 * Requests per second through the `sockets` target: the driver sends `whoami` requests one after
 * another through the reverse proxy on 127.0.0.1 to node servers on 127.0.0.1 (HTTP over loopback
 * both hops), after one login. Bounded in count; every server is stopped at the end.
 */
import { builtinStrategy, openSystem } from '../impl/index.ts';
import { parseAction } from '../model/actions.ts';
import { defaultScope } from '../model/scope.ts';
import type { StrategyId } from '../model/types.ts';

export interface SocketsBench {
  readonly strategy: StrategyId;
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly refused: number;
}

export async function benchSockets(strategies: readonly StrategyId[], requests: number): Promise<SocketsBench[]> {
  const out: SocketsBench[] = [];
  const whoami = parseAction('whoami(u0)');
  for (const strategy of strategies) {
    const sut = await openSystem(builtinStrategy(strategy), { target: 'sockets', scope: defaultScope, seed: 1 });
    try {
      await sut.step(parseAction('login(u0)'));
      for (let i = 0; i < 50; i++) await sut.step(whoami); // warm-up
      let refused = 0;
      const t0 = performance.now();
      for (let i = 0; i < requests; i++) if ((await sut.step(whoami)).status !== 200) refused++;
      const seconds = (performance.now() - t0) / 1000;
      out.push({ strategy, requests, seconds: Number(seconds.toFixed(3)), requestsPerSecond: Math.round(requests / seconds), refused });
    } finally {
      await sut.close();
    }
  }
  return out;
}
