import type { SystemUnderTest } from '../driver/system.ts';
import type { OpenOptions } from '../open.ts';
import type { SessionStrategy } from '../strategy.ts';
export async function openProcessCluster(_strategy: SessionStrategy, _options: OpenOptions): Promise<SystemUnderTest> {
  throw new Error('not yet');
}
