/**
 * `sessioncheck replay TOKEN`: re-runs a counterexample on the model, prints its trace, and says
 * whether the property's check fires at the last step. Exit 0 only when it does (the
 * counterexample reproduces); 1 when it does not or when nothing could be checked (no actions, an
 * action the model does not enable at its step, or a property the model does not decide); 2 when
 * the token cannot be read. With `--plugin MODULE[#EXPORT]` the actions are played on that
 * plug-in instead (replayPlugin.ts).
 */
import { isEnabled } from '../../model/actions.ts';
import { modelStrategy } from '../../model/registry.ts';
import { property } from '../../properties/catalog.ts';
import { decodeReplay, modelTrace, ReplayTokenError, type ReplaySpec, type TraceStep } from '../../properties/replay.ts';
import { traceRows } from '../../reports/trace.ts';
import { traceText } from '../../reports/traceText.ts';
import { parseFlags } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';
import { replayOnPlugin } from './replayPlugin.ts';

function read(token: string): ReplaySpec {
  try {
    return decodeReplay(token);
  } catch (error) {
    if (error instanceof ReplayTokenError) {
      throw new UsageError('ERR_BAD_REPLAY_TOKEN', `${error.message}. Tokens look like "sc1.eyJ…" and come from verify, explore or a report's "Replay it" line`);
    }
    throw error;
  }
}

function trace(spec: ReplaySpec): TraceStep[] {
  try {
    return modelTrace(spec.strategy, spec.scope, spec.actions);
  } catch (error) {
    throw new UsageError('ERR_BAD_REPLAY_TOKEN', `the token's actions cannot be replayed on the model: ${(error as Error).message}`);
  }
}

export const replay: Command = async (args, io) => {
  const { positionals, values } = parseFlags(args, { plugin: { type: 'string' }, target: { type: 'string' }, 'fake-time': { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('ERR_MISSING_ARGUMENT', 'replay takes exactly one token: sessioncheck replay sc1.…');
  const spec = read(positionals[0]);
  if (values.plugin !== undefined) return replayOnPlugin(spec, { plugin: values.plugin, target: values.target, fakeTime: values['fake-time'] === true }, io);
  if (values.target !== undefined || values['fake-time']) throw new UsageError('ERR_FLAG_VALUE', '--target and --fake-time choose where a plug-in replays: use them with --plugin MODULE[#EXPORT] (without it the token replays on the model)');
  const p = property(spec.property);
  const all = trace(spec);
  const model = modelStrategy(spec.strategy);
  // Verify and explore record only enabled actions; a disabled one would be skipped there, so the
  // trace stops before it rather than show a state no run can reach.
  const disabled = all.find((s) => !isEnabled(model, spec.scope, s.before, s.action));
  const steps = disabled ? all.slice(0, disabled.index) : all;
  const { users, nodes } = spec.scope;
  io.out(`${spec.strategy} × ${p.id}: ${p.title}\n`);
  io.out(`recorded on target ${spec.target}; replayed on the model (${users} user${users === 1 ? '' : 's'}, ${nodes} node${nodes === 1 ? '' : 's'})\n`);
  io.out(`actions: ${spec.actions.join(', ') || '(none)'}\n\n`);
  io.out(traceText(traceRows(steps)));
  io.out('\n');
  if (disabled) {
    io.out(`step ${disabled.index + 1}, ${disabled.text}, is not enabled on the model after the steps before it (a run would skip it): the counterexample does not replay as written, so nothing was checked.\n`);
    return 1;
  }
  const last = steps[steps.length - 1];
  if (!p.check || p.decidedBy !== 'model') {
    const target = p.decidedBy === 'redis' ? 'redis' : 'impl';
    // The model cannot break these by construction (it refuses every forgery, adopts no planted
    // credential, plays a batch one request after another): their predicates fire on systems only.
    const why = p.check ? 'cannot break it by construction (it refuses every forgery, adopts no planted credential and plays a concurrent batch one request after another)' : 'has no check for it';
    io.out(`${p.id} is decided on the ${p.decidedBy === 'redis' ? 'real Redis target' : 'implementation'}; the model ${why}, so nothing was checked: the trace above is only the model's view of the same actions.\n`);
    io.out(`To check it: sessioncheck verify --target ${target} --strategy ${spec.strategy} --property ${p.id}\n`);
    return 1;
  }
  if (!last) {
    io.out('the token has no actions: nothing to check.\n');
    return 1;
  }
  const violation = p.check({ strategy: modelStrategy(spec.strategy), scope: spec.scope, before: last.before, action: last.action, observation: last.observation, after: last.after });
  if (violation) {
    io.out(`the check of ${p.id} fires at the last step (${last.index + 1}, ${last.text}): ${violation.detail}\n`);
    io.out(`${p.explanation}\n`);
    return 0;
  }
  io.out(`the check of ${p.id} does NOT fire at the last step (${last.index + 1}, ${last.text}): the counterexample does not reproduce on the model.\n`);
  return 1;
};
