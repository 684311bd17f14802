/**
 * The differential comparison of the two engines, edge by edge: the readable model
 * (model/nextState.ts, judged through properties/judge/modelFacts.ts) is the specification, the
 * flat engine (model/explore/flat/) its performance representation. For one edge it compares the
 * enabled actions, the state after (decoded), the observation, every catalog predicate's verdict
 * and witness on both engines' facts, and that no compiled condition (`MAY_VIOLATE`) rules out a
 * violation the readable engine finds.
 */
import { actions, formatAction } from '../../model/actions.ts';
import { Canonicaliser, type Edge } from '../../model/explore/index.ts';
import { decodeFlat, FlatFacts, FlatMachine, MAY_VIOLATE, Obs, sortedStore } from '../../model/explore/flat/index.ts';
import { nextState } from '../../model/nextState.ts';
import type { ModelStrategy } from '../../model/strategy.ts';
import type { Scope, State } from '../../model/types.ts';
import { catalog } from '../../properties/catalog.ts';
import { modelFacts } from '../../properties/judge/modelFacts.ts';
import type { Judged } from '../../properties/types.ts';

/** Every predicate of the catalog (model-decided or not): all are judged on both engines' facts. */
export const predicates: readonly { readonly id: string; readonly judged: Judged }[] = catalog.flatMap((p) => (p.judged ? [{ id: p.id, judged: p.judged }] : []));

/** JSON with keys sorted and absent (undefined) fields left out, for comparison. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
    : v));
}

/**
 * A readable detail with its credential IDs (`#7`) renamed to the flat engine's, ledger
 * positions: the token strategies' model also spends IDs on families and epochs.
 */
function flatIds(detail: string | null, state: State): string | null {
  if (detail === null) return null;
  const position = new Map(state.ledger.map((e, i) => [e.id, i + 1]));
  return detail.replace(/#(\d+)/g, (whole, id: string) => (position.has(Number(id)) ? `#${position.get(Number(id))}` : whole));
}

/** One engine pair walking in step: a readable state and its flat twin. */
export interface Twin {
  readonly state: State;
  readonly flat: Int32Array;
}

export class Differential {
  readonly machine: FlatMachine;
  private readonly facts: FlatFacts;
  private readonly codes = new Uint16Array(255);
  private readonly obs = new Obs();
  private readonly canon: Canonicaliser;

  constructor(readonly strategy: ModelStrategy, readonly scope: Scope, capacity: number, machine?: FlatMachine) {
    this.machine = machine ?? new FlatMachine(strategy, scope, capacity);
    this.facts = new FlatFacts(this.machine);
    this.canon = new Canonicaliser(scope, false);
  }

  /** The readable decoding of a flat state, with the store in a canonical order. */
  decode(flat: Int32Array): State {
    return sortedStore(decodeFlat(this.machine.layout, flat, this.scope.ttl.session));
  }

  /** Mismatches between the twins' enabled actions (as strings, in order). */
  enabled(twin: Twin): { readonly readable: string[]; readonly flat: string[]; readonly codes: number[] } {
    const count = this.machine.actions(twin.flat, this.codes);
    const codes = Array.from(this.codes.subarray(0, count));
    return { readable: actions(this.strategy, this.scope, twin.state).map(formatAction), flat: codes.map((c) => formatAction(this.machine.action(c))), codes };
  }

  /**
   * Takes the `index`-th enabled action on both twins; returns the twins after it and every
   * mismatch found (empty when the engines agree).
   */
  step(twin: Twin, index: number): { readonly next: Twin; readonly mismatches: string[]; readonly verdicts: (string | null)[] } {
    const mismatches: string[] = [];
    const { readable, flat, codes } = this.enabled(twin);
    if (readable.join() !== flat.join()) mismatches.push(`enabled actions: readable [${readable}] flat [${flat}]`);
    const action = actions(this.strategy, this.scope, twin.state)[index];
    const t = nextState(this.strategy, this.scope, twin.state, action);
    const after = new Int32Array(twin.flat);
    this.machine.apply(after, codes[index], this.obs);
    const where = () => `${formatAction(action)} from ${stable(twin.state)}`;
    // The readable canonical encoding without symmetry is injective on states up to the order
    // of store entries (IDs are ledger positions in both engines): a cheap, complete comparison.
    const decoded = this.decode(after);
    if (this.canon.encoding(decoded).join() !== this.canon.encoding(t.state).join()) {
      mismatches.push(`state after ${where()}: readable ${stable(sortedStore(t.state))} flat ${stable(decoded)}`);
    }
    const edge: Edge = { strategy: this.strategy, scope: this.scope, before: twin.state, action, observation: t.observation, after: t.state };
    const model = modelFacts(edge);
    const flatFacts = this.facts.reset(twin.flat, codes[index], after, this.obs);
    if (stable(flatFacts.observation) !== stable(t.observation)) {
      mismatches.push(`observation of ${where()}: readable ${stable(t.observation)} flat ${stable(flatFacts.observation)}`);
    }
    const verdicts: (string | null)[] = [];
    for (const { id, judged } of predicates) {
      // store.none lists the store's keys; their order carries nothing (the readable store keeps insertion order).
      const keys = (detail: string | null) => (id === 'store.none' && detail !== null ? detail.replace(/\(([a-z, ]+)\)$/, (_w, list: string) => `(${list.split(', ').sort().join(', ')})`) : detail);
      const expected = keys(flatIds(judged.judge(model)?.detail ?? null, t.state));
      const got = keys(judged.judge(flatFacts)?.detail ?? null);
      if (expected !== got) mismatches.push(`${id} after ${where()}: readable ${expected} flat ${got}`);
      // A compiled condition may be true where nothing is violated, never false where something is.
      const may = MAY_VIOLATE[id];
      if (may && !may(flatFacts) && expected !== null) mismatches.push(`${id}'s compiled condition rules out the violation ${expected} after ${where()}`);
      const expectedWitness = judged.witness(model);
      const gotWitness = judged.witness(flatFacts);
      if (expectedWitness !== gotWitness) mismatches.push(`${id} witness after ${where()}: readable ${expectedWitness} flat ${gotWitness}`);
      verdicts.push(got);
    }
    return { next: { state: t.state, flat: after }, mismatches, verdicts };
  }

  initial(init: State): Twin {
    return { state: init, flat: this.machine.init() };
  }
}
