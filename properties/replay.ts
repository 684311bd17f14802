/**
 * Replay tokens and traces. A token is self-contained (strategy, property, target, scope and the
 * action strings, base64url JSON), so it keeps working whatever the generators do later.
 */
import { formatAction, parseAction } from '../model/actions.ts';
import { initState, nextState } from '../model/nextState.ts';
import { modelStrategy, isStrategyId } from '../model/registry.ts';
import { defaultScope, makeScope } from '../model/scope.ts';
import type { Action, Observation, Scope, State, StrategyId } from '../model/types.ts';
import { isPropertyId } from './catalog.ts';
import type { Target } from './results.ts';
import { targets } from './results.ts';
import type { PropertyId } from './types.ts';

export interface ReplaySpec {
  readonly strategy: StrategyId;
  readonly property: PropertyId;
  readonly target: Target;
  readonly scope: Scope;
  readonly actions: readonly string[];
}

/** Thrown when a replay token cannot be read; `code` is stable. */
export class ReplayTokenError extends Error {
  readonly code = 'ERR_BAD_REPLAY_TOKEN';
  constructor(reason: string) {
    super(`not a sessioncheck replay token: ${reason}`);
    this.name = 'ReplayTokenError';
  }
}

const PREFIX = 'sc1.';

/** Runs of one action are written once with a count (`addItem(u0)*34`) to keep tokens short. */
function compress(actions: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < actions.length; ) {
    let j = i;
    while (j < actions.length && actions[j] === actions[i]) j++;
    out.push(j - i > 1 ? `${actions[i]}*${j - i}` : actions[i]);
    i = j;
  }
  return out;
}

function expand(items: readonly string[]): string[] {
  return items.flatMap((item) => {
    const m = /^(.*)\*(\d+)$/.exec(item);
    if (!m || Number(m[2]) > 100_000) return [item];
    return Array.from({ length: Number(m[2]) }, () => m[1]);
  });
}

/** The scope fields that differ from the default (the default scope is left out of tokens). */
function scopeDelta(scope: Scope): Partial<Scope> {
  const delta: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(scope)) {
    if (JSON.stringify(value) !== JSON.stringify((defaultScope as unknown as Record<string, unknown>)[key])) delta[key] = value;
  }
  return delta as Partial<Scope>;
}

/**
 * The command that reproduces a counterexample from its token: on the model, or with `plugin`
 * (`module#export`) on that plug-in (`sessioncheck replay TOKEN --plugin …`).
 */
export function replayCommand(replay: string, plugin?: string): string {
  return plugin === undefined ? `npx sessioncheck replay ${replay}` : `npx sessioncheck replay ${replay} --plugin ${plugin}`;
}

export function encodeReplay(spec: ReplaySpec): string {
  const body = { s: spec.strategy, p: spec.property, t: spec.target, a: compress(spec.actions), c: scopeDelta(spec.scope) };
  return PREFIX + Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeReplay(token: string): ReplaySpec {
  if (!token.startsWith(PREFIX)) throw new ReplayTokenError(`it must start with "${PREFIX}"`);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new ReplayTokenError('its body is not base64url JSON');
  }
  if (typeof body !== 'object' || body === null) throw new ReplayTokenError('its body is not an object');
  const b = body as Record<string, unknown>;
  if (typeof b.s !== 'string' || !isStrategyId(b.s)) throw new ReplayTokenError(`unknown strategy ${JSON.stringify(b.s)}`);
  if (typeof b.p !== 'string' || !isPropertyId(b.p)) throw new ReplayTokenError(`unknown property ${JSON.stringify(b.p)}`);
  if (typeof b.t !== 'string' || !(targets as readonly string[]).includes(b.t)) throw new ReplayTokenError(`unknown target ${JSON.stringify(b.t)}`);
  if (!Array.isArray(b.a) || !b.a.every((a) => typeof a === 'string')) throw new ReplayTokenError('its actions are not a list of strings');
  if (typeof b.c !== 'object' || b.c === null) throw new ReplayTokenError('it has no scope');
  let scope: Scope;
  try {
    scope = makeScope(b.c as Partial<Scope>);
    b.a = expand(b.a as string[]);
    (b.a as string[]).forEach(parseAction);
  } catch (error) {
    throw new ReplayTokenError((error as Error).message);
  }
  return { strategy: b.s, property: b.p, target: b.t as Target, scope, actions: b.a as string[] };
}

/** One step of a trace. */
export interface TraceStep {
  readonly index: number;
  readonly action: Action;
  readonly text: string;
  readonly before: State;
  readonly observation: Observation;
  readonly after: State;
}

/** Runs action strings through the model from the initial state. */
export function modelTrace(strategy: StrategyId, scope: Scope, actions: readonly string[]): TraceStep[] {
  const model = modelStrategy(strategy);
  let state = initState(scope);
  return actions.map((text, index) => {
    const action = parseAction(text);
    const { state: after, observation } = nextState(model, scope, state, action);
    const step = { index, action, text: formatAction(action), before: state, observation, after };
    state = after;
    return step;
  });
}
