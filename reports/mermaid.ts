/**
 * A counterexample as a Mermaid `sequenceDiagram` (GitHub renders it): clients, the balancer,
 * the nodes and the store as participants; each request's hops; faults, memory and store
 * changes as notes; the failing step boxed in red.
 */
import type { CounterexampleEvidence } from './reportModel.ts';
import { actorName, type TraceRow, type WorldView } from './trace.ts';

/** Mermaid reads `#` as an entity and `;` as a statement end: keep both out of labels. */
function label(text: string): string {
  return text.replace(/#/g, 'no. ').replace(/;/g, ',').replace(/\s+/g, ' ').trim();
}

function nodeCount(cx: CounterexampleEvidence): number {
  return Math.max(cx.initial.nodes.length, ...cx.rows.map((r) => r.after.nodes.length));
}

function participants(cx: CounterexampleEvidence): string[] {
  const names = new Set(cx.rows.map((r) => actorName(r.actor)).filter((n) => n !== 'operator'));
  const lines: string[] = [];
  for (const name of [...names].sort()) {
    const title = name === 'attacker' ? 'attacker (a copied credential)' : name === 'admin' ? 'admin' : `client ${name}`;
    lines.push(`  participant ${name} as ${title}`);
  }
  lines.push('  participant LB as load balancer');
  for (let n = 0; n < nodeCount(cx); n++) lines.push(`  participant n${n}`);
  lines.push('  participant Store as store');
  return lines;
}

function faultNote(row: TraceRow, first: string): string {
  const node = /\(n(\d+)\)/.exec(row.action)?.[1];
  const kind = row.action.replace(/\(.*$/, '');
  switch (kind) {
    case 'crash': return `Note over n${node}: crash, memory lost`;
    case 'restart': return `Note over n${node}: restart, empty memory`;
    case 'drain': return `Note over LB,n${node}: drain n${node}: taken out, restarted empty, back in`;
    case 'addNode': return `Note over n${row.after.nodes.length - 1}: added (scale out)`;
    case 'storeDown': return 'Note over Store: unreachable (data kept)';
    case 'storeUp': return 'Note over Store: reachable again';
    case 'storeWipe': return 'Note over Store: restarted without persistence, data lost';
    default: return `Note over ${first},Store: ${label(row.action)}: clock now t=${row.after.clock}s`;
  }
}

function changes(before: WorldView, row: TraceRow): string[] {
  const out: string[] = [];
  row.after.nodes.forEach((node, n) => {
    const was = before.nodes[n]?.memory ?? [];
    if (node.up && node.memory.join() !== was.join()) {
      out.push(`  Note right of n${n}: ${label(`memory: ${node.memory.join(', ') || 'empty'}`)}`);
    }
  });
  if (row.after.store.keys.join() !== before.store.keys.join()) {
    out.push(`  Note right of Store: ${label(`keys: ${row.after.store.keys.join(', ') || 'none'}`)}`);
  }
  return out;
}

function requestLines(row: TraceRow): string[] {
  const who = actorName(row.actor);
  const lines = [`  ${who}->>LB: ${label(`${row.action} ${row.request ?? ''}`)}`];
  if (row.action.startsWith('concurrent(')) {
    // A batch: its requests went their own ways at once (the model plays them one after another).
    lines.push(`  LB-->>${who}: ${label(`${row.response ?? ''}, ${row.storeTrips} store round trip${row.storeTrips === 1 ? '' : 's'} in all`)}`);
    return lines;
  }
  if (row.lb === null || row.lb === 'none') {
    lines.push(`  LB-->>${who}: ${label(`${row.response ?? ''} no live node`)}`);
    return lines;
  }
  lines.push(`  LB->>${row.lb}: ${label(row.request ?? row.action)}`);
  if (row.storeTrips > 0) {
    const trips = `${row.storeTrips} round trip${row.storeTrips === 1 ? '' : 's'}`;
    lines.push(`  ${row.lb}->>Store: ${trips}`);
    lines.push(`  Store-->>${row.lb}: ${row.status === 503 ? 'unreachable' : 'reply'}`);
  }
  lines.push(`  ${row.lb}-->>LB: ${label(row.response ?? '')}`);
  lines.push(`  LB-->>${who}: ${label(row.response ?? '')}`);
  return lines;
}

/** The Mermaid source of a counterexample's sequence diagram. */
export function sequenceDiagram(cx: CounterexampleEvidence): string {
  const lines = ['sequenceDiagram', ...participants(cx)];
  const first = lines[1].trim().split(' ')[1];
  let before = cx.initial;
  cx.rows.forEach((row, i) => {
    const last = i === cx.rows.length - 1;
    const body = [
      ...(row.request === null ? [`  ${faultNote(row, first)}`] : requestLines(row)),
      ...changes(before, row),
    ];
    if (last) {
      lines.push('  rect rgb(255, 228, 228)');
      lines.push(...body.map((l) => `  ${l}`));
      lines.push(`    Note over ${first},Store: ${label(`violated: ${cx.fires ?? cx.detail}`)}`);
      lines.push('  end');
    } else {
      lines.push(...body);
    }
    before = row.after;
  });
  return `${lines.join('\n')}\n`;
}
