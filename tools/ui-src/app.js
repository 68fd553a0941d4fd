'use strict';
// KubeLedger timeline page: plain JavaScript, no build step, no network beyond this server.
const Q = new URLSearchParams(location.search);
const SVGNS = 'http://www.w3.org/2000/svg';
const SVGTAGS = new Set(['svg', 'rect', 'line', 'text', 'title', 'g', 'path', 'polyline', 'pattern', 'defs',
  'circle', 'polygon']);
const LABEL = 280;

function el(tag, attrs, ...kids) {
  const e = SVGTAGS.has(tag) ? document.createElementNS(SVGNS, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k.nodeType ? k : String(k));
  return e;
}
async function api(path, params) {
  const u = new URL('/kubeledger/v1/' + path, location.origin);
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, v);
  const r = await fetch(u);
  const j = await r.json();
  if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status));
  return j;
}
async function apiSized(path, params) {
  const u = new URL('/kubeledger/v1/' + path, location.origin);
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, v);
  const r = await fetch(u);
  const text = await r.text();
  const j = JSON.parse(text);
  if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status));
  T.bytes = text.length;
  return j;
}
function iso(ms) { return new Date(ms).toISOString(); }
function local(ms) { return new Date(ms).toLocaleString(); }
function timeEl(ms) { return el('time', { datetime: iso(ms), title: iso(ms) + ' (UTC)' }, local(ms)); }
function setURL(changes) {
  for (const [k, v] of Object.entries(changes)) { if (v === null || v === '' || v === undefined) Q.delete(k); else Q.set(k, v); }
  history.replaceState(null, '', '?' + Q.toString());
}
function link(params, text) { return el('a', { href: '/ui/?' + new URLSearchParams(params).toString() }, text); }
function ready(extra) {
  const root = document.documentElement;
  root.setAttribute('data-ready', '1');
  if (!root.hasAttribute('data-paint-ms')) root.setAttribute('data-paint-ms', String(Math.round(performance.now())));
  for (const [k, v] of Object.entries(extra || {})) root.setAttribute(k, v);
}
function fail(e) {
  busy(false);
  document.documentElement.setAttribute('data-api-error', String(e.message || e));
  main().append(el('p', { class: 'error', role: 'alert' }, String(e.message || e)));
  ready();
}
function main() { return document.getElementById('main'); }

// States: colour (Okabe-Ito) plus a pattern, so no state depends on colour alone.
const STATES = {
  Running: { fill: 'var(--running)', pattern: null }, Live: { fill: 'var(--live)', pattern: null },
  Ready: { fill: 'var(--running)', pattern: null }, Bound: { fill: 'var(--running)', pattern: null },
  Available: { fill: 'var(--succeeded)', pattern: 'dots' }, Released: { fill: 'var(--unknown)', pattern: 'dots' },
  Pending: { fill: 'var(--pending)', pattern: 'hatch' }, Succeeded: { fill: 'var(--succeeded)', pattern: 'dots' },
  Failed: { fill: 'var(--failed)', pattern: 'cross' }, NotReady: { fill: 'var(--failed)', pattern: 'cross' },
  Lost: { fill: 'var(--failed)', pattern: 'cross' }, Unknown: { fill: 'var(--unknown)', pattern: 'dots' },
};
function defs() {
  const mk = (id, d) => el('pattern', { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse' },
    el('path', { d, stroke: 'rgba(0,0,0,.55)', 'stroke-width': 1.2, fill: 'none' }));
  return el('svg', { width: 0, height: 0, style: 'position:absolute', 'aria-hidden': 'true' }, el('defs', {},
    mk('hatch', 'M0,6 L6,0'), mk('cross', 'M0,0 L6,6 M6,0 L0,6'), mk('term', 'M0,0 L6,6'),
    el('pattern', { id: 'dots', width: 5, height: 5, patternUnits: 'userSpaceOnUse' },
      el('circle', { cx: 2.5, cy: 2.5, r: 1, fill: 'rgba(0,0,0,.55)' }))));
}
function swatch(state, term) {
  const s = STATES[state] || STATES.Unknown;
  return el('svg', { width: 22, height: 12 }, el('rect', { width: 22, height: 12, fill: s.fill }),
    s.pattern ? el('rect', { width: 22, height: 12, fill: 'url(#' + s.pattern + ')' }) : null,
    term ? el('rect', { width: 22, height: 12, fill: 'url(#term)', stroke: 'var(--fg)', 'stroke-dasharray': '2 2' }) : null);
}

// ---------- Timeline ----------
const T = { from: 0, to: 0, data: null, expanded: new Set(), cursor: null, fetchTimer: 0, seq: 0 };

async function timeline() {
  // A link with its window (from and to) asks for the rows at once, beside the range.
  const early = Number(Q.get('from')) && Number(Q.get('to')) ? windowRequest(Number(Q.get('from')), Number(Q.get('to')), true) : null;
  if (early) early.catch(() => {});  // handled where it is awaited (load), not an unhandled rejection meanwhile
  const range = await api('range');
  if (!range.last) { main().append(el('p', {}, 'The store holds no events yet.')); ready(); return; }
  // Default window: the last 6 hours of the log (key 0 fits the whole log).
  const pad = Math.max(60000, Math.min(range.last - range.first, 6 * 3600000) * 0.02);
  T.from = Number(Q.get('from')) || Math.max(range.first, range.last - 6 * 3600000) - pad;
  T.to = Number(Q.get('to')) || range.last + pad;
  T.range = range;
  T.expanded = new Set((Q.get('expand') || '').split(',').filter(Boolean));
  if (Q.get('at')) T.cursor = Date.parse(Q.get('at'));
  filtersForm();
  const legend = el('div', { class: 'legend', 'aria-label': 'legend' },
    ...['Running', 'Pending', 'Succeeded', 'Failed', 'Unknown'].map(s => el('span', {}, swatch(s), ' ', s)),
    el('span', {}, swatch('Running', true), ' Terminating'),
    el('span', {}, '◆ rollout (revision, actor)'), el('span', {}, '▲ restart'), el('span', {}, '✕ deleted'),
    el('span', { class: 'muted' }, 'Keys: ←/→ pan, +/− zoom, 0 fit; wheel zooms, drag pans, click sets the cursor'));
  const board = el('div', { id: 'board', tabindex: 0, role: 'region', 'aria-label': 'timeline' });
  main().append(legend, el('div', { class: 'axis', id: 'axis' }), board, el('p', { id: 'truncated', class: 'muted' }));
  let scrolling = 0;
  board.addEventListener('scroll', () => { cancelAnimationFrame(scrolling); scrolling = requestAnimationFrame(render); });
  board.addEventListener('keydown', key);
  board.addEventListener('wheel', wheel, { passive: false });
  board.addEventListener('mousedown', drag);
  // First the rows and their spans (markers=0: no rollout folds, about half the server's work),
  // which is the first meaningful paint; then the same window with rollout markers and pods'
  // revisions. Later windows (pan, zoom) ask once, with markers.
  await load(true, early);
  performance.mark('kl-first-paint');
  document.documentElement.setAttribute('data-paint-ms', String(Math.round(performance.now())));
  await load();
  if (T.cursor) await showCursor(T.cursor);
  ready({ 'data-view': 'timeline', 'data-complete-ms': String(Math.round(performance.now())) });
  if (Q.get('bench')) await bench(Number(Q.get('bench')) || 10);
}
// ?bench=N: N pans and zooms; records the redraw (data in hand) and the redraw after the new
// window's JSON arrived, in ms, on the root element (docs/performance.md).
async function bench(n) {
  const draw = [], reload = [], bytes = [];
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    if (i % 2) pan(0.1); else zoom(i % 4 ? 1.25 : 0.8);
    draw.push(performance.now() - t);
    clearTimeout(T.fetchTimer);
    t = performance.now();
    await load();
    reload.push(performance.now() - t);
    bytes.push(T.bytes);
  }
  const stat = a => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1].toFixed(1) + '/' + s[s.length - 1].toFixed(1); };
  document.documentElement.setAttribute('data-bench', 'redraw median/max ' + stat(draw) + ' ms; fetch+redraw ' +
    stat(reload) + ' ms; JSON bytes ' + stat(bytes) + '; rows ' + T.data.rows.length);
}
function filtersForm() {
  const f = document.getElementById('filters');
  const field = (name, label, ph) => el('label', {}, label,
    el('input', { name, value: Q.get(name) || '', placeholder: ph || '', size: 14 }));
  f.append(field('ns', 'namespace'), el('label', {}, 'kind', el('select', { name: 'kind' },
    ...['', 'Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'Node']
      .map(k => el('option', { value: k, selected: (Q.get('kind') || '') === k }, k || 'all')))),
    field('name', 'name (text or /regex/)'), field('actor', 'actor'), el('button', { type: 'submit' }, 'Filter'));
  f.addEventListener('submit', ev => {
    ev.preventDefault();
    const d = new FormData(f);
    setURL({ ns: d.get('ns'), kind: d.get('kind'), name: d.get('name'), actor: d.get('actor') });
    load();
  });
}
// The board is aria-busy from a pan or zoom until the window's JSON is drawn (assistive
// technology, and the browser test, wait for it).
function busy(on) {
  const b = document.getElementById('board');
  if (b && on) b.setAttribute('aria-busy', 'true'); else if (b) b.removeAttribute('aria-busy');
}
// The timeline window [from, to] with the URL's filters (rowsOnly: without rollout markers).
function windowRequest(from, to, rowsOnly) {
  return apiSized('timeline', { from: Math.round(from), to: Math.round(to), ns: Q.get('ns'),
    kind: Q.get('kind'), name: Q.get('name'), actor: Q.get('actor'), markers: rowsOnly ? '0' : undefined });
}
// rowsOnly: the window without rollout markers (the first paint); the board stays busy.
// pending: that request, already sent.
async function load(rowsOnly, pending) {
  const seq = ++T.seq;
  busy(true);
  const data = await (pending || windowRequest(T.from, T.to, rowsOnly));
  if (seq !== T.seq) return;
  T.data = data;
  T.dataFrom = data.from; T.dataTo = data.to;
  render();
  if (!rowsOnly) busy(false);
}
function scheduleLoad() {
  clearTimeout(T.fetchTimer);
  busy(true);
  T.fetchTimer = setTimeout(() => load().catch(fail), 200);
}
function rowsInOrder() {
  const d = T.data, out = [];
  document.documentElement.setAttribute('data-json-bytes', String(T.bytes));
  const byOwner = new Map();
  const ids = new Set(d.rows.map(r => r.id));
  for (const r of d.rows) if (r.owner && ids.has(r.owner)) {
    if (!byOwner.has(r.owner)) byOwner.set(r.owner, []);
    byOwner.get(r.owner).push(r);
  }
  const groups = new Map();
  for (const r of d.rows) {
    if (r.owner && ids.has(r.owner)) continue;
    const g = r.namespace || '(cluster)';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(r);
  }
  const order = { Deployment: 0, StatefulSet: 1, DaemonSet: 2, Pod: 3, PersistentVolumeClaim: 4, PersistentVolume: 5, Node: 6 };
  for (const [g, rows] of [...groups].sort((a, b) => (a[0] === '(cluster)') - (b[0] === '(cluster)') || a[0].localeCompare(b[0]))) {
    out.push({ type: 'ns', name: g });
    rows.sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name));
    for (const r of rows) {
      const kids = byOwner.get(r.id) || [];
      out.push({ type: 'obj', row: r, kids: kids.length });
      if (T.expanded.has(r.id) || T.expanded.has('all')) {
        for (const m of r.markers || []) out.push({ type: 'rev', row: r, marker: m });
        for (const k of kids) out.push({ type: 'pod', row: k });
      }
    }
  }
  return out;
}
function x(ms, w) { return (ms - T.from) / (T.to - T.from) * w; }
// Only the rows in view (plus a margin) are drawn, so a redraw costs the same for 50 rows or 5,000.
const ROW_H = 21, MARGIN_ROWS = 15;
function render() {
  const t0 = performance.now();
  const board = document.getElementById('board');
  const w = Math.max(200, board.clientWidth - LABEL);
  axis(w);
  const items = rowsInOrder();
  const first = Math.max(0, Math.floor(board.scrollTop / ROW_H) - MARGIN_ROWS);
  const last = Math.min(items.length, first + Math.ceil((board.clientHeight || 600) / ROW_H) + 2 * MARGIN_ROWS);
  const frag = document.createDocumentFragment();
  frag.append(defs(), el('div', { class: 'spacer', style: 'height:' + first * ROW_H + 'px' }));
  for (const item of items.slice(first, last)) frag.append(rowEl(item, w));
  frag.append(el('div', { class: 'spacer', style: 'height:' + (items.length - last) * ROW_H + 'px' }));
  board.replaceChildren(frag);
  board.setAttribute('data-rows', String(items.length));
  const note = document.getElementById('truncated');
  note.textContent = T.data.truncated ? T.data.truncated + ' more pods in this window: zoom in or filter' : '';
  const ms = performance.now() - t0;
  document.documentElement.setAttribute('data-render-ms', ms.toFixed(1));
  performance.mark('kl-render');
}
function axis(w) {
  const a = document.getElementById('axis');
  const n = Math.max(2, Math.floor(w / 160));
  a.replaceChildren(...Array.from({ length: n }, (_, i) => {
    const ms = T.from + (T.to - T.from) * i / n;
    return el('span', { style: 'left:' + x(ms, w) + 'px', title: iso(ms) + ' (UTC)' }, local(ms));
  }));
}
function rowEl(item, w) {
  if (item.type === 'ns') return el('div', { class: 'row ns', 'data-ns': item.name }, el('div', { class: 'label' }, item.name));
  const r = item.row;
  const lane = el('svg', { class: 'lane', width: w, height: 20, 'data-lane': r.id });
  if (item.type === 'rev') {
    const m = item.marker;
    lane.append(marker(m, w));
    return el('div', { class: 'row rev', 'data-rev-row': r.id + '#' + m.revision }, el('div', { class: 'label' },
      'revision ' + m.revision + (m.reactivation ? ' (again)' : '') + ' · ' + (m.images || []).join(', ')), lane);
  }
  for (const s of r.spans) {
    const b = x(s[0], w), e = x(s[1] === null ? T.to : s[1], w);
    if (e < 0 || b > w) continue;
    const st = STATES[s[2]] || STATES.Unknown;
    const g = el('g', { class: 'span', 'data-state': s[2] + (s[4] ? ' Terminating' : '') },
      el('title', {}, s[2] + (s[4] ? ', terminating' : '') + (s[3] ? ', ' + s[3] + ' restarts' : '') + ' from ' +
        iso(s[0]) + (s[1] ? ' to ' + iso(s[1]) : '') + ' (UTC)'),
      el('rect', { x: Math.max(0, b), y: 4, width: Math.max(1, Math.min(w, e) - Math.max(0, b)), height: 12, fill: st.fill }));
    if (st.pattern) g.append(el('rect', { x: Math.max(0, b), y: 4, width: Math.max(1, Math.min(w, e) - Math.max(0, b)), height: 12, fill: 'url(#' + st.pattern + ')' }));
    if (s[4]) g.append(el('rect', { x: Math.max(0, b), y: 2, width: Math.max(1, Math.min(w, e) - Math.max(0, b)), height: 16, fill: 'url(#term)', stroke: 'var(--fg)', 'stroke-dasharray': '2 2' }));
    lane.append(g);
  }
  for (const t of r.restarts || []) {
    const p = x(t, w);
    lane.append(el('polygon', { class: 'restart', points: `${p - 4},18 ${p + 4},18 ${p},10`, fill: 'var(--fg)' },
      el('title', {}, 'restart at ' + iso(t) + ' (UTC)')));
  }
  if (r.deleted) {
    const p = x(r.deleted, w);
    lane.append(el('text', { class: 'deleted', x: p - 4, y: 15, 'font-weight': 700 }, '✕', el('title', {}, 'deleted at ' + iso(r.deleted) + ' (UTC)')));
  }
  if (item.type !== 'pod') for (const m of r.markers || []) lane.append(marker(m, w));
  if (T.cursor) { const p = x(T.cursor, w); lane.append(el('line', { class: 'cursor-line', x1: p, x2: p, y1: 0, y2: 20 })); }
  const workload = ['Deployment', 'StatefulSet', 'DaemonSet'].includes(r.kind);
  const label = el('div', { class: 'label', title: r.id },
    workload ? el('button', { class: 'toggle', 'aria-expanded': String(T.expanded.has(r.id)), 'aria-label': 'expand ' + r.id,
      onclick: () => toggle(r.id) }, T.expanded.has(r.id) ? '▾' : '▸') : null,
    el('span', { class: 'muted' }, abbrev(r.kind) + ' '),
    link({ view: 'object', kind: r.kind, ns: r.namespace, name: r.name }, r.name),
    r.revision !== undefined ? el('span', { class: 'muted' }, ' r' + r.revision) : null,
    workload ? [' ', link({ view: 'rollout', kind: r.kind, ns: r.namespace, name: r.name }, 'rollouts')] : null,
    r.kind === 'StatefulSet' ? [' ', link({ view: 'identity', ns: r.namespace, name: r.name }, 'identity')] : null,
    r.ref ? el('span', { class: 'muted' }, ' → ' + r.ref) : null,
    item.kids ? el('span', { class: 'muted' }, ' (' + item.kids + ' pods)') : null);
  return el('div', { class: 'row ' + (item.type === 'pod' ? 'pod' : 'obj'), 'data-row': r.id, 'data-kind': r.kind }, label, lane);
}
function abbrev(k) { return { Deployment: 'deploy', StatefulSet: 'sts', DaemonSet: 'ds', Pod: 'pod', PersistentVolumeClaim: 'pvc', PersistentVolume: 'pv', Node: 'node' }[k] || k; }
function marker(m, w) {
  const p = x(m.time, w);
  return el('g', { class: 'marker', 'data-revision': m.revision, 'data-actor': m.actor },
    el('title', {}, 'revision ' + m.revision + (m.reactivation ? ' (rolled back to)' : '') + ' by ' + (m.actor || 'unknown') +
      ' at ' + iso(m.time) + ' (UTC); ' + (m.images || []).join(', ')),
    el('polygon', { points: `${p},2 ${p + 6},10 ${p},18 ${p - 6},10`, fill: 'var(--marker)', stroke: 'var(--fg)' }),
    el('text', { x: p + 8, y: 14 }, 'r' + m.revision + ' ' + (m.actor || '')));
}
function toggle(id) {
  if (T.expanded.has(id)) T.expanded.delete(id); else T.expanded.add(id);
  setURL({ expand: [...T.expanded].join(',') });
  render();
}
function zoom(factor, centerMs) {
  const c = centerMs === undefined ? (T.from + T.to) / 2 : centerMs;
  T.from = c - (c - T.from) * factor; T.to = c + (T.to - c) * factor;
  moved();
}
function pan(fraction) { const d = (T.to - T.from) * fraction; T.from += d; T.to += d; moved(); }
function moved() {
  setURL({ from: Math.round(T.from), to: Math.round(T.to) });
  render();
  scheduleLoad();
}
function key(ev) {
  const k = ev.key;
  if (k === 'ArrowLeft') pan(-0.1); else if (k === 'ArrowRight') pan(0.1);
  else if (k === '+' || k === '=') zoom(0.5); else if (k === '-' || k === '_') zoom(2);
  else if (k === '0') { T.from = T.range.first; T.to = T.range.last + 1; moved(); }
  else if (k === 'Escape') { T.cursor = null; setURL({ at: null }); document.getElementById('cursor').replaceChildren(); render(); }
  else return;
  ev.preventDefault();
}
function laneTime(ev) {
  const lane = ev.target.closest && ev.target.closest('svg.lane');
  if (!lane) return null;
  const r = lane.getBoundingClientRect();
  return T.from + (ev.clientX - r.left) / r.width * (T.to - T.from);
}
function wheel(ev) {
  const t = laneTime(ev);
  if (t === null) return;
  ev.preventDefault();
  zoom(ev.deltaY > 0 ? 1.25 : 0.8, t);
}
function drag(ev) {
  const t = laneTime(ev);
  if (t === null) return;
  const x0 = ev.clientX, from0 = T.from, to0 = T.to;
  const w = ev.target.closest('svg.lane').getBoundingClientRect().width;
  let movedAny = false;
  const move = e => {
    const d = (e.clientX - x0) / w * (to0 - from0);
    if (Math.abs(e.clientX - x0) > 3) movedAny = true;
    if (movedAny) { T.from = from0 - d; T.to = to0 - d; render(); }
  };
  const up = () => {
    removeEventListener('mousemove', move); removeEventListener('mouseup', up);
    if (movedAny) moved(); else showCursor(t);
  };
  addEventListener('mousemove', move); addEventListener('mouseup', up);
}
async function showCursor(t) {
  T.cursor = t;
  setURL({ at: iso(t) });
  render();
  const aside = document.getElementById('cursor');
  const kind = Q.get('cursorKind') || 'Pod';
  const sel = el('select', { 'aria-label': 'kind at the cursor', onchange: e => { setURL({ cursorKind: e.target.value }); showCursor(t); } },
    ...['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'PersistentVolumeClaim', 'PersistentVolume', 'Node']
      .map(k => el('option', { value: k, selected: k === kind }, k)));
  aside.replaceChildren(el('h2', {}, 'The cluster at ', timeEl(t), ' '), sel);
  const g = await api('get', { kind, at: iso(t), ns: Q.get('ns'), limit: 300 });
  aside.append(el('table', { id: 'cursor-table' }, el('tr', {}, el('th', {}, 'NAMESPACE'), ...g.columns.map(c => el('th', {}, c))),
    ...g.rows.map(r => el('tr', {}, el('td', {}, r.namespace), ...r.cells.map(c => el('td', {}, c))))),
    g.total > g.rows.length ? el('p', { class: 'muted' }, (g.total - g.rows.length) + ' more') : null);
}

// ---------- Object view ----------
async function objectView() {
  const p = { kind: Q.get('kind'), ns: Q.get('ns'), name: Q.get('name'), group: Q.get('group') };
  const v = await api('versions', p);
  const vs = v.versions;
  let a = Number(Q.get('a')) || (vs.length > 1 ? vs[vs.length - 2].revision : vs[0].revision);
  let b = Number(Q.get('b')) || vs[vs.length - 1].revision;
  main().append(el('h1', {}, v.kind + ' ' + (v.namespace ? v.namespace + '/' : '') + v.name),
    el('p', {}, link({}, '← timeline'), ' ', ['Deployment', 'StatefulSet', 'DaemonSet'].includes(v.kind) ?
      link({ view: 'rollout', kind: v.kind, ns: v.namespace, name: v.name }, 'rollout history') : null));
  const table = el('table', { id: 'versions' }, el('tr', {}, ...['A', 'B', 'revision', 'version', 'time', 'actor', 'verb', 'source', 'uid'].map(h => el('th', {}, h))),
    ...vs.map(e => el('tr', { 'data-revision': e.revision },
      el('td', {}, el('input', { type: 'radio', name: 'a', value: e.revision, checked: e.revision === a, 'aria-label': 'from ' + e.revision })),
      el('td', {}, el('input', { type: 'radio', name: 'b', value: e.revision, checked: e.revision === b, 'aria-label': 'to ' + e.revision })),
      el('td', {}, e.revision), el('td', {}, e.version), el('td', {}, timeEl(e.time)), el('td', {}, e.actor),
      el('td', {}, e.verb), el('td', {}, e.source), el('td', { class: 'muted' }, e.uid))));
  const diffBox = el('div', { id: 'diff' });
  table.addEventListener('change', ev => {
    if (ev.target.name === 'a') a = Number(ev.target.value); else b = Number(ev.target.value);
    setURL({ a, b });
    showDiff();
  });
  const noise = el('input', { type: 'checkbox', id: 'noise', checked: Q.get('noise') === '1', onchange: () => { setURL({ noise: noise.checked ? '1' : null }); showDiff(); } });
  async function showDiff() {
    const d = await api('diff', { ...p, from: a, to: b, noise: noise.checked ? '1' : '' });
    const lines = d.unified ? d.unified.split('\n') : ['(no difference between ' + d.from + ' and ' + d.to + ')'];
    diffBox.replaceChildren(el('h2', {}, 'Diff ', d.from, ' → ', d.to), el('pre', { class: 'diff', 'data-from': a, 'data-to': b },
      ...lines.map(l => el('span', { class: l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : l.startsWith('@') ? 'hunk' : '' }, l + '\n'))));
  }
  const fieldDefault = v.kind === 'Pod' ? 'status.phase' : v.kind === 'Deployment' || v.kind === 'StatefulSet' || v.kind === 'DaemonSet'
    ? 'spec.template.spec.containers[0].image' : 'metadata.labels';
  const field = el('input', { id: 'field', value: Q.get('field') || fieldDefault, size: 40, 'aria-label': 'field path' });
  const blameBox = el('div', { id: 'blame' });
  async function showBlame() {
    setURL({ field: field.value });
    try {
      const bl = await api('blame', { ...p, field: field.value });
      blameBox.replaceChildren(el('table', {}, el('tr', {}, ...['revision', 'time', 'actor', 'verb', 'old', 'new'].map(h => el('th', {}, h))),
        ...bl.changes.map(c => el('tr', {}, el('td', {}, c.revision), el('td', {}, timeEl(c.time)), el('td', {}, c.actor), el('td', {}, c.verb),
          el('td', {}, c.old === null ? '<none>' : c.old), el('td', {}, c.new === null ? '<none>' : c.new)))));
    } catch (e) { blameBox.replaceChildren(el('p', { class: 'error' }, e.message)); }
  }
  main().append(el('h2', {}, 'Versions'), table, el('label', {}, noise, ' show noise (managedFields, resourceVersion, timestamps)'), diffBox,
    el('h2', {}, 'Field blame'), el('form', { onsubmit: ev => { ev.preventDefault(); showBlame(); } }, field, ' ', el('button', {}, 'Blame')), blameBox);
  await showDiff();
  await showBlame();
  ready({ 'data-view': 'object' });
}

// ---------- Rollout view ----------
async function rolloutView() {
  const p = { kind: Q.get('kind') || 'Deployment', ns: Q.get('ns'), name: Q.get('name') };
  const h = await api('rollouts', p);
  main().append(el('h1', {}, h.kind + ' ' + h.namespace + '/' + h.name + ': every revision'),
    el('p', {}, link({}, '← timeline'), ' ', link({ view: 'object', kind: h.kind, ns: h.namespace, name: h.name }, 'versions and diff'),
      h.deleted ? el('span', { class: 'error' }, ' deleted ', timeEl(h.deleted.time)) : null));
  const manifest = el('div', { id: 'manifest' });
  main().append(el('table', { id: 'revisions' },
    el('tr', {}, ...['revision', 'images', 'change cause', 'actor', 'first seen', 'reactivations', 'object', 'replicas', ''].map(c => el('th', {}, c))),
    ...h.revisions.map(r => el('tr', { 'data-revision': r.number, class: r.current ? 'current' : '' },
      el('td', {}, String(r.number), r.current ? ' (current)' : '', r.formerNumbers.length ? el('span', { class: 'muted' }, ' was ' + r.formerNumbers.join(', ')) : null),
      el('td', {}, r.images.join(', ')), el('td', {}, r.changeCause || ''), el('td', {}, r.introduced.actor),
      el('td', {}, timeEl(r.introduced.time)),
      el('td', {}, ...r.reactivations.map(x => el('div', {}, timeEl(x.time), ' ', x.actor))),
      el('td', {}, r.object || '', r.objectDeleted ? el('span', { class: 'muted' }, ' (deleted ', timeEl(r.objectDeleted.time), ')') : null),
      el('td', {}, chart(r.replicas)),
      el('td', {}, r.current ? null : el('button', { onclick: () => showManifest(r.number) }, 'rollback manifest'))))),
  el('p', { class: 'muted' }, 'The page never writes: copy the manifest and apply it with kubectl yourself.'), manifest);
  async function showManifest(n) {
    try {
      const m = await api('rollback', { ...p, revision: n });
      const pre = el('pre', { id: 'rollback-yaml' }, m.yaml || '');
      manifest.replaceChildren(el('h2', {}, 'Roll back to revision ' + m.revision), el('p', {}, m.message),
        m.yaml ? el('button', { onclick: () => copy(m.yaml) }, 'Copy manifest') : null, pre);
    } catch (e) { manifest.replaceChildren(el('p', { class: 'error' }, e.message)); }
  }
  ready({ 'data-view': 'rollout' });
}
function chart(counts) {
  if (!counts || !counts.length) return el('span', { class: 'muted' }, '—');
  const w = 120, hgt = 24, t0 = counts[0].time, t1 = Math.max(t0 + 1, counts[counts.length - 1].time);
  const max = Math.max(1, ...counts.map(c => Math.max(c.desired, c.ready)));
  const pts = k => counts.map(c => ((c.time - t0) / (t1 - t0) * w).toFixed(1) + ',' + (hgt - c[k] / max * (hgt - 2)).toFixed(1)).join(' ');
  return el('svg', { width: w, height: hgt, class: 'replicas', role: 'img', 'aria-label': 'replicas over time' },
    el('title', {}, counts.map(c => iso(c.time) + ': desired ' + c.desired + ', ready ' + c.ready).join('\n')),
    el('polyline', { points: pts('desired'), fill: 'none', stroke: 'var(--live)', 'stroke-width': 2 }),
    el('polyline', { points: pts('ready'), fill: 'none', stroke: 'var(--pending)', 'stroke-width': 2, 'stroke-dasharray': '3 2' }));
}
function copy(text) {
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).catch(() => {});
  else { const t = el('textarea', {}, text); document.body.append(t); t.select(); document.execCommand('copy'); t.remove(); }
}

// ---------- StatefulSet identity view ----------
async function identityView() {
  const id = await api('identity', { ns: Q.get('ns'), name: Q.get('name') });
  main().append(el('h1', {}, 'StatefulSet ' + id.namespace + '/' + id.name + ': identity per ordinal'),
    el('p', {}, link({}, '← timeline'), ' replicas ' + id.replicas + ', whenScaled ' + (id.whenScaled || 'Retain') +
      ', whenDeleted ' + (id.whenDeleted || 'Retain') + (id.deleted ? ', deleted' : '')));
  // One lane per ordinal on a shared time axis: incarnations as bars (phase colour and pattern),
  // node moves and claim bindings as marks.
  const times = id.ordinals.flatMap(o => o.incarnations.flatMap(p => [p.created.time, p.deleted ? p.deleted.time : 0])
    .concat(o.claims.flatMap(c => c.history.map(h => h.created.time)))).filter(Boolean);
  const t0 = Math.min(...times), t1 = Math.max(...times) + 60000, W = 900;
  const px = t => 6 + (t - t0) / (t1 - t0) * (W - 12);
  main().append(el('div', { class: 'muted' }, 'lanes from ', timeEl(t0), ' to ', timeEl(t1)), defs());
  for (const o of id.ordinals) {
    const lane = el('svg', { class: 'lane', width: W, height: 26, role: 'img', 'aria-label': o.pod + ' over time' });
    for (const p of o.incarnations) {
      const b = px(p.created.time), e = px(p.deleted ? p.deleted.time : t1), st = STATES[p.phase] || STATES.Unknown;
      lane.append(el('g', { class: 'incarnation-bar', 'data-uid': p.uid },
        el('title', {}, 'pod uid ' + p.uid + ' (' + p.phase + ') ' + iso(p.created.time) + ' – ' +
          (p.deleted ? iso(p.deleted.time) : 'now') + ' UTC; ' + p.nodes.map(n => n.node).join(' → ')),
        el('rect', { x: b, y: 3, width: Math.max(1, e - b - 1), height: 12, fill: st.fill }),
        st.pattern ? el('rect', { x: b, y: 3, width: Math.max(1, e - b - 1), height: 12, fill: 'url(#' + st.pattern + ')' }) : null));
      for (const n of p.nodes.slice(1)) lane.append(el('text', { x: px(n.from.time), y: 13 }, '⇄', el('title', {}, 'moved to ' + n.node)));
    }
    for (const c of o.claims) for (const h of c.history) for (const b of h.bindings) {
      const x0 = px(b.from.time);
      lane.append(el('circle', { cx: x0, cy: 21, r: 3.5, fill: 'var(--marker)', stroke: 'var(--fg)' },
        el('title', {}, c.name + ' (uid ' + h.uid + ') bound to ' + b.volume + ' at ' + iso(b.from.time) + ' UTC')));
    }
    main().append(el('section', { class: 'ordinal', 'data-ordinal': o.ordinal },
      el('h2', {}, o.pod, ' ', el('span', { class: 'muted' }, o.state + (o.node ? ' on ' + o.node : ''))), lane,
      o.dns ? el('div', { class: 'muted' }, o.dns) : null,
      el('div', {}, 'Claims: ', ...o.claims.map(c => el('span', { class: 'claim', 'data-claim': c.name, 'data-volume': c.volume || '' },
        c.name + ' → ' + (c.volume || '(no volume)') + (c.verified ? ' ✓' : '') + (c.phase ? ' [' + c.phase + ']' : ''), ' '))),
      el('table', {}, el('tr', {}, ...['pod uid', 'phase', 'created', 'nodes', 'terminating', 'deleted'].map(h => el('th', {}, h))),
        ...o.incarnations.map(p => el('tr', { class: 'incarnation' }, el('td', {}, p.uid), el('td', {}, p.phase),
          el('td', {}, timeEl(p.created.time)), el('td', {}, p.nodes.map(n => n.node).join(' → ')),
          el('td', {}, p.terminating ? timeEl(p.terminating.time) : ''), el('td', {}, p.deleted ? timeEl(p.deleted.time) : '')))),
      ...o.claims.flatMap(c => c.history.map(h => el('div', { class: 'muted' }, 'claim ' + c.name + ' uid ' + h.uid + ' created ',
        timeEl(h.created.time), h.bindings.map(b => ' bound to ' + b.volume), h.deleted ? [' deleted ', timeEl(h.deleted.time)] : ' retained')))));
  }
  ready({ 'data-view': 'identity' });
}

const VIEWS = { object: objectView, rollout: rolloutView, identity: identityView };
(VIEWS[Q.get('view')] || timeline)().catch(fail);
