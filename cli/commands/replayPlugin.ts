/**
 * `sessioncheck replay TOKEN --plugin MODULE[#EXPORT]`: the token's actions played on the plug-in
 * (loaded by module path, as `checkStrategy({ module, export })` does) instead of the model. The
 * token names the model the plug-in was held to; its property judges the plug-in's own trace.
 * Exit 0 when the property fires, 1 when it does not or cannot be judged on a system, 2 on bad
 * usage (a module that cannot be loaded, an unknown target), 3 when the system itself fails.
 */
import { ImplError } from '../../impl/errors.ts';
import { loadPlugin, parsePluginSpec } from '../../impl/plugins/pluginModule.ts';
import { property } from '../../properties/catalog.ts';
import { pluginOpener, usesFakeTime, type PluginTarget } from '../../properties/pluginSystems.ts';
import type { ReplaySpec } from '../../properties/replay.ts';
import { replayableOnSystem, replayOnSystem, type ReplayedStep } from '../../properties/replayOnSystem.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { requireTargetBinaries, stopTargetProcesses } from '../systemTargets.ts';

const PLUGIN_TARGETS: readonly PluginTarget[] = ['impl', 'sockets', 'redis', 'cluster'];

/** The target to replay on: the flag, else the token's own when it is a system target, else impl. */
function targetOf(flag: string | undefined, spec: ReplaySpec): PluginTarget {
  if (flag === undefined) return (PLUGIN_TARGETS as readonly string[]).includes(spec.target) ? spec.target as PluginTarget : 'impl';
  if (!(PLUGIN_TARGETS as readonly string[]).includes(flag)) throw new UsageError('ERR_UNKNOWN_TARGET', `unknown target "${flag}" for a plug-in replay; valid: ${PLUGIN_TARGETS.join(', ')}`);
  return flag as PluginTarget;
}

function row(step: ReplayedStep, index: number): string {
  if (!step.played) return `${index + 1}  ${step.text}  (skipped: not enabled on the system at this step, as a generated run would)`;
  const o = step.observation;
  const node = o.node === undefined ? '-' : `n${o.node}`;
  const answer = o.user === undefined ? String(o.status) : `${o.status} u${o.user}`;
  return `${index + 1}  ${step.text}  ${node}  ${answer}  ${o.storeTrips} trip${o.storeTrips === 1 ? '' : 's'}`;
}

export async function replayOnPlugin(spec: ReplaySpec, flags: { plugin: string; target?: string; fakeTime: boolean }, io: Io): Promise<number> {
  const p = property(spec.property);
  const target = targetOf(flags.target, spec);
  const ref = parsePluginSpec(flags.plugin);
  let strategy;
  try {
    strategy = await loadPlugin(ref);
  } catch (error) {
    if (error instanceof ImplError) throw new UsageError('ERR_FLAG_VALUE', `--plugin ${flags.plugin}: ${error.message}`);
    throw error;
  }
  io.out(`${strategy.name} (held to the ${spec.strategy} model) × ${p.id}: ${p.title}\n`);
  if (!replayableOnSystem(spec)) {
    io.out(`${p.id} is decided by an implementation check of its own, not on a run's trace: nothing to replay. To check it: checkStrategy({ module, export }, { model: '${spec.strategy}', properties: ['${p.id}'] }).\n`);
    return 1;
  }
  let fakeTime: boolean;
  try {
    fakeTime = usesFakeTime(strategy, flags.fakeTime ? true : undefined);
  } catch (error) {
    throw new UsageError('ERR_FLAG_VALUE', (error as Error).message);
  }
  await requireTargetBinaries(target);
  io.out(`recorded on target ${spec.target}; replayed on the plug-in ${flags.plugin} on target ${target}${fakeTime ? ' under fake time (its Date follows the harness clock)' : ''}\n`);
  io.out(`actions: ${spec.actions.join(', ') || '(none)'}\n\n`);
  let replayed;
  try {
    replayed = await replayOnSystem(spec, pluginOpener(strategy, { target, scope: spec.scope, seed: 1, fakeTime }));
  } finally {
    await stopTargetProcesses(target);
    if (fakeTime) await (await import('../../impl/plugins/remoteSystem.ts')).stopSystemProcesses();
  }
  io.out('step  action  node  answer  store trips\n');
  io.out(replayed.steps.map(row).join('\n') + '\n\n');
  if (replayed.fired) {
    io.out(`the check of ${p.id} fires on the plug-in at step ${replayed.fired.step} (${replayed.steps[replayed.fired.step - 1].text}): ${replayed.fired.violation.detail}\n`);
    return 0;
  }
  io.out(`the check of ${p.id} does NOT fire on the plug-in: the counterexample does not reproduce there.\n`);
  return 1;
}
