/**
 * The JSON report (schema `sessioncheck-report/1`, documented in reports/SCHEMA.md): a superset
 * of `verify --json` with each cell's outcome and each counterexample's trace, so a consumer
 * needs neither the model nor this package to show what happened.
 */
import type { Cell, ReportModel } from './reportModel.ts';
import { replayCommand } from './reportModel.ts';
import type { TraceRow } from './trace.ts';
import { actorName } from './trace.ts';

export const JSON_SCHEMA_ID = 'sessioncheck-report/1';

function traceJson(r: TraceRow) {
  return {
    step: r.step,
    action: r.action,
    actor: actorName(r.actor),
    request: r.request,
    lb: r.lb,
    response: r.response,
    status: r.status,
    storeTrips: r.storeTrips,
    credentialBytes: r.credentialBytes,
    clock: r.after.clock,
    nodes: r.after.nodes.map((n, i) => ({ node: `n${i}`, up: n.up, memory: n.memory })),
    store: { up: r.after.store.up, keys: r.after.store.keys },
    clients: r.after.clients.map((c, u) => ({ user: `u${u}`, credential: c.credential, affinity: c.affinity, stolen: c.stolen, older: c.older })),
  };
}

function resultJson(c: Cell) {
  const cx = c.counterexample;
  return {
    strategy: c.strategy,
    property: c.property.id,
    title: c.property.title,
    expected: c.expected,
    verdict: c.verdict,
    outcome: c.outcome,
    runs: c.runs,
    ...(c.window !== undefined ? { window: c.window } : {}),
    ...(c.note !== undefined ? { note: c.note } : {}),
    ...(c.witnessed !== undefined ? { witnessed: c.witnessed } : {}),
    ...(c.reproducible === false ? { reproducible: false } : {}),
    ...(c.revisedFrom !== undefined ? { revisedFrom: c.revisedFrom } : {}),
    ...(c.exhaustiveDepth !== undefined ? { exhaustiveDepth: c.exhaustiveDepth } : {}),
    ...(c.exhaustive !== undefined ? { exhaustive: c.exhaustive } : {}),
    ...(c.trials !== undefined ? { trials: c.trials } : {}),
    ...(cx
      ? {
          counterexample: {
            actions: cx.actions,
            replay: cx.replay,
            replayCommand: replayCommand(cx.replay),
            detail: cx.detail,
            ...(cx.schedule !== undefined ? { schedule: cx.schedule } : {}),
            checkFires: cx.fires,
            trace: cx.rows.map(traceJson),
          },
        }
      : {}),
  };
}

/** `report.json`: keys in a fixed order, two-space indent, a final newline. */
export function jsonReport(model: ReportModel): string {
  const doc = {
    schema: JSON_SCHEMA_ID,
    tool: 'sessioncheck',
    version: model.version,
    target: model.target,
    seed: model.seed,
    runs: model.runs,
    ok: model.ok,
    table: model.table.map((r) => ({
      strategy: r.strategy,
      serverStateless: r.serverStateless,
      revokeInstantly: r.revokeInstantly,
      extraHop: r.extraHop,
      failureOfOneNode: r.failureOfOneNode,
    })),
    results: model.cells.map(resultJson),
    ...(model.errors && model.errors.length > 0 ? { errors: model.errors } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
