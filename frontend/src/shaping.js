// Shaping the picture of a view without changing what it holds: node size
// by degree, parallel relations drawn as one edge with a count, a hub's
// leaves of one kind collapsed into one "+N Kind" node, and compound groups
// (by kind, by unit hierarchy, or any node -> group map, e.g. communities).
// Synthetic elements carry the class "synthetic"; the real ones they stand
// for carry "in-bundle" or "collapsed" (not drawn, still in the view).
const AUTO_COLLAPSE = 10; // leaves of one kind around a hub collapsed at once from this many

export class Shaper {
  constructor(ctl) {
    this.ctl = ctl;
    this.cy = ctl.cy;
    this.openPairs = new Set(); // bundles the user expanded
    this.openGroups = new Set(); // leaf groups the user expanded
    this.grouping = null; // Map node id -> group name, or null
  }

  // refresh recomputes degrees, bundles and leaf groups after the view's
  // elements or filters changed (one batch).
  refresh() {
    this.ctl.batch(() => {
      this.bundle();
      this.collapse();
      this.degrees();
      this.groupBoxes();
    });
  }

  // groupBoxes hides a compound group's box when none of its members is
  // drawn (all filtered, hidden or folded), and shows it again.
  groupBoxes() {
    this.cy.nodes('.compound').forEach(g => {
      const empty = g.children().every(c => c.hasClass('filtered') || c.hasClass('user-hidden') || c.hasClass('collapsed'));
      if (g.hasClass('filtered') !== empty) g.toggleClass('filtered', empty);
    });
  }

  // degrees sets data.deg: distinct drawn neighbours (the style sizes by it).
  degrees() {
    const cy = this.cy;
    const nbrs = new Map();
    cy.edges().forEach(e => {
      if (hasAny(e, 'filtered', 'user-hidden', 'in-bundle', 'collapsed')) return;
      const s = e.data('source'), t = e.data('target');
      if (!nbrs.has(s)) nbrs.set(s, new Set());
      if (!nbrs.has(t)) nbrs.set(t, new Set());
      nbrs.get(s).add(t);
      nbrs.get(t).add(s);
    });
    cy.nodes().forEach(n => {
      const d = n.hasClass('leafgroup') ? 1 + Math.log2(n.data('count')) * 4 : (nbrs.get(n.id())?.size || 0);
      if (n.data('deg') !== d) n.data('deg', d);
    });
  }

  // bundle draws the relations between two nodes as one edge "×N" when
  // there are several (drawn ones only); expandBundle splits one again.
  bundle() {
    const cy = this.cy;
    const pairs = new Map();
    cy.edges().forEach(e => {
      if (e.hasClass('synthetic')) return;
      const s = e.data('source'), t = e.data('target');
      const key = s < t ? `${s}|${t}` : `${t}|${s}`;
      if (!pairs.has(key)) pairs.set(key, []);
      pairs.get(key).push(e);
    });
    const want = new Set();
    for (const [key, edges] of pairs) {
      const live = edges.filter(e => !e.hasClass('filtered') && !e.hasClass('user-hidden'));
      const bundled = live.length > 1 && !this.openPairs.has(key);
      for (const e of edges) if (e.hasClass('in-bundle') !== bundled) e.toggleClass('in-bundle', bundled);
      if (!bundled) continue;
      const id = `bundle:${key}`;
      want.add(id);
      const [a, b] = key.split('|');
      const types = [...new Set(live.map(e => e.data('type')))].sort();
      const data = { id, source: a, target: b, count: live.length, members: live.map(e => e.id()), type: types.join(', '), label: `×${live.length}`, title: `${live.length} relations: ${types.join(', ')}` };
      const cur = cy.getElementById(id);
      if (cur.nonempty()) { if (!sameData(cur, data)) cur.data(data); } else cy.add({ group: 'edges', data, classes: 'synthetic bundle', selectable: false });
    }
    cy.edges('.bundle').forEach(e => { if (!want.has(e.id())) cy.remove(e); });
  }

  expandBundle(id) {
    const e = this.cy.getElementById(id);
    if (e.empty() || !e.hasClass('bundle')) return false;
    this.openPairs.add(id.slice('bundle:'.length));
    this.refresh();
    return true;
  }

  // collapse folds, around each hub, the leaves of one kind (one drawn
  // neighbour, not selected, pinned or highlighted) into one "+N Kind" node
  // when there are AUTO_COLLAPSE or more, or any number for hubs asked by
  // collapseAround.
  collapse() {
    const cy = this.cy;
    const drawnEdges = cy.edges().filter(e => !hasAny(e, 'filtered', 'user-hidden', 'synthetic'));
    const nbrs = new Map();
    drawnEdges.forEach(e => {
      const s = e.data('source'), t = e.data('target');
      if (s === t) return;
      if (!nbrs.has(s)) nbrs.set(s, new Set());
      if (!nbrs.has(t)) nbrs.set(t, new Set());
      nbrs.get(s).add(t);
      nbrs.get(t).add(s);
    });
    const groups = new Map(); // group id -> {hub, kind, leaves}
    cy.nodes().forEach(n => {
      if (hasAny(n, 'filtered', 'user-hidden', 'synthetic')) return;
      const s = nbrs.get(n.id());
      if (!s || s.size !== 1 || n.selected() || n.locked() || n.hasClass('hl')) return;
      const [hub] = s;
      if ((nbrs.get(hub)?.size || 0) <= 1) return;
      const id = `group:${hub}|${n.data('kind')}`;
      if (!groups.has(id)) groups.set(id, { hub, kind: n.data('kind'), leaves: [] });
      groups.get(id).leaves.push(n);
    });
    const want = new Set();
    for (const [id, g] of groups) {
      const min = this.asked?.has(g.hub) ? 2 : AUTO_COLLAPSE;
      if (g.leaves.length < min || this.openGroups.has(id)) continue;
      want.add(id);
      let x = 0, y = 0;
      for (const l of g.leaves) { const p = l.position(); x += p.x; y += p.y; }
      const at = outside(cy.getElementById(g.hub), { x: x / g.leaves.length, y: y / g.leaves.length }, g.kind);
      const data = { id, deg: 0, fs: 12, tmw: 180, kind: g.kind, name: `+${g.leaves.length} ${g.kind}`, hub: g.hub, count: g.leaves.length, members: g.leaves.map(l => l.id()), aliases: [], props: {}, summary: '', marking: '' };
      const cur = cy.getElementById(id);
      if (cur.nonempty()) { if (!sameData(cur, data)) cur.data(data); } else {
        cy.add({ group: 'nodes', data, classes: 'synthetic leafgroup', position: at });
        cy.add({ group: 'edges', data: { id: `${id}:edge`, source: g.hub, target: id, type: '', label: '' }, classes: 'synthetic groupedge', selectable: false });
      }
    }
    const members = new Set();
    for (const id of want) for (const m of cy.getElementById(id).data('members')) members.add(m);
    cy.nodes('.leafgroup').forEach(n => { if (!want.has(n.id())) cy.remove(n); });
    cy.nodes().forEach(n => {
      if (n.hasClass('synthetic')) return;
      const c = members.has(n.id());
      if (c !== n.hasClass('collapsed')) { n.toggleClass('collapsed', c); n.connectedEdges().forEach(e => { if (!e.hasClass('synthetic') && e.hasClass('collapsed') !== c) e.toggleClass('collapsed', c); }); }
    });
  }

  // collapseAround folds the leaves of hub (two or more of a kind).
  collapseAround(hub) {
    (this.asked ||= new Set()).add(hub);
    for (const id of [...this.openGroups]) if (id.startsWith(`group:${hub}|`)) this.openGroups.delete(id);
    this.refresh();
  }

  // expandGroup shows the leaves of a "+N Kind" node again, on a ring
  // around their hub.
  expandGroup(id) {
    const g = this.cy.getElementById(id);
    if (g.empty() || !g.hasClass('leafgroup')) return false;
    const hub = this.cy.getElementById(g.data('hub'));
    const members = g.data('members').map(m => this.cy.getElementById(m));
    this.openGroups.add(id);
    this.asked?.delete(g.data('hub'));
    this.refresh();
    // leaves on a ring around the group's place, away from the hub
    const c = g.removed() ? null : g.position();
    const p = c || hub.position();
    const r = 30 + 9 * members.length;
    this.ctl.batch(() => members.forEach((m, i) => {
      const a = (2 * Math.PI * i) / members.length;
      m.position({ x: p.x + r * Math.cos(a), y: p.y + r * Math.sin(a) });
    }));
    return true;
  }

  // groupBy draws compound groups: map is a Map (or object) node id ->
  // group name; null removes them. 'kind' and 'partof' build the map.
  groupBy(how) {
    const cy = this.cy;
    let map = null;
    if (how === 'kind') map = new Map(cy.nodes().not('.synthetic').map(n => [n.id(), n.data('kind')]));
    else if (how === 'partof') map = partOfGroups(cy);
    else if (how instanceof Map) map = how;
    else if (how && typeof how === 'object') map = new Map(Object.entries(how));
    this.grouping = map;
    this.ctl.batch(() => {
      cy.nodes().not('.compound').forEach(n => { if (n.parent().nonempty()) n.move({ parent: null }); });
      cy.remove(cy.nodes('.compound'));
      if (!map) return;
      const sizes = new Map();
      for (const g of map.values()) sizes.set(g, (sizes.get(g) || 0) + 1);
      for (const [g, size] of sizes) {
        if (size < 2) continue;
        cy.add({ group: 'nodes', data: { id: `compound:${g}`, deg: 0, fs: 12, tmw: 180, name: String(g), kind: '', count: size, aliases: [], props: {}, summary: '', marking: '' }, classes: 'synthetic compound', selectable: false });
      }
      cy.nodes().not('.synthetic').forEach(n => {
        const g = map.get(n.id());
        if (g !== undefined && sizes.get(g) >= 2) n.move({ parent: `compound:${g}` });
      });
      this.groupBoxes();
    });
  }

  // groupOf: the compound group of a node id (for the layouts), or ''.
  groupOf(id) { return (this.grouping && this.grouping.get(id)) || ''; }
}

// outside: where a "+N Kind" node goes: its leaves' centre, moved out of
// the hub when leaves all around the hub put that centre on the hub.
function outside(hub, c, kind) {
  const h = hub.position();
  let dx = c.x - h.x, dy = c.y - h.y, d = Math.hypot(dx, dy);
  const min = hub.width() / 2 + 60;
  if (d >= min) return c;
  if (d < 1) { let a = 0; for (const ch of kind || '') a += ch.charCodeAt(0); dx = Math.cos(a); dy = Math.sin(a); d = 1; }
  return { x: h.x + (dx / d) * min, y: h.y + (dy / d) * min };
}

// hasAny: ele has one of the classes (cheaper than a selector per element).
export const hasAny = (ele, ...classes) => classes.some(c => ele.hasClass(c));

// sameData: a synthetic element already holds data (its count and members).
const sameData = (ele, data) => ele.data('count') === data.count && ele.data('type') === data.type && String(ele.data('members')) === String(data.members);

// partOfGroups: each node in the group of the top of its PART_OF chain in
// view (a unit and everything under it); nodes outside any chain: none.
function partOfGroups(cy) {
  const parent = new Map();
  cy.edges('[type = "PART_OF"]').forEach(e => { parent.set(e.data('source'), e.data('target')); });
  const top = id => {
    const seen = new Set();
    while (parent.has(id) && !seen.has(id)) { seen.add(id); id = parent.get(id); }
    return id;
  };
  const map = new Map();
  for (const id of parent.keys()) {
    const t = top(id);
    const name = cy.getElementById(t).data('name') || t;
    map.set(id, name);
    map.set(t, name);
  }
  return map;
}
