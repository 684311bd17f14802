/**
 * One frame of the HTML trace viewer as SVG: clients (and the attacker or admin when they act)
 * on the left, the load balancer, the nodes with their memory, and the store with its keys.
 * Frame 0 is the initial state; frame k the world after step k, with that step's request drawn
 * as arrows coloured by its response. Coordinates are integers so the output is byte-stable.
 */
import type { CounterexampleEvidence } from './reportModel.ts';
import { actorName, type TraceRow, type WorldView } from './trace.ts';
import { escapeXml } from './xml.ts';

const W = 910;
const TOP = 44;
const GAP = 12;
const LINE = 15;
const MAX_LINES = 5;
const col = { actor: { x: 16, w: 200 }, lb: { x: 334, w: 130 }, node: { x: 500, w: 190 }, store: { x: 750, w: 146 } } as const;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const statusColour = { 200: '#1a7f37', 401: '#cf222e', 503: '#bc4c00' } as const;

/** Shared marker definitions: include once per document; every frame refers to them by id. */
export const svgDefs = `<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>${
  Object.entries(statusColour).map(([s, c]) => `<marker id="arrow-${s}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`).join('')
}</defs></svg>`;

function boxHeight(lines: number): number {
  return 30 + LINE * Math.min(Math.max(lines, 1), MAX_LINES);
}

function stack(x: number, w: number, heights: readonly number[]): Box[] {
  let y = TOP;
  return heights.map((h) => {
    const b = { x, y, w, h };
    y += h + GAP;
    return b;
  });
}

/** Breaks a line at spaces so that it fits the box; a word longer than the box is clipped. */
function wrap(text: string, width: number): string[] {
  const max = Math.floor(width / 7.3);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > max) {
      out.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  out.push(line);
  return out.map((l) => clip(l, width));
}

function wrapAll(lines: readonly string[], width: number): string[] {
  return lines.flatMap((l) => wrap(l, width - 16));
}

function clip(text: string, width: number): string {
  const max = Math.floor(width / 7.3);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function drawBox(b: Box, title: string, lines: readonly string[], opts: { down?: boolean; highlight?: boolean; cls: string }): string {
  const shown = lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES - 1), `+${lines.length - MAX_LINES + 1} more`] : lines;
  const body = (shown.length ? shown : ['(empty)']).map((l, i) => `<text x="${b.x + 10}" y="${b.y + 40 + i * LINE}" class="sm">${escapeXml(l)}</text>`).join('');
  const stroke = opts.highlight ? ' stroke="#bc4c00" stroke-width="3"' : '';
  return `<g class="${opts.cls}${opts.down ? ' down' : ''}" data-name="${escapeXml(title)}"><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6"${stroke}/>`
    + `<text x="${b.x + 10}" y="${b.y + 20}" class="hd">${escapeXml(title)}</text>${body}</g>`;
}

function arrow(from: Box, to: Box, status: 200 | 401 | 503, label: string): string {
  const x1 = from.x + from.w;
  const y1 = from.y + Math.round(from.h / 2);
  const x2 = to.x - 2;
  const y2 = to.y + Math.round(to.h / 2);
  const c = statusColour[status];
  // Labels sit beside the arrow's start, on the side the arrow leaves free, clear of the box it points at.
  const text = label ? `<text x="${x1 + 6}" y="${y2 < y1 ? y1 + 16 : y1 - 8}" class="lbl" fill="${c}">${escapeXml(label)}</text>` : '';
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${c}" stroke-width="2.5" marker-end="url(#arrow-${status})"/>${text}`;
}

function actorsOf(cx: CounterexampleEvidence, world: WorldView): string[] {
  const names = world.clients.map((_, u) => `u${u}`);
  for (const extra of ['attacker', 'admin']) if (cx.rows.some((r) => actorName(r.actor) === extra)) names.push(extra);
  return names;
}

function actorLines(name: string, world: WorldView): string[] {
  if (name === 'admin') return ['revokes users'];
  if (name === 'attacker') return world.clients.flatMap((c, u) => [...(c.stolen ? [`copy of u${u}'s ${c.stolen}`] : []), ...(c.older ? [`older copy of u${u}'s ${c.older}`] : [])]);
  const c = world.clients[Number(name.slice(1))];
  return [c?.credential ? `holds ${c.credential}` : 'no credential', ...(c?.affinity ? [`cookie pins ${c.affinity}`] : [])];
}

/** The SVG of frame `k` (0 = before the first step). */
export function frameSvg(cx: CounterexampleEvidence, k: number): string {
  const row: TraceRow | undefined = k === 0 ? undefined : cx.rows[k - 1];
  const world = row ? row.after : cx.initial;
  const actors = actorsOf(cx, world);
  const aLines = actors.map((a) => wrapAll(actorLines(a, world), col.actor.w));
  const nLines = world.nodes.map((n) => wrapAll(n.up ? n.memory : ['memory lost'], col.node.w));
  const sLines = wrapAll(world.store.keys, col.store.w);
  const aBoxes = stack(col.actor.x, col.actor.w, aLines.map((l) => boxHeight(l.length)));
  const nBoxes = stack(col.node.x, col.node.w, nLines.map((l) => boxHeight(l.length)));
  const sBox: Box = { x: col.store.x, y: TOP, w: col.store.w, h: boxHeight(sLines.length) + LINE * 2 };
  const bottom = Math.max(...[...aBoxes, ...nBoxes, sBox].map((b) => b.y + b.h));
  const lbBox: Box = { x: col.lb.x, y: TOP + Math.round((bottom - TOP) / 2) - 30, w: col.lb.w, h: 60 };
  const H = bottom + 52;

  const target = row ? /\(n(\d+)\)/.exec(row.action)?.[1] : undefined;
  const faultOn = (what: string) => row !== undefined && row.request === null && what === (target !== undefined ? `n${target}` : row.action.startsWith('store') ? 'store' : row.action.startsWith('addNode') ? `n${world.nodes.length - 1}` : '');
  const parts: string[] = [];
  parts.push(`<text x="16" y="24" class="hd">${escapeXml(row ? `step ${row.step} of ${cx.rows.length}: ${row.action}` : `before the first step (${cx.rows.length} to come)`)}</text>`);
  parts.push(`<text x="${W - 16}" y="24" text-anchor="end" class="hd${row?.action.startsWith('tick') ? ' hot' : ''}">clock t = ${world.clock} s</text>`);
  actors.forEach((a, i) => parts.push(drawBox(aBoxes[i], a === 'attacker' ? 'attacker' : a === 'admin' ? 'admin' : `client ${a}`, aLines[i], { cls: 'actor' })));
  parts.push(drawBox(lbBox, 'load balancer', [cx.lbPolicy === 'sticky' ? 'cookie affinity' : 'round-robin'], { cls: 'lb' }));
  world.nodes.forEach((n, i) => parts.push(drawBox(nBoxes[i], `n${i} ${n.up ? 'up' : 'down'}`, nLines[i], { down: !n.up, highlight: faultOn(`n${i}`), cls: 'node' })));
  parts.push(drawBox(sBox, `store ${world.store.up ? 'up' : 'down'}`, sLines, { down: !world.store.up, highlight: faultOn('store'), cls: 'store' }));

  if (row && row.request !== null) {
    const from = aBoxes[actors.indexOf(actorName(row.actor))];
    parts.push(arrow(from, lbBox, row.status, `${row.request} → ${row.response ?? ''}`));
    const node = row.lb !== null && row.lb !== 'none' ? nBoxes[Number(row.lb.slice(1))] : undefined;
    if (node) parts.push(arrow(lbBox, node, row.status, ''));
    if (node && row.storeTrips > 0) parts.push(arrow(node, sBox, row.status, `${row.storeTrips} trip${row.storeTrips === 1 ? '' : 's'}`));
  }
  const last = row !== undefined && k === cx.rows.length;
  const caption = last ? `violated: ${cx.fires ?? cx.detail}` : row ? (row.request === null ? `${row.action}: no request` : `${row.action}: ${row.lb === 'none' ? 'no live node' : `LB picks ${row.lb}`}, answer ${row.response}`) : 'initial state';
  parts.push(`<text x="16" y="${H - 16}" class="${last ? 'bad' : 'sm'}">${escapeXml(clip(caption, W - 32))}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(caption)}">${parts.join('')}</svg>`;
}
