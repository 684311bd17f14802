/**
 * What every report shows, computed once from a `VerifyReport`: each strategy × property cell
 * with its verdict and evidence, and each counterexample re-run on the model into a trace.
 * Renderers only format this; they never decide anything.
 */
import { initState } from '../model/nextState.ts';
import { modelStrategy, strategyIds } from '../model/registry.ts';
import { defaultScope } from '../model/scope.ts';
import type { LbPolicy, Scope, StrategyId } from '../model/types.ts';
import { catalog } from '../properties/catalog.ts';
import { decodeReplay, modelTrace, type TraceStep } from '../properties/replay.ts';
import type { Result, TableRow, Target, VerifyReport } from '../properties/results.ts';
import type { Expectation, Property, PropertyId, TableColumn, Verdict } from '../properties/types.ts';
import { traceRows, worldView, type TraceRow, type WorldView } from './trace.ts';

/** How a verdict compares with the catalog's expectation. */
export type Outcome = 'as-expected' | 'mismatch' | 'undecided';

export interface CounterexampleEvidence {
  /** Unique and stable: `sticky--failover.sessions-survive`. Used for HTML ids and file anchors. */
  readonly key: string;
  readonly strategy: StrategyId;
  readonly property: PropertyId;
  readonly lbPolicy: LbPolicy;
  readonly actions: readonly string[];
  readonly replay: string;
  /** What the runner saw at the last step. */
  readonly detail: string;
  /** For races: the interleaving fast-check's scheduler reported (then the model trace is not the finding). */
  readonly schedule?: string;
  readonly initial: WorldView;
  readonly rows: readonly TraceRow[];
  /** The property's check re-run on the model at the last step: its detail, or null if it does not fire. */
  readonly fires: string | null;
  /** Why the model could not replay the actions (then `rows` is empty); absent when it could. */
  readonly untraceable?: string;
}

export interface Cell {
  readonly key: string;
  readonly strategy: StrategyId;
  readonly property: Property;
  readonly expected: Expectation;
  readonly verdict: Verdict;
  readonly outcome: Outcome;
  readonly runs: number;
  readonly window?: number;
  readonly note?: string;
  /** The verify result's evidence fields, passed through (see results.ts). */
  readonly witnessed?: number;
  readonly reproducible?: false;
  readonly revisedFrom?: Expectation;
  readonly exhaustiveDepth?: number;
  readonly exhaustive?: Result['exhaustive'];
  readonly trials?: number;
  readonly counterexample?: CounterexampleEvidence;
}

export interface ReportModel {
  readonly version: string;
  readonly target: Target;
  readonly seed: number;
  readonly runs: number;
  readonly ok: boolean;
  readonly table: readonly TableRow[];
  /** Strategies with at least one result, in the comparison table's order. */
  readonly strategies: readonly StrategyId[];
  /** Properties with at least one result, in catalog order. */
  readonly properties: readonly Property[];
  /** Every result, property-major in catalog order, then strategy order. */
  readonly cells: readonly Cell[];
  /** Harness failures of the verification run (no verdict was given for them). */
  readonly errors?: VerifyReport['errors'];
}

/** The property that decides each column of the comparison table, for links. */
export const columnProperty: Readonly<Record<TableColumn, PropertyId>> = {
  serverStateless: 'stateless.any-node-serves',
  revokeInstantly: 'revocation.instant',
  extraHop: 'hop.none-per-request',
  failureOfOneNode: 'failover.sessions-survive',
};

/** The source table's columns and their headings, in the source's order. */
export const tableColumns: readonly (readonly [TableColumn, string])[] = [
  ['serverStateless', 'Server stateless?'],
  ['revokeInstantly', 'Revoke instantly?'],
  ['extraHop', 'Extra hop?'],
  ['failureOfOneNode', 'Failure of one node'],
];

/** The property whose evidence a table cell links to ("Hard (≤ window)" is revocation.bounded's). */
export function evidenceProperty(column: TableColumn, value: string): PropertyId {
  return column === 'revokeInstantly' && value.startsWith('Hard') ? 'revocation.bounded' : columnProperty[column];
}

export function cellKey(strategy: StrategyId, property: PropertyId): string {
  return `${strategy}--${property}`;
}

export function outcomeOf(expected: Expectation, verdict: Verdict): Outcome {
  if (verdict === 'n/a') return 'undecided';
  return verdict === expected ? 'as-expected' : 'mismatch';
}

function evidence(result: Result): CounterexampleEvidence | undefined {
  const cx = result.counterexample;
  if (!cx) return undefined;
  let scope: Scope = defaultScope;
  try {
    scope = decodeReplay(cx.replay).scope;
  } catch {
    // A token this version cannot read still has its action strings; replay them in the default scope.
  }
  let steps: TraceStep[] = [];
  let untraceable: string | undefined;
  try {
    steps = modelTrace(result.strategy, scope, cx.actions);
  } catch (error) {
    // Implementation-only counterexamples (forged tokens, races) have steps the model cannot take.
    untraceable = (error as Error).message;
  }
  const last = steps[steps.length - 1];
  const check = catalog.find((p) => p.id === result.property)?.check;
  const violation = check && last
    ? check({ strategy: modelStrategy(result.strategy), scope, before: last.before, action: last.action, observation: last.observation, after: last.after })
    : null;
  return {
    key: cellKey(result.strategy, result.property),
    strategy: result.strategy,
    property: result.property,
    lbPolicy: modelStrategy(result.strategy).lbPolicy,
    actions: cx.actions,
    replay: cx.replay,
    detail: cx.detail,
    ...(cx.schedule !== undefined ? { schedule: cx.schedule } : {}),
    initial: worldView(initState(scope)),
    rows: traceRows(steps),
    fires: violation ? violation.detail : null,
    ...(untraceable !== undefined ? { untraceable } : {}),
  };
}

/** Builds the report model; results are put in a fixed order so reports are byte-stable. */
export function reportModel(report: VerifyReport): ReportModel {
  const byKey = new Map(report.results.map((r) => [cellKey(r.strategy, r.property), r]));
  const strategies = strategyIds.filter((s) => report.results.some((r) => r.strategy === s));
  const properties = catalog.filter((p) => report.results.some((r) => r.property === p.id));
  const cells: Cell[] = [];
  for (const property of properties) {
    for (const strategy of strategies) {
      const r = byKey.get(cellKey(strategy, property.id));
      if (!r) continue;
      const counterexample = evidence(r);
      cells.push({
        key: cellKey(strategy, property.id),
        strategy,
        property,
        expected: r.expected,
        verdict: r.verdict,
        outcome: outcomeOf(r.expected, r.verdict),
        runs: r.runs,
        ...(r.window !== undefined ? { window: r.window } : {}),
        ...(r.note !== undefined ? { note: r.note } : {}),
        ...(r.witnessed !== undefined ? { witnessed: r.witnessed } : {}),
        ...(r.reproducible === false ? { reproducible: false as const } : {}),
        ...(r.revisedFrom !== undefined ? { revisedFrom: r.revisedFrom } : {}),
        ...(r.exhaustiveDepth !== undefined ? { exhaustiveDepth: r.exhaustiveDepth } : {}),
        ...(r.exhaustive !== undefined ? { exhaustive: r.exhaustive } : {}),
        ...(r.trials !== undefined ? { trials: r.trials } : {}),
        ...(counterexample ? { counterexample } : {}),
      });
    }
  }
  const table = strategies.map((s) => report.table.find((row) => row.strategy === s)).filter((row): row is TableRow => row !== undefined);
  return { version: report.version, target: report.target, seed: report.seed, runs: report.runs, ok: report.ok, table, strategies, properties, cells, ...(report.errors ? { errors: report.errors } : {}) };
}

/** The cell of a strategy × property, if the report has it. */
export function findCell(model: ReportModel, strategy: StrategyId, property: PropertyId): Cell | undefined {
  return model.cells.find((c) => c.strategy === strategy && c.property.id === property);
}

/** The command that reproduces a counterexample (one definition, shared with `expectStrategy`). */
export { replayCommand } from '../properties/replay.ts';
