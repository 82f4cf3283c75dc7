// The force layout of large views, run in the layout worker: ForceAtlas2
// (Barnes-Hut) on the core of the graph (its leaves set aside), the core
// scaled to a readable edge length, each hub's leaves set on rings around it
// (grouped by kind), then an overlap-removal pass (separate) on the clusters.
// Pure: nodes [{id, w, h, x, y, fixed}], edges [{source, target}] in; a map
// id -> {x, y} out. onProgress(positions) is called between rounds so that
// the page can draw the layout settling.
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';

const GAP = 14; // model pixels kept between two node boxes
const SATELLITES_FROM = 500; // nodes: from here on, low-degree nodes are set around their hub

export function forceLayout({ nodes, edges, budgetMs = 1500, onProgress = null, tuning = {} }) {
  const t0 = performance.now();
  const byId = new Map(nodes.map(n => [n.id, n]));
  const nbrs = new Map(nodes.map(n => [n.id, new Set()]));
  for (const e of edges) {
    if (e.source === e.target || !nbrs.has(e.source) || !nbrs.has(e.target)) continue;
    nbrs.get(e.source).add(e.target);
    nbrs.get(e.target).add(e.source);
  }
  // Leaves: one neighbour, which is not itself a leaf, and not fixed. In
  // views of SATELLITES_FROM nodes or more, every node outside the best
  // connected tenth (the hubs) that has a hub among its neighbours is set
  // around the best connected of them, as a leaf is: a hairball of thousands
  // of nodes becomes hubs with their clusters.
  const leavesOf = new Map();
  const deg = id => nbrs.get(id).size;
  const degs = nodes.map(n => deg(n.id)).sort((a, b) => b - a);
  const hubMin = nodes.length >= SATELLITES_FROM ? Math.max(3, degs[Math.floor(degs.length * 0.1)] || 0) : Infinity;
  const hubOf = new Map();
  for (const n of nodes) {
    const s = nbrs.get(n.id);
    if (n.fixed || s.size === 0) continue;
    let hub = null;
    if (s.size === 1) {
      [hub] = s;
      if (deg(hub) === 1) hub = null;
    } else if (deg(n.id) < hubMin) {
      for (const m of s) if (deg(m) >= hubMin && (hub === null || deg(m) > deg(hub) || (deg(m) === deg(hub) && m < hub))) hub = m;
    }
    if (hub === null) continue;
    hubOf.set(n.id, hub);
    if (!leavesOf.has(hub)) leavesOf.set(hub, []);
    leavesOf.get(hub).push(n);
  }
  // (a hub set around another hub keeps its own satellites with it: not here)
  for (const [id, hub] of hubOf) {
    if (!leavesOf.has(id)) continue;
    hubOf.delete(id);
    const rest = leavesOf.get(hub).filter(n => n.id !== id);
    if (rest.length) leavesOf.set(hub, rest); else leavesOf.delete(hub);
  }
  const isLeaf = new Set(hubOf.keys());
  const core = nodes.filter(n => !isLeaf.has(n.id));

  // Ring radius of each hub's leaves, and the radius of the whole cluster.
  const radius = n => Math.hypot(n.w, n.h) / 2;
  const rings = new Map();
  for (const [hub, leaves] of leavesOf) rings.set(hub, ringsFor(radius(byId.get(hub)), leaves));
  const clusterRadius = n => (rings.has(n.id) ? rings.get(n.id).outer : radius(n));

  const g = new Graph({ type: 'undirected' });
  core.forEach((n, i) => {
    const a = i * 2.399963, r = 10 * Math.sqrt(i + 1);
    const hasPos = Number.isFinite(n.x) && Number.isFinite(n.y);
    g.addNode(n.id, { x: hasPos ? n.x : r * Math.cos(a), y: hasPos ? n.y : r * Math.sin(a), size: clusterRadius(n), fixed: Boolean(n.fixed) });
  });
  // an edge of a satellite pulls its hub (weights add up)
  for (const e of edges) {
    const a = hubOf.get(e.source) ?? e.source, b = hubOf.get(e.target) ?? e.target;
    if (a === b || !g.hasNode(a) || !g.hasNode(b)) continue;
    if (g.hasEdge(a, b)) g.updateEdgeAttribute(a, b, 'weight', w => (w || 1) + 1);
    else g.addEdge(a, b, { weight: 1 });
  }
  // Compound groups: each group's members pulled together by an anchor
  // node of their own (dropped from the answer).
  for (const n of core) {
    if (!n.group) continue;
    const a = `\u0000group:${n.group}`;
    if (!g.hasNode(a)) g.addNode(a, { x: g.getNodeAttribute(n.id, 'x'), y: g.getNodeAttribute(n.id, 'y'), size: 1, anchor: true });
    g.addEdge(a, n.id, { weight: 3 });
  }
  const settings = { ...forceAtlas2.inferSettings(g), barnesHutOptimize: g.order > 300, adjustSizes: false, gravity: 1, scalingRatio: 10, linLogMode: true, outboundAttractionDistribution: true, ...(tuning.fa2 || {}) };
  // Rounds of iterations until most of the budget is spent.
  let rounds = 0;
  if (g.order > 1 && g.size > 0) {
    const per = Math.max(5, Math.round(20000 / (g.order + g.size)));
    do {
      forceAtlas2.assign(g, { iterations: per, settings });
      rounds++;
      if (onProgress && rounds === 3) onProgress(place(g, rings, false, tuning)); // one picture on the way: each costs the page a full redraw
    } while (performance.now() - t0 < budgetMs * 0.6 && rounds < 60);
  }
  return place(g, rings, true, tuning);
}

// place scales the core to a readable edge length, removes overlaps between
// clusters (a hub and its rings count as one disc), and sets the leaves.
function place(g, rings, final, tuning = {}) {
  const pos = new Map();
  g.forEachNode((id, a) => pos.set(id, { x: a.x, y: a.y }));
  // Scale: the median edge about two cluster radii long, and the discs
  // covering at most 30% of the box around them (then few pushes are left).
  const lens = [];
  g.forEachEdge((e, a, s, t) => { const p = pos.get(s), q = pos.get(t); lens.push(Math.hypot(p.x - q.x, p.y - q.y)); });
  lens.sort((x, y) => x - y);
  let avgR = 0, area = 0;
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  g.forEachNode((id, a) => {
    if (a.anchor) return;
    avgR += a.size;
    area += Math.PI * (a.size + GAP / 2) ** 2;
    x1 = Math.min(x1, a.x); x2 = Math.max(x2, a.x); y1 = Math.min(y1, a.y); y2 = Math.max(y2, a.y);
  });
  avgR /= Math.max(1, g.order);
  const median = lens.length ? lens[lens.length >> 1] : 1;
  let k = median > 0 ? (2.2 * avgR + 4 * GAP) / median : 1;
  const box = Math.max(1, (x2 - x1) * (y2 - y1));
  k = Math.max(k, Math.sqrt(area / ((tuning.cover ?? 0.3) * box)));
  const fixed = [];
  g.forEachNode((id, a) => { if (a.fixed) fixed.push(id); });
  if (fixed.length === 0 && Number.isFinite(k)) {
    g.updateEachNodeAttributes((id, a) => ({ ...a, x: a.x * k, y: a.y * k }));
  }
  const discs = [];
  g.forEachNode((id, a) => { if (!a.anchor) discs.push({ id, x: a.x, y: a.y, r: a.size, fixed: a.fixed }); });
  if (final) separate(discs, GAP);
  const out = {};
  for (const d of discs) out[d.id] = { x: d.x, y: d.y };
  for (const [hub, ring] of rings) {
    const c = out[hub];
    if (!c) continue;
    for (const { id, dx, dy } of ring.places) out[id] = { x: c.x + dx, y: c.y + dy };
  }
  return out;
}

// separate pushes overlapping discs apart (pinned ones stay) until none
// overlaps another, or `rounds` rounds. Each round buckets the discs in a
// grid (a big disc, a hub with its rings, in every cell it covers), so that
// a disc is checked only against the discs near it.
export function separate(discs, gap, rounds = 200) {
  if (discs.length < 2) return 0;
  const radii = discs.map(d => d.r).sort((a, b) => a - b);
  const cell = Math.max(1, 2 * (radii[Math.min(radii.length - 1, Math.floor(radii.length * 0.9))] || 1) + gap);
  const push = (p, q) => {
    const need = p.r + q.r + gap;
    let dx = q.x - p.x, dy = q.y - p.y;
    const d2 = dx * dx + dy * dy;
    if (d2 >= need * need) return false;
    let d = Math.sqrt(d2);
    if (d < 1e-6) { dx = Math.cos(p.x + q.y); dy = Math.sin(p.x + q.y); d = 1; }
    const m = (need - d) / 2 + 0.5;
    const ux = dx / d, uy = dy / d;
    const wp = p.fixed ? 0 : q.fixed ? 2 : 1, wq = q.fixed ? 0 : p.fixed ? 2 : 1;
    p.x -= ux * m * wp; p.y -= uy * m * wp;
    q.x += ux * m * wq; q.y += uy * m * wq;
    return true;
  };
  const seen = new Int32Array(discs.length).fill(-1);
  for (let round = 0; round < rounds; round++) {
    let moved = false;
    const grid = new Map();
    const span = d => [Math.floor((d.x - d.r - gap) / cell), Math.floor((d.y - d.r - gap) / cell), Math.floor((d.x + d.r + gap) / cell), Math.floor((d.y + d.r + gap) / cell)];
    discs.forEach((d, k) => {
      const [i1, j1, i2, j2] = span(d);
      for (let i = i1; i <= i2; i++) for (let j = j1; j <= j2; j++) {
        const key = i * 73856093 ^ j * 19349663;
        const list = grid.get(key);
        if (list) list.push(k); else grid.set(key, [k]);
      }
    });
    for (let a = 0; a < discs.length; a++) {
      const p = discs[a];
      const [i1, j1, i2, j2] = span(p);
      for (let i = i1; i <= i2; i++) for (let j = j1; j <= j2; j++) {
        for (const b of grid.get(i * 73856093 ^ j * 19349663) || []) {
          if (b <= a || seen[b] === a) continue;
          seen[b] = a;
          if (push(p, discs[b])) moved = true;
        }
      }
    }
    seen.fill(-1);
    if (!moved) return round;
  }
  return rounds;
}

// ringsFor sets leaves (sorted by kind, then name) on concentric rings around
// a hub of radius r0: each ring as full as its circumference allows.
export function ringsFor(r0, leaves) {
  const sorted = [...leaves].sort((a, b) => (a.kind || '').localeCompare(b.kind || '') || (a.label || a.id).localeCompare(b.label || b.id));
  const size = Math.max(...sorted.map(n => Math.max(n.w, n.h)));
  const step = size + GAP;
  const places = [];
  let r = r0 + GAP * 2 + step / 2 + 20;
  let i = 0;
  while (i < sorted.length) {
    const cap = Math.max(6, Math.floor((2 * Math.PI * r) / step));
    const left = sorted.length - i;
    const count = Math.min(cap, left);
    for (let j = 0; j < count; j++, i++) {
      const a = (2 * Math.PI * j) / count + (places.length ? 0.3 : 0);
      places.push({ id: sorted[i].id, dx: r * Math.cos(a), dy: r * Math.sin(a) });
    }
    if (i < sorted.length) r += step;
  }
  return { places, outer: r + step / 2 };
}
