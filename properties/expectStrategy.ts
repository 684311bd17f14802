/**
 * `expectStrategy`: `checkStrategy` as an assertion for a user's own test suite (vitest, jest,
 * `node:test`: it only throws). A property the strategy should hold but refutes fails the test,
 * and the message carries each counterexample, what went wrong at its last step and the replay
 * command, so the failure explains itself in CI.
 */
import type { SessionStrategy } from '../impl/index.ts';
import { catalog } from './catalog.ts';
import type { PluginInput } from './pluginSystems.ts';
import { checkStrategy, type CheckStrategyOptions, type StrategyCheck } from './checkStrategy.ts';
import { replayCommand } from './replay.ts';
import type { SystemVerdict } from './systemRunner.ts';
import type { PropertyId } from './types.ts';

export interface ExpectStrategyOptions extends CheckStrategyOptions {
  /**
   * The properties your strategy must hold. Default: every property the built-in `model` is
   * expected to hold (the catalog's expectations), where a verdict of `n/a` or `vacuous` passes
   * (not every property can be decided for every plug-in). Named here, a property must be decided
   * and hold: `n/a` or `vacuous` fails too, so a test cannot pass by checking nothing. When given
   * and `properties` is not, only these are checked.
   */
  readonly holds?: readonly PropertyId[];
}

/** Why `expectStrategy` failed: `ERR_PROPERTY_REFUTED` (or not decided), or `ERR_HARNESS` (the check could not run). */
export type StrategyCheckFailureCode = 'ERR_PROPERTY_REFUTED' | 'ERR_HARNESS';

/** Thrown by `expectStrategy`; `check` is the full result, `failed` the verdicts that failed it. */
export class StrategyCheckFailure extends Error {
  constructor(
    readonly code: StrategyCheckFailureCode,
    message: string,
    readonly check: StrategyCheck,
    readonly failed: readonly SystemVerdict[],
  ) {
    super(message);
    this.name = 'StrategyCheckFailure';
  }
}

/** `module#export` of a plug-in given by module (what `replay --plugin` takes), else undefined. */
function pluginSpec(input: PluginInput): string | undefined {
  return 'module' in input && typeof input.module === 'string' ? `${input.module}#${input.export ?? 'default'}` : undefined;
}

/** One failed verdict, as the failure message shows it. */
function describeVerdict(r: SystemVerdict, model: string, plugin: string | undefined): string {
  const title = catalog.find((p) => p.id === r.property)?.title;
  const lines = [`✗ ${r.property}${title ? `: ${title}` : ''} (${r.verdict}${r.verdict === 'refuted' ? `, after ${r.runs} run${r.runs === 1 ? '' : 's'}` : ''})`];
  const cx = r.counterexample;
  if (cx) {
    lines.push(`  counterexample: ${cx.actions.join(', ')}`, `  at the last step: ${cx.detail}`);
    if (cx.schedule !== undefined) lines.push(`  schedule: ${cx.schedule}`);
    lines.push(plugin === undefined
      ? `  replay: ${replayCommand(cx.replay)}   (replays the actions on the ${model} model)`
      : `  replay: ${replayCommand(cx.replay, plugin)}   (replays the actions on the plug-in; without --plugin, on the ${model} model)`);
  } else if (r.note) {
    lines.push(`  ${r.note}`);
  } else if (r.verdict === 'vacuous') {
    lines.push('  no run reached the property\'s witness, so nothing could refute it: raise `runs`');
  }
  return lines.join('\n');
}

/**
 * Checks `strategy` against its reference `model` and throws a `StrategyCheckFailure` when a
 * property it must hold is refuted, or when the check itself could not run. Resolves to the
 * full `StrategyCheck` otherwise, for further assertions.
 *
 * @example
 * import { test } from 'vitest';
 * import { expectStrategy } from 'sessioncheck';
 *
 * test('my session layer behaves like a central store', async () => {
 *   await expectStrategy(myStrategy(), { model: 'central-store', runs: 50 });
 * }, 60_000);
 */
export async function expectStrategy(strategy: PluginInput, options: ExpectStrategyOptions): Promise<StrategyCheck> {
  const { holds, ...checkOptions } = options;
  const check = await checkStrategy(strategy, { ...checkOptions, ...(holds && !options.properties ? { properties: holds } : {}) });
  const subject = `sessioncheck: ${check.strategy} (held to the ${check.model} model)`;
  if (check.errors.length > 0) {
    const errors = check.errors.map((e) => `  ${e.property} ${e.code}: ${e.message}`).join('\n');
    throw new StrategyCheckFailure('ERR_HARNESS', `${subject} could not be checked: no verdict was given\n${errors}`, check, []);
  }
  const mustHold = holds ?? catalog.filter((p) => p.expected[options.model] === 'holds').map((p) => p.id);
  const failed = check.results.filter((r) => mustHold.includes(r.property) && (r.verdict === 'refuted' || (holds !== undefined && r.verdict !== 'holds')));
  // A property named in `holds` that the check never returned is undecided too.
  const missing: SystemVerdict[] = (holds ?? []).filter((id) => !check.results.some((r) => r.property === id))
    .map((id) => ({ property: id, verdict: 'n/a', runs: 0, note: 'not checked: no verdict was returned for it' }));
  const all = [...failed, ...missing];
  if (all.length === 0) return check;
  const seed = options.seed ?? 1;
  const head = `${subject} fails ${all.length} propert${all.length === 1 ? 'y' : 'ies'} it should hold (seed ${seed}):`;
  throw new StrategyCheckFailure('ERR_PROPERTY_REFUTED', [head, ...all.map((r) => describeVerdict(r, check.model, pluginSpec(strategy)))].join('\n\n'), check, all);
}
