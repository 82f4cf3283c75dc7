// The map, beside the chart (the time bar's Map button): located entities
// at their coordinates, entities LOCATED_IN, BASED_IN or DEPLOYED_TO a
// located place at that place, relations between two located entities as
// arcs, and movements (an entity EMBARKED_AT or SHIPPED_FROM one place and
// ARRIVED_AT or DEPLOYED_TO another) as dashed arcs. It follows the time
// window (what the chart fades, it fades; what it hides, it hides) and
// shares the selection with the chart and the time bar. The basemap is
// Natural Earth (world-atlas) bundled into the page: no tile server. With
// nothing located it stays shut and says so.
import { geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import countries from 'world-atlas/countries-110m.json';
import { $, h } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';
// PLACING are the relations that put an entity without coordinates at a
// located place, in order of preference (graph/export's PlacingTypes).
export const PLACING = ['LOCATED_IN', 'BASED_IN', 'DEPLOYED_TO'];
const ORIGIN = ['EMBARKED_AT', 'SHIPPED_FROM'];
const DESTINATION = ['ARRIVED_AT', 'DEPLOYED_TO'];

const land = feature(countries, countries.objects.countries);

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

// locate places the nodes with geo, then those placed by a PLACING
// relation to a node with geo (as graph/export.Locate).
export function locate(nodes, edges) {
  const at = new Map();
  for (const n of nodes) if (n.geo) at.set(n.id, { lon: n.geo.lon, lat: n.geo.lat, source: n.geo.source, via: '' });
  const best = new Map();
  const rank = t => PLACING.indexOf(t);
  for (const e of edges) {
    const to = at.get(e.to);
    if (rank(e.type) < 0 || !to || to.via || at.has(e.from)) continue;
    const b = best.get(e.from);
    if (!b || rank(e.type) < rank(b.type) || (rank(e.type) === rank(b.type) && e.id < b.id)) best.set(e.from, e);
  }
  for (const [from, e] of best) at.set(from, { ...at.get(e.to), via: e.id, place: e.to });
  return at;
}

// arcsOf: relations between two entities at different points, and
// movements from an origin place to a destination place.
function arcsOf(at, edges) {
  const arcs = [];
  const differ = (a, b) => a && b && (a.lon !== b.lon || a.lat !== b.lat);
  for (const e of edges) {
    if (differ(at.get(e.from), at.get(e.to))) arcs.push({ id: e.id, from: e.from, to: e.to, type: e.type, edges: [e.id] });
  }
  const byMover = new Map();
  for (const e of edges) {
    if (!ORIGIN.includes(e.type) && !DESTINATION.includes(e.type)) continue;
    if (!at.get(e.to) || at.get(e.to).via) continue; // only to places with coordinates of their own
    const m = byMover.get(e.from) || { o: [], d: [] };
    (ORIGIN.includes(e.type) ? m.o : m.d).push(e);
    byMover.set(e.from, m);
  }
  for (const [mover, { o, d }] of byMover) {
    for (const a of o) for (const b of d) {
      if (differ(at.get(a.to), at.get(b.to))) {
        arcs.push({ id: `move:${mover}:${a.to}:${b.to}`, from: a.to, to: b.to, type: 'movement', via: mover, edges: [a.id, b.id] });
      }
    }
  }
  return arcs;
}

export function mount({ bus, store, ctl }) {
  const box = $('#map'), toggle = $('#tb-map');
  // With nothing located the map stays shut and a small notice says so:
  // a bare basemap would take half the chart for nothing.
  const notice = h('span', { id: 'map-empty', class: 'muted', role: 'status', hidden: true, text: 'Map: nothing in this view is located' });
  toggle.after(notice);
  let points = [], arcs = [], wanted = false;
  const show = on => {
    notice.hidden = on || !wanted;
    if (box.hidden === !on) return;
    box.hidden = !on;
    window.dispatchEvent(new Event('resize')); // the chart takes the rest of the width
  };

  function draw() {
    if (!wanted) return;
    const nodes = ctl.describeNodes().map(n => ({ ...n, geo: ctl.node(n.id)?.data('geo') || null }));
    const edges = ctl.describeEdges();
    const at = locate(nodes, edges);
    show(at.size > 0);
    if (box.hidden) {
      store.set({ map: { points: [], arcs: [] } });
      return;
    }
    const w = box.clientWidth || 400, h = box.clientHeight || 300;
    // Fit the located entities (or North-East Asia when there are none).
    const pts = [...at.values()].map(p => [p.lon, p.lat]);
    const frame = pts.length >= 2 ? pts : [[110, 30], [140, 50]];
    const lons = frame.map(p => p[0]), lats = frame.map(p => p[1]);
    const pad = 2;
    const extent = { type: 'MultiPoint', coordinates: [[Math.min(...lons) - pad, Math.min(...lats) - pad], [Math.max(...lons) + pad, Math.max(...lats) + pad]] };
    const proj = geoMercator().fitExtent([[20, 20], [w - 20, h - 20]], extent);
    const path = geoPath(proj);
    const root = svg('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h });
    root.append(svg('path', { d: path(land) || '', class: 'land' }));
    const byId = new Map(nodes.map(n => [n.id, n]));
    const edgeById = new Map(edges.map(e => [e.id, e]));
    arcs = arcsOf(at, edges).map(a => {
      const [x1, y1] = proj([at.get(a.from).lon, at.get(a.from).lat]);
      const [x2, y2] = proj([at.get(a.to).lon, at.get(a.to).lat]);
      const es = a.edges.map(id => edgeById.get(id));
      const shown = es.every(e => e.shown);
      const faded = es.some(e => e.faded);
      // A gentle curve: the control point off the middle, to the left.
      const mx = (x1 + x2) / 2 - (y2 - y1) * 0.2, my = (y1 + y2) / 2 + (x2 - x1) * 0.2;
      const el = svg('path', { d: `M${x1},${y1} Q${mx},${my} ${x2},${y2}`,
        class: `arc${a.type === 'movement' ? ' movement' : ''}${faded ? ' outdated' : ''}${shown ? '' : ' hidden'}`, 'data-id': a.id });
      const t = svg('title', {});
      t.textContent = a.type === 'movement' ? `${byId.get(a.via)?.label || a.via}: ${a.from} → ${a.to}` : `${a.type}: ${a.from} → ${a.to}`;
      el.append(t);
      root.append(el);
      return { ...a, x1, y1, x2, y2, shown, faded };
    });
    points = [];
    for (const [id, p] of at) {
      const n = byId.get(id);
      if (!n) continue;
      const [x, y] = proj([p.lon, p.lat]);
      const outdated = ctl.node(id)?.hasClass('outdated') || false;
      const g = svg('g', { class: `pt${p.via ? ' placed' : ''}${outdated ? ' outdated' : ''}${n.shown ? '' : ' hidden'}${n.selected ? ' selected' : ''}`, 'data-id': id });
      const r = p.via ? 4 : 6;
      // Entities placed at one place fan out a little so each can be picked.
      const k = p.via ? points.filter(q => q.place === p.place).length + 1 : 0;
      const dx = k ? Math.cos(k * 1.9) * 9 : 0, dy = k ? Math.sin(k * 1.9) * 9 : 0;
      g.append(svg('circle', { cx: x + dx, cy: y + dy, r }));
      if (!p.via) {
        const t = svg('text', { x: x + 8, y: y + 4 });
        t.textContent = n.label || id;
        g.append(t);
      }
      const tt = svg('title', {});
      tt.textContent = `${n.label || id}${p.via ? ` (at ${p.place})` : ''}\n${p.lat.toFixed(3)}, ${p.lon.toFixed(3)} — ${p.source}`;
      g.append(tt);
      g.addEventListener('click', () => ctl.select(id));
      root.append(g);
      points.push({ id, lon: p.lon, lat: p.lat, x: x + dx, y: y + dy, place: p.place || '', via: p.via || '', shown: n.shown, faded: outdated, selected: n.selected });
    }
    const note = document.createElement('div');
    note.className = 'note';
    note.textContent = `${points.length} located · basemap Natural Earth · coordinates GeoNames`;
    box.replaceChildren(root, note);
    store.set({ map: { points, arcs } });
  }

  toggle.addEventListener('click', () => {
    wanted = !wanted;
    toggle.setAttribute('aria-pressed', String(wanted));
    if (wanted) draw();
    else {
      show(false);
      store.set({ map: { points: [], arcs: [] } });
    }
  });
  bus.on('graph', draw);
  bus.on('select', draw);
  store.on('filters', draw);
  window.addEventListener('resize', () => requestAnimationFrame(draw));
}
