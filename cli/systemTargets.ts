/**
 * What a command needs around a run on the targets with real infrastructure (`redis`: a
 * redis-server per system; `cluster`: HAProxy, node processes and a redis-server): the binaries
 * checked before the run (bad usage, exit 2, naming the apt-get line), and the idle pooled
 * processes stopped after it (they would keep the CLI alive).
 */
import type { Target } from '../properties/results.ts';
import { UsageError } from './errors.ts';

export async function requireTargetBinaries(target: Target): Promise<void> {
  if (target !== 'redis' && target !== 'cluster') return;
  const { binariesFor, findBinary } = await import('../impl/infra/binaries.ts');
  const missing = binariesFor(target).filter((b) => findBinary(b) === null);
  if (missing.length > 0) {
    throw new UsageError('ERR_MISSING_BINARY', `target "${target}" needs ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed (not found on PATH); install with: apt-get install -y ${missing.join(' ')}`);
  }
}

export async function stopTargetProcesses(target: Target): Promise<void> {
  if (target === 'redis' || target === 'cluster') await (await import('../impl/infra/stopIdleProcesses.ts')).stopIdleProcesses();
}
