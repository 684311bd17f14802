/**
 * A domain-aware pass after fast-check's shrinking. fast-check removes or simplifies one command
 * at a time, so it can stop at a program where two changes are needed together (e.g. drop a login
 * AND crash the other node, because round-robin placed the session elsewhere). This pass tries
 * removing one or two actions, and renaming a node or user, until nothing shorter fails.
 */
import { actions, actionTypes, formatAction, isEnabled, parseAction } from '../model/actions.ts';
import { initState, nextState } from '../model/nextState.ts';
import type { ModelStrategy } from '../model/strategy.ts';
import type { Action, Scope } from '../model/types.ts';
import { execute, type Execution } from './execute.ts';
import type { Property } from './types.ts';

function renamings(action: Action, scope: Scope): Action[] {
  if ('user' in action) return Array.from({ length: scope.users }, (_, u) => ({ ...action, user: u })).filter((a) => a.user !== action.user);
  if ('node' in action) return Array.from({ length: scope.maxNodes }, (_, n) => ({ ...action, node: n })).filter((a) => a.node !== action.node);
  if (action.type === 'tick') return scope.ticks.filter((s) => s !== action.seconds).map((seconds) => ({ type: 'tick', seconds }));
  return [];
}

/** The program with two users (or two nodes) swapped everywhere: names carry no meaning. */
function swapped(program: readonly string[], kind: 'u' | 'n', a: number, b: number): string[] {
  const re = new RegExp(`\\(${kind}(\\d+)\\)`, 'g'); // every one: a batch names several
  return program.map((text) => text.replace(re, (_, d: string) => `(${kind}${Number(d) === a ? b : Number(d) === b ? a : d})`));
}

/** Programs short enough to try removing two actions at once (longer ones are long runs of one action). */
const PAIRS_UP_TO = 16;

/** Programs short enough to also try replacing an action by any other enabled one. */
const REPLACE_UP_TO = 8;

function* candidates(strategy: ModelStrategy, program: readonly string[], scope: Scope): Generator<string[]> {
  const n = program.length;
  for (const [kind, count] of [['u', scope.users], ['n', scope.maxNodes]] as const) {
    for (let a = 0; a < count; a++) for (let b = a + 1; b < count; b++) yield swapped(program, kind, a, b);
  }
  for (let i = 0; i < n; i++) yield program.filter((_, k) => k !== i);
  if (n <= PAIRS_UP_TO) for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) yield program.filter((_, k) => k !== i && k !== j);
  for (let i = 0; i < n; i++) {
    for (const renamed of renamings(parseAction(program[i]), scope)) {
      const text = formatAction(renamed);
      for (let j = 0; j < n; j++) if (j !== i) yield program.map((a, k) => (k === i ? text : a)).filter((_, k) => k !== j);
      yield program.map((a, k) => (k === i ? text : a));
    }
  }
  if (n > REPLACE_UP_TO) return;
  let state = initState(scope);
  for (let i = 0; i < n; i++) {
    for (const other of actions(strategy, scope, state)) {
      const text = formatAction(other);
      if (text === program[i]) continue;
      yield program.map((a, k) => (k === i ? text : a));
      for (let j = 0; j < n; j++) if (j !== i) yield program.map((a, k) => (k === i ? text : a)).filter((_, k) => k !== j);
    }
    const action = parseAction(program[i]);
    if (isEnabled(strategy, scope, state, action)) state = nextState(strategy, scope, state, action).state;
  }
}

/** Sort key of one action: its type in `actionTypes` order (whoami before addItem), then its argument. */
function rank(text: string): [number, number] {
  const action = parseAction(text);
  const arg = 'user' in action ? action.user : 'node' in action ? action.node : action.type === 'tick' ? action.seconds : 0;
  return [actionTypes.indexOf(action.type), arg];
}

/** Compares programs: shorter first, then action by action in canonical order (deterministic). */
function better(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return a.length < b.length;
  for (let i = 0; i < a.length; i++) {
    const [ta, xa] = rank(a[i]);
    const [tb, xb] = rank(b[i]);
    if (ta !== tb) return ta < tb;
    if (xa !== xb) return xa < xb;
  }
  return false;
}

/** The smallest failing program reachable from `failing` by the moves above. */
export function minimize(strategy: ModelStrategy, scope: Scope, property: Property, failing: Execution): Execution {
  let best = failing;
  for (let improved = true; improved; ) {
    improved = false;
    for (const candidate of candidates(strategy, best.executed, scope)) {
      const run = execute(strategy, scope, property, candidate);
      if (run.violation && better(run.executed, best.executed)) {
        best = run;
        improved = true;
        break;
      }
    }
  }
  return best;
}
