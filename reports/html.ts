/**
 * The HTML report: one self-contained file (inline CSS, script and SVG; nothing fetched), with
 * the derived comparison table, the verdict matrix and a trace viewer that steps through every
 * counterexample frame by frame.
 */
import { strategyTitles } from '../properties/table.ts';
import { css, script } from './htmlAssets.ts';
import { firesSentence, verdictMark } from './markdown.ts';
import { tableColumns as columns, findCell, evidenceProperty, replayCommand, type Cell, type CounterexampleEvidence, type ReportModel } from './reportModel.ts';
import { regenerateCommand } from './regenerate.ts';
import { frameSvg, svgDefs } from './svg.ts';
import { escapeHtml as h } from './xml.ts';

/** Where a cell's evidence is: its counterexample in the viewer, or its row of the matrix. */
function evidenceLink(c: Cell, text: string): string {
  return c.counterexample
    ? `<a href="#${h(c.key)}" data-cx="${h(c.key)}">${text}</a>`
    : `<a href="#cell-${h(c.key)}">${text}</a>`;
}

function cellTitle(model: ReportModel, c: Cell): string {
  if (c.counterexample) return `counterexample: ${c.counterexample.actions.join(', ')}`;
  if (c.verdict === 'holds') return `no counterexample in ${c.runs} runs (seed ${model.seed})`;
  return c.note ?? 'not applicable';
}

function derivedTable(model: ReportModel): string {
  const rows = model.table.map((row) => {
    const tds = columns.map(([col]) => {
      const value = row[col];
      const c = findCell(model, row.strategy, evidenceProperty(col, value));
      return `<td>${c ? evidenceLink(c, h(value)) : h(value)}</td>`;
    });
    return `<tr><th scope="row">${h(strategyTitles[row.strategy])}</th>${tds.join('')}</tr>`;
  });
  return `<table id="derived-table" class="derived"><thead><tr><th>Approach</th>${columns.map(([, t]) => `<th>${h(t)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function matrix(model: ReportModel): string {
  const head = `<tr><th>property</th>${model.strategies.map((s) => `<th>${h(s)}</th>`).join('')}</tr>`;
  const rows = model.properties.map((p) => {
    const tds = model.strategies.map((s) => {
      const c = findCell(model, s, p.id);
      if (!c) return '<td></td>';
      const cls = `${c.verdict === 'n/a' ? 'na' : c.verdict}${c.outcome === 'mismatch' ? ' mismatch' : ''}`;
      const mark = c.outcome === 'mismatch' ? `${verdictMark(c)} (expected ${c.expected})` : verdictMark(c);
      const inner = c.counterexample ? evidenceLink(c, h(mark)) : `<span>${h(mark)}</span>`;
      return `<td id="cell-${h(c.key)}" class="${cls}" title="${h(cellTitle(model, c))}">${inner}</td>`;
    });
    return `<tr><th scope="row" title="${h(p.statement)}"><code>${h(p.id)}</code><br>${h(p.title)}</th>${tds.join('')}</tr>`;
  });
  // Seven strategies are wider than a small window: the matrix scrolls in its own box, the page does not.
  return `<div class="wide"><table id="matrix"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function traceTable(cx: CounterexampleEvidence): string {
  const nodes = Math.max(cx.initial.nodes.length, ...cx.rows.map((r) => r.after.nodes.length));
  const nodeHeads = Array.from({ length: nodes }, (_, n) => `<th>n${n} memory</th>`).join('');
  const rows = cx.rows.map((r) => {
    const mem = Array.from({ length: nodes }, (_, n) => {
      const node = r.after.nodes[n];
      return `<td>${node ? (node.up ? h(node.memory.join(', ') || '—') : 'down') : ''}</td>`;
    }).join('');
    const store = `${r.after.store.up ? '' : '(down) '}${r.after.store.keys.join(', ') || '—'}`;
    return `<tr data-step="${r.step}"><td>${r.step}</td><td><code>${h(r.action)}</code></td><td>${h(r.lb ?? '—')}</td><td>${h(r.response ?? '—')}</td><td>${r.storeTrips}</td>${mem}<td>${h(store)}</td><td>${r.after.clock}s</td></tr>`;
  });
  return `<table class="trace"><thead><tr><th>step</th><th>action</th><th>LB choice</th><th>response</th><th>store trips</th>${nodeHeads}<th>store keys</th><th>clock</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function counterexample(c: Cell, cx: CounterexampleEvidence): string {
  const frames = Array.from({ length: cx.rows.length + 1 }, (_, k) => `<figure class="frame" data-step="${k}">${frameSvg(cx, k)}</figure>`).join('');
  const fires = h(firesSentence(cx));
  return `<article class="cx" id="${h(cx.key)}">`
    + `<h3>${h(cx.strategy)} × <code>${h(c.property.id)}</code>: ${h(c.property.title)}</h3>`
    + `<p>${h(c.property.statement)}</p>`
    + `<p><strong>Why this matters.</strong> ${h(c.property.explanation)}</p><blockquote>${h(c.property.source)}</blockquote>`
    + `<p>Actions: ${cx.actions.map((a) => `<code>${h(a)}</code>`).join(' → ')}. At the last step: ${h(cx.detail)}. ${fires}</p>`
    + (cx.schedule !== undefined ? `<p>The interleaving (fast-check's scheduler):</p><pre>${h(cx.schedule)}</pre>` : '')
    + (cx.rows.length === 0 ? '' : `<div class="frames">${frames}</div>${traceTable(cx)}`)
    + `<p>Replay: <code class="replay">${h(replayCommand(cx.replay))}</code></p></article>`;
}

function viewer(model: ReportModel): string {
  const withCx = model.cells.filter((c) => c.counterexample);
  const options = withCx.map((c) => `<option value="${h(c.key)}">${h(`${c.strategy} × ${c.property.id}`)}</option>`).join('');
  const articles = withCx.map((c) => counterexample(c, c.counterexample as CounterexampleEvidence)).join('');
  return `<section id="viewer"><h2>Counterexamples, step by step</h2>`
    + `<nav class="controls" id="viewer-controls"><label>Counterexample <select id="cx-select">${options}</select></label>`
    + `<button type="button" id="prev" aria-label="previous step">← Previous</button><span id="position" class="mono"></span>`
    + `<button type="button" id="next" aria-label="next step">Next →</button><span class="mono">keys: ← →</span></nav>`
    + (articles || '<p>No counterexamples: every property held.</p>') + '</section>';
}

/** The whole page. */
export function htmlReport(model: ReportModel): string {
  const mismatches = model.cells.filter((c) => c.outcome === 'mismatch');
  const summary = mismatches.length === 0
    ? '<p class="summary ok">Every decided verdict equals the catalog\'s expectation.</p>'
    : `<p class="summary bad">${mismatches.length} verdict(s) differ from the catalog's expectation: ${mismatches.map((c) => h(`${c.strategy} × ${c.property.id}`)).join(', ')}.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sessioncheck report (${h(model.target)}, seed ${model.seed})</title>
<style>${css}</style>
</head>
<body>
${svgDefs}
<header><h1>sessioncheck report</h1>
<p>Target <code>${h(model.target)}</code>, seed ${model.seed}, ${model.runs} generated runs per property, sessioncheck ${h(model.version)}. Regenerate with <code>${h(regenerateCommand(model))}</code>.</p>
${summary}</header>
<section id="table"><h2>The comparison table, derived from the verdicts</h2>
<p>Each cell links to the property that decides it: a counterexample opens in the viewer below.</p>
${derivedTable(model)}</section>
<section id="properties"><h2>Every property, every strategy</h2>
<p>✓ holds (no counterexample in the runs), ✗ refuted (a shrunk, replayable counterexample), ○ vacuous (no run reached the property's witness), – n/a not applicable here. Hover a property for its statement.</p>
${matrix(model)}</section>
${viewer(model)}
<script>${script}</script>
</body>
</html>
`;
}
