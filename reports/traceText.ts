/** A trace as a terminal table (used by `sessioncheck replay`). */
import type { TraceRow } from './trace.ts';
import { textTable } from './textTable.ts';

export function traceText(rows: readonly TraceRow[]): string {
  const nodes = Math.max(0, ...rows.map((r) => r.after.nodes.length));
  const headers = ['step', 'action', 'LB', 'response', 'trips', ...Array.from({ length: nodes }, (_, n) => `n${n} memory`), 'store keys', 'clock'];
  const body = rows.map((r) => [
    String(r.step),
    r.action,
    r.lb ?? '-',
    r.response ?? '-',
    String(r.storeTrips),
    ...Array.from({ length: nodes }, (_, n) => {
      const node = r.after.nodes[n];
      return node === undefined ? '' : node.up ? node.memory.join(', ') || '-' : 'down';
    }),
    `${r.after.store.up ? '' : '(down) '}${r.after.store.keys.join(', ') || '-'}`,
    `${r.after.clock}s`,
  ]);
  return textTable(headers, body);
}
