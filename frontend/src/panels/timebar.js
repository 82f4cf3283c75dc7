// The time bar, along the bottom of the chart: a histogram of the dated
// relations in view per month; drag across it for a window (from_date,
// to_date), click a month for as of; play steps a window of a month, a
// quarter or a year through the range. It writes store.filters (asOf,
// fromDate, toDate), which the controller and the map apply, and keeps the
// window in the URL (from_date, to_date, as_of), restored at start-up.
import { $ } from '../dom.js';
import { overlaps, holdsIn } from '../dates.js';
import { edgeKept } from '../filtering.js';

const SVG = 'http://www.w3.org/2000/svg';
const STEP_MONTHS = { month: 1, quarter: 3, year: 12 };
const PLAY_MS = 900;

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

// monthEnd is the last month a window of n months starting at m covers.
function addMonths(m, n) {
  const y = Number(m.slice(0, 4)), mo = Number(m.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(mo / 12), mm = ((mo % 12) + 12) % 12 + 1;
  return `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}`;
}

export function mount({ bus, store, ctl }) {
  const hist = $('#tb-hist'), label = $('#tb-label'), play = $('#tb-play'), unit = $('#tb-unit');
  const filters = () => store.get().filters;
  const setTime = t => store.set({ filters: { ...filters(), asOf: '', fromDate: '', toDate: '', ...t } });
  let selected = null; // the selected element's id (node or relation)

  // The window is in the store's filters, read from the URL (as_of,
  // from_date, to_date) with the other filters by main.js and written back
  // on each change by panels/undo.js: one source of truth.

  function describe(f) {
    if (f.asOf) return `as of ${f.asOf}`;
    if (f.fromDate || f.toDate) return `${f.fromDate || '…'} – ${f.toDate || '…'}`;
    return 'any time';
  }

  // counts: per month, the dated relations in view that overlap it, of
  // those the other filters show (type, source, marking, grade…): the time
  // window itself only fades or hides within the histogram, never shrinks it.
  function counts(months) {
    const f = filters();
    const timeless = { ...f, asOf: '', fromDate: '', toDate: '', asOfHide: false };
    const cred = store.get().config.rules.default_credibility;
    const shown = e => e.shown || (f.asOfHide && !!ctl.edge(e.id) && edgeKept(ctl.edge(e.id).data(), timeless, cred).keep);
    const edges = ctl.describeEdges().filter(e => !e.synthetic && (e.since || e.until) && shown(e));
    return months.map(m => edges.filter(e => overlaps(e.since, e.until, m, m)).length);
  }

  function draw() {
    const months = store.get().months;
    const f = filters();
    hist.replaceChildren();
    const w = hist.clientWidth || 600, ht = hist.clientHeight || 64, axis = 14;
    if (months.length === 0) {
      const t = svg('text', { x: 6, y: 20, class: 'tick' });
      t.textContent = 'no dated relations in view';
      hist.append(t);
      return;
    }
    const c = counts(months);
    const max = Math.max(1, ...c);
    const bw = w / months.length;
    const selEdges = selectedEdges();
    months.forEach((m, i) => {
      const hgt = (ht - axis - 4) * c[i] / max;
      const inWin = (f.asOf || f.fromDate || f.toDate) && holdsIn(m, m, f);
      const sel = selEdges.some(e => overlaps(e.since, e.until, m, m));
      const bar = svg('rect', { x: i * bw + 0.5, y: ht - axis - hgt, width: Math.max(1, bw - 1), height: hgt,
        class: `bar${inWin ? ' in' : ''}${sel ? ' sel' : ''}`, 'data-month': m, 'data-count': c[i] });
      hist.append(bar);
      if (m.endsWith('-01')) {
        const t = svg('text', { x: i * bw + 2, y: ht - 2, class: 'tick' });
        t.textContent = m.slice(0, 4);
        hist.append(t, svg('line', { x1: i * bw, x2: i * bw, y1: ht - axis, y2: ht - axis + 4, class: 'axis' }));
      }
    });
    hist.append(svg('line', { x1: 0, x2: w, y1: ht - axis, y2: ht - axis, class: 'axis' }));
    // The window as a band over the months it covers.
    if (f.asOf || f.fromDate || f.toDate) {
      const idx = months.map((m, i) => (holdsIn(m, m, f) ? i : -1)).filter(i => i >= 0);
      if (idx.length) {
        hist.append(svg('rect', { x: idx[0] * bw, y: 0, width: (idx[idx.length - 1] - idx[0] + 1) * bw, height: ht - axis, class: 'brush' }));
      }
    }
  }

  // selectedEdges: the selected relation, or the selected node's relations.
  function selectedEdges() {
    if (!selected) return [];
    return ctl.describeEdges().filter(e => e.id === selected || e.from === selected || e.to === selected);
  }

  // Brushing: drag for a window, click for one month (as of).
  let start = -1;
  const monthAt = ev => {
    const months = store.get().months;
    const r = hist.getBoundingClientRect();
    const i = Math.floor((ev.clientX - r.left) / (r.width / months.length));
    return Math.min(months.length - 1, Math.max(0, i));
  };
  hist.addEventListener('pointerdown', ev => {
    if (!store.get().months.length) return;
    start = monthAt(ev);
    hist.setPointerCapture(ev.pointerId);
  });
  hist.addEventListener('pointermove', ev => {
    if (start < 0) return;
    const months = store.get().months, i = monthAt(ev);
    const a = Math.min(start, i), b = Math.max(start, i);
    hist.querySelector('.brush')?.remove();
    const bw = hist.clientWidth / months.length;
    hist.append(svg('rect', { x: a * bw, y: 0, width: (b - a + 1) * bw, height: hist.clientHeight - 14, class: 'brush' }));
  });
  hist.addEventListener('pointerup', ev => {
    if (start < 0) return;
    const months = store.get().months, i = monthAt(ev);
    const a = Math.min(start, i), b = Math.max(start, i);
    start = -1;
    stop();
    if (a === b) setTime({ asOf: months[a] });
    else setTime({ fromDate: months[a], toDate: months[b] });
  });

  // Playback: a window of one step, moved one step at a time.
  let timer = null;
  function step() {
    const months = store.get().months;
    if (!months.length) return false;
    const n = STEP_MONTHS[unit.value] || 1;
    const f = filters();
    const cur = f.fromDate && f.fromDate.length === 7 ? f.fromDate : null;
    const next = cur ? addMonths(cur, n) : months[0];
    if (next > months[months.length - 1]) return false;
    setTime({ fromDate: next, toDate: addMonths(next, n - 1) });
    return true;
  }
  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  }
  play.addEventListener('click', () => {
    if (timer) { stop(); return; }
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    if (!step()) { stop(); return; }
    timer = setInterval(() => { if (!step()) stop(); }, PLAY_MS);
  });
  $('#tb-step').addEventListener('click', () => { stop(); step(); });
  $('#tb-clear').addEventListener('click', () => { stop(); setTime({}); });

  store.on('filters', f => { label.textContent = describe(f); draw(); });
  store.on('months', draw);
  bus.on('graph', draw);
  bus.on('select', ele => { selected = ele ? ele.id() : null; draw(); });
  window.addEventListener('resize', draw);
  label.textContent = describe(filters());
}
