/**
 * The HTML report's inline style sheet and script. The page works without the script (every
 * counterexample and frame is shown); the script turns it into a viewer that shows one frame at
 * a time, stepped with buttons or the ← and → keys.
 */

export const css = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --ok: #1a7f37; --bad: #cf222e; --warn: #bc4c00; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0 auto; max-width: 1100px; padding: 16px 24px 64px; }
h1 { margin: 8px 0 4px; } h2 { margin-top: 32px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
code, .mono { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.holds a, td.holds span { color: var(--ok); } td.refuted a, td.refuted span { color: var(--bad); } td.na span { color: var(--muted); }
td.mismatch { background: #fff1e5; font-weight: bold; }
a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
.summary.ok { color: var(--ok); } .summary.bad { color: var(--warn); font-weight: bold; }
nav.controls { position: sticky; top: 0; background: #fff; padding: 8px 0; border-bottom: 1px solid var(--line); display: flex; gap: 12px; align-items: center; flex-wrap: wrap; z-index: 1; }
button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px; background: #f6f8fa; cursor: pointer; }
button:disabled { opacity: .45; cursor: default; }
blockquote { margin: 8px 0; padding: 4px 12px; border-left: 4px solid var(--line); color: var(--muted); }
.cx { margin: 16px 0 40px; } .frame { margin: 8px 0; } .frame svg { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
.frame figcaption { color: var(--muted); font-size: 13px; }
tr.current td { background: #ddf4ff; }
#matrix td { white-space: nowrap; } code.replay { word-break: break-all; }
.wide { overflow-x: auto; max-width: 100%; } pre, table { max-width: 100%; }
svg .hd { font: 600 13px system-ui, sans-serif; fill: var(--fg); } svg .sm { font: 12px ui-monospace, Menlo, monospace; fill: var(--fg); }
svg .lbl { font: 600 12px ui-monospace, Menlo, monospace; } svg .bad { font: 600 13px system-ui, sans-serif; fill: var(--bad); } svg .hot { fill: var(--warn); }
svg .actor rect { fill: #f6f8fa; stroke: #8c959f; } svg .lb rect { fill: #ddf4ff; stroke: #54aeff; }
svg .node rect { fill: #dafbe1; stroke: #4ac26b; } svg .store rect { fill: #fbefff; stroke: #c297ff; }
svg .down rect { fill: #eaeef2; stroke: #8c959f; stroke-dasharray: 5 4; } svg .down text { fill: var(--muted); }
.js .cx:not(.current), .js .frame:not(.current) { display: none; }
`;

export const script = `
(function () {
  'use strict';
  document.body.classList.add('js');
  var select = document.getElementById('cx-select');
  var prev = document.getElementById('prev');
  var next = document.getElementById('next');
  var position = document.getElementById('position');
  var articles = Array.prototype.slice.call(document.querySelectorAll('article.cx'));
  if (articles.length === 0) { document.getElementById('viewer-controls').hidden = true; return; }
  var current = articles[0];
  var step = 0;
  function frames() { return current.querySelectorAll('.frame'); }
  function render() {
    articles.forEach(function (a) { a.classList.toggle('current', a === current); });
    var all = frames();
    for (var i = 0; i < all.length; i++) all[i].classList.toggle('current', i === step);
    var rows = current.querySelectorAll('tr[data-step]');
    for (var j = 0; j < rows.length; j++) rows[j].classList.toggle('current', Number(rows[j].getAttribute('data-step')) === step);
    var last = all.length - 1;
    position.textContent = step === 0 ? 'before step 1 (of ' + last + ')' : 'step ' + step + ' of ' + last;
    prev.disabled = step === 0;
    next.disabled = step === last;
    select.value = current.id;
  }
  function show(id, at) {
    var found = document.getElementById(id);
    if (!found || !found.classList.contains('cx')) return false;
    current = found;
    step = at;
    render();
    return true;
  }
  function go(delta) {
    var target = step + delta;
    if (target < 0 || target > frames().length - 1) return;
    step = target;
    render();
  }
  prev.addEventListener('click', function () { go(-1); });
  next.addEventListener('click', function () { go(1); });
  select.addEventListener('change', function () { show(select.value, 0); });
  document.addEventListener('keydown', function (e) {
    var tag = e.target && e.target.tagName;
    if (tag === 'SELECT' || tag === 'INPUT' || tag === 'TEXTAREA' || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowRight') { go(1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft') { go(-1); e.preventDefault(); }
  });
  document.addEventListener('click', function (e) {
    var link = e.target && e.target.closest ? e.target.closest('a[data-cx]') : null;
    if (link && show(link.getAttribute('data-cx'), 0)) {
      e.preventDefault();
      history.replaceState(null, '', '#' + link.getAttribute('data-cx'));
      document.getElementById('viewer').scrollIntoView();
    }
  });
  window.addEventListener('hashchange', function () { show(decodeURIComponent(location.hash.slice(1)), 0); });
  if (!(location.hash && show(decodeURIComponent(location.hash.slice(1)), 0))) render();
})();
`;
