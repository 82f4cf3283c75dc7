// The controller owns the Cytoscape instance and an event bus. Components
// change the graph only through it. Bulk changes run in one batch (batch()); layouts
// are queued so that one never starts before the previous one stopped.
//
// Events on the bus:
//   select (ele | null)      the selected node or edge changed
//   graph (stats)            elements were added, removed or filtered
//   layout ({name, ms})      a layout stopped
//   node-dbltap (id), node-context (id)   gestures; panels decide what they do
//
// It reads the filters and the server's rules from the store (store.js) and
// re-applies the filters whenever they change there.
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import svg from 'cytoscape-svg';
import { stylesheet, largeGraphOverrides } from './style.js';
import { isLowGrade } from './dates.js';
import { edgeKept, nodeKept } from './filtering.js';
import { CITATION_TYPES } from './typegroups.js';
import { Shaper, hasAny } from './shaping.js';
import { BigView, nodeSize } from './bigview.js';

cytoscape.use(fcose);
cytoscape.use(svg);

const LARGE = 400; // nodes: above this, cheaper drawing and no animation
const WORKER_MIN = 300; // nodes: from here on the force layout runs in the worker
const FORCE_BUDGET_MS = 1500; // the worker's time for the force rounds
const BIG = 1000; // nodes: above this, the view is drawn by bigview.js (Cytoscape keeps the model)
const ADD_CHUNK = 250; // elements added per task
const PLACE_CHUNK = 400; // nodes moved per task in the big view
const BIG_ADD_CHUNK = 1000; // the same without a Cytoscape renderer (no style computed)
const LABEL_PX = 12; // rendered size of every drawn label
const EDGE_LABEL_ZOOM = 1.6; // edge labels drawn from this zoom on (small views)
const MAX_FIT_ZOOM = 1.4; // fitting a few nodes must not blow them up

export class Controller {
  constructor({ container, bus, store }) {
    this.bus = bus;
    this.store = store;
    this.sources = new Map();
    this.layoutChain = Promise.resolve();
    this.layoutsQueued = 0;
    this.large = false;
    this.worker = null;
    this.workerJobs = new Map();
    this.workerSeq = 0;
    this.cy = cytoscape({
      container,
      style: stylesheet(this.rules),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: true,
    });
    const cy = this.cy;
    cy.on('select unselect', () => {
      const sel = cy.$(':selected');
      this.bus.emit('select', sel.length === 1 ? sel[0] : (sel.length ? sel.last() : null));
      if (this.big && !this.bigRedraw) this.bigRedraw = requestAnimationFrame(() => { this.bigRedraw = null; this.bigView.update(); });
    });
    this.shape = new Shaper(this);
    this.container = container;
    this.big = false;
    this.bigView = new BigView(this, container);
    // gestures become requests on the bus; panels decide what they do. A
    // "+N Kind" node opens on double-click, a "×N" edge on a click.
    // Cytoscape calls any two taps within 250 ms a double tap, even on two
    // nodes; quick shift-clicks across nodes must not expand the second.
    let lastTap = null, prevTap = null;
    // by id: Cytoscape may hand two events of one element different wrappers
    const tapId = t => (t && t !== cy && typeof t.id === 'function' ? t.id() : null);
    cy.on('tap', ev => { prevTap = lastTap; lastTap = tapId(ev.target); });
    cy.on('dbltap', 'node', ev => { if (prevTap === ev.target.id()) this.nodeDoubleTap(ev.target.id()); });
    cy.on('tap', 'edge.bundle', ev => { this.shape.expandBundle(ev.target.id()); this.bus.emit('graph', this.stats()); });
    cy.on('mouseover', 'node, edge', ev => {
      const t = ev.target;
      if (this.large && t.isEdge()) return; // a restyle of a large view costs a full redraw
      if (t.isEdge()) { t.addClass('hover'); t.style('font-size', LABEL_PX / cy.zoom()); }
      const p = t.isNode() ? t.renderedPosition() : t.renderedMidpoint();
      this.bus.emit('hover', { id: t.id(), node: t.isNode(), name: t.isNode() ? t.data('name') : (t.data('title') || t.data('type')), kind: t.data('kind') || '', group: t.hasClass('leafgroup'), x: p.x, y: p.y });
    });
    cy.on('mouseout', 'node, edge', ev => {
      if (ev.target.isEdge() && ev.target.hasClass('hover')) { ev.target.removeClass('hover'); ev.target.removeStyle('font-size'); }
      this.bus.emit('hover', null);
    });
    // labels follow the zoom once it has changed by 15% or more, after the
    // gesture (each relabel restyles the labelled nodes)
    cy.on('zoom', () => {
      if (this.big) return; // the big view places its labels at each picture
      clearTimeout(this.relabelTimer);
      this.relabelTimer = setTimeout(() => { if (Math.abs(Math.log(cy.zoom() / (this.labelZoom || 1))) > 0.14) this.relabel(); }, 250);
    });
    // a right click inside the selection keeps it (for "Connect selected")
    cy.on('cxttap', 'node', ev => { if (!ev.target.hasClass('synthetic')) { if (!ev.target.selected()) this.select(ev.target.id()); this.bus.emit('node-context', ev.target.id(), ev.renderedPosition); } });
    cy.on('cxttap', ev => { if (ev.target === cy) this.bus.emit('canvas-context', ev.renderedPosition); });
    cy.on('cxttap', 'edge', ev => { if (!ev.target.hasClass('synthetic')) { this.select(ev.target.id()); this.bus.emit('edge-context', ev.target.id(), ev.renderedPosition); } });
    store.on('filters', () => {
      this.batch(() => this.applyFilters(this.cy.elements().filter(isReal)));
      this.shape.refresh();
      this.relabel();
      this.bus.emit('graph', this.stats());
    });
    store.on('config', () => this.cy.style(this.sheet()));
    // The chart area changes size when the answers drawer, the time bar or
    // the map open or close (Cytoscape only follows the window's size): a
    // view that fitted before the change is fitted again.
    // (cy.width() and height() are the old size until cy.resize())
    const fits = () => {
      const bb = this.visibleElements().renderedBoundingBox();
      return this.visibleElements().empty() || (bb.x1 >= -1 && bb.y1 >= -1 && bb.x2 <= cy.width() + 1 && bb.y2 <= cy.height() + 1);
    };
    let refitAt = -Infinity;
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => {
        if (this.big) { cy.resize(); this.bigView.resize(); return; }
        // (a drawer grows in steps: a refit a moment ago counts as fitted;
        // a running layout fits at its end, against the old size)
        const wasFitted = fits() || this.layoutsQueued > 0 || performance.now() - refitAt < 1500;
        cy.resize();
        if (wasFitted) this.layoutChain.then(() => { if (!fits()) { this.fit(); refitAt = performance.now(); } });
      }).observe(container);
    }
  }

  // nodeDoubleTap: a "+N Kind" node opens; a real node asks for an expand.
  nodeDoubleTap(id) {
    const n = this.node(id);
    if (!n) return;
    if (n.hasClass('leafgroup')) { this.openFold(id); return; }
    if (!n.hasClass('synthetic')) this.bus.emit('node-dbltap', id);
  }

  get rules() { return this.store.get().config.rules; }
  get filters() { return this.store.get().filters; }
  get layoutName() { return this.store.get().layoutName; }

  // batch runs fn with style updates deferred to its end, and ends the batch
  // even when fn throws (cy.batch does not), so one error cannot leave the
  // graph frozen.
  batch(fn) {
    const cy = this.cy;
    cy.startBatch();
    try { return fn(); } finally { cy.endBatch(); }
  }

  // ---- reading the view ----

  node(id) { const n = this.cy.getElementById(id); return n.nonempty() && n.isNode() ? n : null; }
  edge(id) { const e = this.cy.getElementById(id); return e.nonempty() && e.isEdge() ? e : null; }
  selectedNode() { const s = this.cy.nodes(':selected'); return s.length ? s[0] : null; }
  // Shown elements, from the classes alone (cheaper than ':visible', which
  // computes the style of every element).
  // (synthetic nodes, "+N Kind" and compound boxes, are not entities; a
  // leaf collapsed into a "+N Kind" node is still in the view)
  // (filters by class tests: a selector's not() costs a lookup per element,
  // seconds a call at 10,000 nodes)
  visibleNodes() { return this.cy.nodes().filter(n => !hasAny(n, 'filtered', 'user-hidden', 'synthetic')); }
  // visibleElements: what is drawn (the layouts' input).
  visibleElements() {
    const nodes = this.cy.nodes().filter(n => !hasAny(n, 'filtered', 'user-hidden', 'collapsed'));
    const drawn = new Set(nodes.map(n => n.id()));
    const edges = this.cy.edges().filter(e => drawn.has(e.data('source')) && drawn.has(e.data('target')) && !hasAny(e, 'filtered', 'user-hidden', 'collapsed', 'in-bundle'));
    return nodes.union(edges);
  }
  visibleIds() { return this.visibleNodes().map(n => n.id()); }
  // markings lists the marking of every visible node and relation (the
  // marked images take the highest); kinds the visible nodes' kinds.
  markings() { return this.visibleNodes().union(this.visibleRelations()).map(e => e.data('marking') || 'TLP:CLEAR'); }
  kinds() { return [...new Set(this.visibleNodes().map(n => n.data('kind')))]; }
  // visibleRelations: the real relations in view between visible entities,
  // those drawn under a "×N" bundle or to a folded leaf included, never the
  // synthetic edges that stand for them (exports and markings take these).
  visibleRelations() {
    const nodes = this.visibleNodes();
    return nodes.edgesWith(nodes).filter(e => !hasAny(e, 'filtered', 'user-hidden', 'synthetic'));
  }
  visibleEdgeIds() { return this.visibleRelations().map(e => e.id()); }
  positions() {
    const out = {};
    this.visibleNodes().forEach(n => { const p = n.position(); out[n.id()] = { x: Math.round(p.x), y: Math.round(p.y) }; });
    return out;
  }
  dates() {
    const out = [];
    this.cy.edges().filter(isReal).forEach(e => { out.push(e.data('since'), e.data('until')); });
    return out.filter(Boolean);
  }
  types() { return [...new Set(this.cy.edges().filter(isReal).map(e => e.data('type')))].sort(); }
  stats() {
    let nodes = 0, edges = 0, visible = 0;
    this.cy.nodes().forEach(n => { if (!n.hasClass('synthetic')) { nodes++; if (!hasAny(n, 'filtered', 'user-hidden')) visible++; } });
    this.cy.edges().forEach(e => { if (!e.hasClass('synthetic')) edges++; });
    return { nodes, edges, visible };
  }

  nodeIds() { return this.cy.nodes().filter(isReal).map(n => n.id()); }
  selectedNodeIds() { return this.cy.nodes(':selected').map(n => n.id()); }
  selected() { const s = this.cy.$(':selected'); return s.length ? s.last() : null; }

  // ---- shaping (shaping.js) ----

  groupBy(how) { this.shape.groupBy(how); return this.layout({}); }
  collapseAround(id) { this.refold('collapse', () => this.shape.collapseAround(id)); }
  // openFold shows a "+N Kind" fold's leaves again.
  openFold(id) { this.refold('open fold', () => this.shape.expandGroup(id)); }
  // folds: the hubs whose leaves were asked folded and the folds opened;
  // setFolds restores them (undo). A change of them emits 'folded'.
  folds() { return { asked: [...(this.shape.asked || [])], open: [...this.shape.openGroups] }; }
  setFolds(f) { this.shape.asked = new Set(f.asked); this.shape.openGroups = new Set(f.open); this.shape.refresh(); this.relabel(); this.bus.emit('graph', this.stats()); }
  refold(label, change) {
    const before = this.folds();
    change();
    this.relabel();
    this.bus.emit('graph', this.stats());
    const after = this.folds();
    if (JSON.stringify(after) !== JSON.stringify(before)) this.bus.emit('folded', { label, before, after });
  }

  // ---- the picture, for the automation hook (hook.js) ----

  rendererName() { return this.big ? 'canvas-2d' : 'cytoscape-canvas'; }
  layoutBusy() { return this.layoutsQueued > 0; }

  // describeNodes: every node with its rendered box (pixels relative to the
  // container), its label and whether both are drawn.
  describeNodes() {
    if (this.big) return this.bigView.describe();
    const z = this.cy.zoom();
    return this.cy.nodes().not('.compound').map(n => {
      const p = n.renderedPosition();
      const shown = !n.hasClass('filtered') && !n.hasClass('user-hidden') && !n.hasClass('collapsed');
      const label = n.data('name') || '';
      const labelPx = parseFloat(n.style('font-size')) * z;
      const drawn = n.style('label') !== '';
      const out = {
        id: n.id(), x: p.x, y: p.y, w: n.renderedWidth(), h: n.renderedHeight(),
        label, labelShown: shown && drawn && labelPx >= parseFloat(n.style('min-zoomed-font-size')), shown,
        labelPx, kind: n.data('kind'), selected: n.selected(), pinned: n.locked(), highlighted: n.hasClass('hl'),
        color: n.style('background-color'),
        degree: n.data('deg') || 0, group: this.shape.groupOf(n.id()),
      };
      if (n.hasClass('leafgroup')) Object.assign(out, { synthetic: true, count: n.data('count'), members: n.data('members'), hub: n.data('hub') });
      return out;
    });
  }

  // asDrawn (the hook): a relation drawn within a "×N" edge is not shown
  // itself (bundled: true), the "×N" edge is; otherwise (the panels) it is
  // shown when it is in view. faded: from the classes whose style fades
  // (outdated, dim), not from the computed style (costly on large views).
  describeEdges({ asDrawn = false } = {}) {
    const hidden = ele => ele.hasClass('filtered') || ele.hasClass('user-hidden') || ele.hasClass('collapsed');
    return this.cy.edges().filter(e => !e.hasClass('groupedge')).map(e => {
      const d = e.data();
      const inView = !hidden(e) && !hidden(e.source()) && !hidden(e.target());
      if (e.hasClass('bundle')) return { id: d.id, from: d.source, to: d.target, shown: inView, synthetic: true, count: d.count, members: d.members, type: d.type };
      const bundled = e.hasClass('in-bundle');
      return {
        id: d.id, from: d.source, to: d.target, shown: inView && !(asDrawn && bundled), bundled,
        type: d.type, since: d.since, until: d.until, grade: d.grade,
        faded: e.hasClass('outdated') || e.hasClass('dim'), selected: e.selected(), highlighted: e.hasClass('hl'),
      };
    });
  }

  // relabel: level of detail. Labels of the most connected drawn nodes
  // (as many as the drawing area holds at this zoom), the selected and the
  // highlighted ones, sized to LABEL_PX rendered pixels whatever the zoom.
  relabel() {
    if (this.big) { this.bigView.update(); return; }
    const cy = this.cy;
    const z = cy.zoom();
    this.labelZoom = z;
    const fs = LABEL_PX / Math.min(1, z);
    const drawn = cy.nodes().not('.filtered, .user-hidden, .collapsed, .compound');
    const room = Math.max(8, Math.floor((cy.width() * cy.height()) / (170 * 46)));
    const bb = this.large ? this.nodeBox(drawn) : drawn.boundingBox();
    // the share of the drawing shown on screen, so that zooming in shows more labels
    const onScreen = Math.min(1, (cy.width() * cy.height()) / Math.max(1, bb.w * z * bb.h * z));
    const k = Math.ceil(room / Math.max(0.05, onScreen));
    // Most connected first; a label is kept only when its box (under the
    // node, in rendered pixels) meets no label already kept.
    const forced = n => n.selected() || n.hasClass('hl') || n.hasClass('leafgroup');
    const ranked = drawn.sort((a, b) => (forced(b) - forced(a)) || ((b.data('deg') || 0) - (a.data('deg') || 0)));
    const major = new Set();
    const cells = new Map();
    const CELL = 120;
    const fits = (x1, y1, x2, y2) => {
      for (let i = Math.floor(x1 / CELL); i <= Math.floor(x2 / CELL); i++) {
        for (let j = Math.floor(y1 / CELL); j <= Math.floor(y2 / CELL); j++) {
          for (const b of cells.get(`${i},${j}`) || []) if (x1 < b[2] && b[0] < x2 && y1 < b[3] && b[1] < y2) return false;
        }
      }
      return true;
    };
    const above = new Set(); // labels that met another below their node and went above it
    for (const n of ranked) {
      if (major.size >= k && !forced(n)) break;
      const p = n.renderedPosition();
      const px = LABEL_PX * Math.max(1, z);
      const w = Math.min(15 * px, 0.62 * px * (n.data('name') || '').length), hh = n.renderedHeight() / 2;
      let box = [p.x - w / 2, p.y + hh, p.x + w / 2, p.y + hh + px + 6];
      if (!forced(n) && !fits(...box)) {
        box = [p.x - w / 2, p.y - hh - px - 6, p.x + w / 2, p.y - hh];
        if (!fits(...box)) continue;
        above.add(n.id());
      }
      major.add(n.id());
      for (let i = Math.floor(box[0] / CELL); i <= Math.floor(box[2] / CELL); i++) {
        for (let j = Math.floor(box[1] / CELL); j <= Math.floor(box[3] / CELL); j++) {
          const key = `${i},${j}`;
          if (!cells.has(key)) cells.set(key, []);
          cells.get(key).push(box);
        }
      }
    }
    const edgeLabels = z >= EDGE_LABEL_ZOOM && !this.large;
    this.batch(() => {
      cy.edges().forEach(e => { if (e.hasClass('labelled') !== edgeLabels) e.toggleClass('labelled', edgeLabels); });
      drawn.forEach(n => {
        const m = major.has(n.id());
        if (m !== n.hasClass('major')) n.toggleClass('major', m);
        const up = above.has(n.id());
        if (up !== n.hasClass('label-above')) n.toggleClass('label-above', up);
        if (m && n.data('fs') !== fs) n.data({ fs, tmw: 15 * fs });
      });
    });
  }

  // ---- selection and viewport ----

  select(id) {
    this.cy.$(':selected').unselect();
    if (id) this.cy.getElementById(id).select();
  }

  center(id) {
    const n = this.node(id);
    if (n && this.big) { this.bigView.centre(n.position()); return; }
    if (n) this.cy.animate({ center: { eles: n }, duration: this.large ? 0 : 250 });
  }

  // ---- images of the view ----

  png() { return this.big ? new Promise(r => this.bigView.canvas.toBlob(r)) : this.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }); }
  svg() { return this.big ? this.bigView.svg() : this.cy.svg({ full: true, scale: 1, bg: '#ffffff' }); }

  // ---- changing the graph ----

  // add merges a subgraph answer into the view and lays out the new part.
  // anchor: id of the node the new nodes grow from (placed around it).
  async add(sub, { anchor = null, layout = true, select = null } = {}) {
    const cy = this.cy;
    const t = [performance.now()];
    for (const s of sub.sources || []) this.sources.set(s.id, s);
    const newNodes = [];
    const newEdges = [];
    const center = this.anchorPosition(anchor);
    const fresh = (sub.nodes || []).filter(n => !this.node(n.id));
    // Fresh nodes start on a sunflower spiral around the anchor: a disc
    // that the layout then refines (and what is drawn until it has).
    const first = cy.nodes().length === 0;
    fresh.forEach((n, i) => {
      const r = 45 * Math.sqrt(i + (first ? 0 : 1.5));
      const a = i * 2.399963;
      newNodes.push({ group: 'nodes', data: nodeData(n), position: { x: center.x + r * Math.cos(a), y: center.y + r * Math.sin(a) } });
    });
    for (const n of sub.nodes || []) {
      const existing = this.node(n.id);
      if (existing) existing.data(nodeData(n));
    }
    const present = new Set([...cy.nodes().map(n => n.id()), ...fresh.map(n => n.id)]);
    for (const e of sub.edges || []) {
      if (this.edge(e.id) || !present.has(e.from) || !present.has(e.to)) continue;
      newEdges.push({ group: 'edges', data: edgeData(e, this.rules.default_credibility) });
    }
    // Switch the stylesheet (or the renderer) before adding, so that it is
    // not re-applied to every new element afterwards.
    this.checkLarge(cy.nodes().length + fresh.length);
    t.push(performance.now());
    // Added in chunks, each its own task, so that a big answer never holds
    // the main thread for long (nodes first: edges need their ends). The
    // nodes are drawn as they come; no picture is drawn while the edges
    // are added (each picture draws every element in view); the style of
    // each chunk is computed in its task.
    let added = cy.collection();
    const chunk = this.big ? BIG_ADD_CHUNK : ADD_CHUNK;
    for (const list of [newNodes, newEdges]) {
      const resume = list === newEdges ? this.pauseDrawing() : () => {};
      try {
        for (let i = 0; i < list.length; i += chunk) {
          if (i > 0) await new Promise(r => setTimeout(r, 0));
          if (i > 0 && !this.big) await nextTask();
          const part = this.batch(() => {
            const eles = cy.add(list.slice(i, i + chunk));
            this.applyFilters(eles, { view: false });
            return eles;
          });
          added = added.union(part);
          // the chunk's style now, in its own task (else the next frame styles every chunk)
          if (!this.big) part.cleanStyle();
          else if (list === newNodes) this.bigView.update();
        }
      } finally { resume(); }
      if (list.length > chunk) await nextTask(); // the picture in its own task
    }
    // anything re-added by the user is shown again; then the filters over
    // the whole view (orphans, citation roles) once
    this.batch(() => {
      for (const n of sub.nodes || []) this.node(n.id)?.removeClass('user-hidden');
      this.applyFilters(added.nodes().union(added.edges().connectedNodes()), { elements: false });
    });
    if (added.length > chunk) await nextTask();
    this.shape.refresh();
    if (added.length > chunk) await nextTask();
    t.push(performance.now());
    // (a big answer: the panels redraw one per task, while the layout runs in the worker)
    const panels = added.length > chunk ? this.bus.emitSpread('graph', this.stats()) : this.bus.emit('graph', this.stats());
    t.push(performance.now());
    if (select) {
      cy.$(':selected').unselect();
      this.node(select)?.select();
    }
    if (layout && added.nodes().length > 0) {
      const oldCount = cy.nodes().length - added.nodes().length;
      await this.layout({ incremental: oldCount > 0 && this.layoutName === 'fcose', fresh: added.nodes() });
      t.push(performance.now());
    } else if (added.nonempty()) {
      this.bus.emit('graph', this.stats());
    }
    await panels;
    // where the time went, in ms: prepare, add, UI updates, layout (read by the perf test)
    this.lastAdd = t.slice(1).map((x, i) => Math.round(x - t[i]));
    return added;
  }

  anchorPosition(anchor) {
    const n = anchor && this.node(anchor);
    if (n) return { ...n.position() };
    if (this.cy.nodes().length === 0) return { x: 0, y: 0 };
    const bb = this.visibleNodes().boundingBox();
    return { x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2 };
  }

  hide(ids) {
    this.batch(() => {
      for (const id of ids) {
        const n = this.node(id);
        if (n) { n.unselect(); n.addClass('user-hidden'); }
      }
      this.applyFilters(this.cy.collection());
    });
    this.shape.refresh();
    this.bus.emit('graph', this.stats());
  }

  // unhide shows nodes hidden by the user again.
  unhide(ids) {
    this.batch(() => {
      for (const id of ids) this.node(id)?.removeClass('user-hidden');
      this.applyFilters(this.cy.collection());
    });
    this.bus.emit('graph', this.stats());
  }

  hiddenNodes() { return this.cy.nodes('.user-hidden').map(n => ({ id: n.id(), name: n.data('name'), kind: n.data('kind') })); }

  // remove takes elements out of the view and returns them as JSON, with
  // their positions and classes, for restore (undo).
  remove(ids) {
    const els = this.cy.collection();
    for (const id of ids) { const e = this.cy.getElementById(id); if (e.nonempty()) els.merge(e.isNode() ? e.union(e.connectedEdges()) : e); }
    const json = els.jsons();
    this.batch(() => { els.remove(); this.applyFilters(this.cy.collection()); });
    this.bus.emit('graph', this.stats());
    return json;
  }

  // restore puts elements given by remove back (nodes before edges).
  restore(json) {
    const fresh = json.filter(j => this.cy.getElementById(j.data.id).empty());
    fresh.sort((a, b) => (a.group === 'nodes' ? 0 : 1) - (b.group === 'nodes' ? 0 : 1));
    this.batch(() => {
      const added = this.cy.add(fresh.filter(j => j.group === 'nodes' || (this.node(j.data.source) || fresh.some(x => x.data.id === j.data.source))));
      added.unselect();
      this.applyFilters(added);
    });
    this.bus.emit('graph', this.stats());
  }

  // allPositions: every node's model position (hidden ones too).
  allPositions() {
    const out = {};
    this.cy.nodes().forEach(n => { out[n.id()] = { ...n.position() }; });
    return out;
  }

  // viewport / setViewport: zoom and pan, kept by undo of a layout.
  viewport() { return { zoom: this.cy.zoom(), pan: { ...this.cy.pan() } }; }
  setViewport(v) { this.cy.viewport({ zoom: v.zoom, pan: v.pan }); }

  setPositions(pos) {
    this.batch(() => { for (const [id, p] of Object.entries(pos)) { const n = this.node(id); if (n && p) n.position(p); } });
  }

  setPinned(id, on) {
    const n = this.node(id);
    if (!n || n.locked() === on) return;
    this.togglePin(id);
  }

  // onMove calls fn(id, from, to) when the user drags a node and lets go.
  onMove(fn) {
    const grabbed = new Map();
    this.cy.on('grab', 'node', ev => { ev.target.union(this.cy.nodes(':selected')).forEach(n => grabbed.set(n.id(), { ...n.position() })); });
    this.cy.on('free', 'node', () => {
      const from = {}, to = {};
      for (const [id, p] of grabbed) {
        const n = this.node(id);
        if (n && (n.position().x !== p.x || n.position().y !== p.y)) { from[id] = p; to[id] = { ...n.position() }; }
      }
      grabbed.clear();
      if (Object.keys(from).length) fn(from, to);
    });
  }

  // viewEntities: every node with its position and flags (a saved chart's entities).
  viewEntities() {
    return this.cy.nodes().map(n => {
      const p = n.position();
      return { id: n.id(), x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10, hidden: n.hasClass('user-hidden'), pinned: n.locked() };
    });
  }
  selectedIds() { return this.cy.$(':selected').map(e => e.id()); }
  selectIds(ids) {
    this.cy.$(':selected').unselect();
    for (const id of ids) this.cy.getElementById(id).select();
  }

  // anchorOf: where a note on id (a node, or a relation's midpoint) sits,
  // in rendered pixels of the container; null when it is not shown.
  anchorOf(id) {
    const e = this.cy.getElementById(id);
    if (e.empty() || e.hasClass('filtered') || e.hasClass('user-hidden')) return null;
    if (e.isNode()) { const p = e.renderedPosition(); return { x: p.x, y: p.y - e.renderedHeight() / 2 }; }
    if (e.source().hasClass('filtered') || e.target().hasClass('filtered')) return null;
    return e.renderedMidpoint();
  }
  // toRendered / toModel convert canvas points between model and rendered pixels.
  toRendered(p) { const z = this.cy.zoom(), pan = this.cy.pan(); return { x: p.x * z + pan.x, y: p.y * z + pan.y }; }
  toModel(p) { const z = this.cy.zoom(), pan = this.cy.pan(); return { x: (p.x - pan.x) / z, y: (p.y - pan.y) / z }; }
  // onViewport calls fn after the picture moved (pan, zoom, node moves, layouts).
  onViewport(fn) {
    let queued = false;
    this.cy.on('viewport position render', () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; fn(); });
    });
  }

  selectNeighbours(id) {
    const n = this.node(id);
    if (n) n.closedNeighborhood().not('.filtered, .user-hidden').select();
  }

  togglePin(id) {
    const n = this.node(id);
    if (!n) return false;
    if (n.locked()) { n.unlock(); n.removeClass('pinned'); } else { n.lock(); n.addClass('pinned'); }
    this.bus.emit('select', n);
    return n.locked();
  }

  clear() {
    this.cy.stop();
    this.cy.elements().remove();
    this.sources.clear();
    this.checkLarge();
    this.bus.emit('select', null);
    this.bus.emit('graph', this.stats());
  }

  // ---- highlights ----

  highlight(nodeIds, edgeIds) {
    const cy = this.cy;
    this.batch(() => {
      cy.elements().removeClass('hl').addClass('dim');
      for (const id of [...nodeIds, ...edgeIds]) cy.getElementById(id).removeClass('dim').addClass('hl');
    });
    // Small views stay whole, with the path lit; large ones zoom to the path.
    const hl = cy.elements('.hl');
    if (this.big) { this.bigView.update(); return; }
    if (hl.empty()) return;
    const target = this.visibleNodes().length > 150 ? hl : this.visibleElements();
    cy.fit(target, 50);
    if (cy.zoom() > MAX_FIT_ZOOM) { cy.zoom(MAX_FIT_ZOOM); cy.center(hl); }
  }

  clearHighlight() {
    this.batch(() => this.cy.elements().removeClass('hl dim'));
  }

  // paintAnalysis sizes nodes by size (id -> size in px) and colours them
  // by colour (id -> CSS colour); a node missing from a map, or a null map,
  // goes back to its kind's size and colour.
  paintAnalysis(size, colour) {
    this.batch(() => this.cy.nodes().forEach(n => {
      const s = size && size.get(n.id());
      const c = colour && colour.get(n.id());
      if (s) n.data('asize', s); else n.removeData('asize');
      if (c) n.data('acolour', c); else n.removeData('acolour');
    }));
  }

  // ---- filters ----

  // applyFilters sets the classes of eles from the filters (filtering.js);
  // positions stay. Then, over the whole view: entities left without a shown
  // relation are hidden (hideOrphans), and entities whose only relations are
  // citation roles (authors, outlets) get the class "citation-role".
  // view: false leaves the whole-view pass out, elements: false the pass
  // over eles (a big answer runs the first per chunk, the second once).
  applyFilters(eles, { view = true, elements = true } = {}) {
    const f = this.filters;
    const cred = this.rules.default_credibility;
    // set toggles a class only when it changes (an unchanged class still costs a restyle)
    const set = (ele, cls, on) => { if (ele.hasClass(cls) !== on) ele.toggleClass(cls, on); };
    if (elements) {
      eles.nodes().forEach(n => set(n, 'filtered', !nodeKept(n.data(), f)));
      eles.edges().forEach(e => {
        const { keep, holds } = edgeKept(e.data(), f, cred);
        set(e, 'filtered', !keep);
        set(e, 'outdated', !holds);
      });
    }
    if (!view) return;
    // (real entities only: a "+N Kind" node or a group's box has no kind,
    // marking or properties of its own; the shaper redraws them after)
    // (plain arrays and class tests: a selector per node costs a parse each)
    this.cy.nodes().forEach(n => {
      if (n.hasClass('synthetic')) return;
      const edges = n.connectedEdges().toArray().filter(isReal);
      const kept = nodeKept(n.data(), f);
      set(n, 'citation-role', edges.length > 0 && edges.every(e => CITATION_TYPES.has(e.data('type'))));
      if (edges.length === 0 || !f.hideOrphans || !kept) { set(n, 'filtered', !kept); return; }
      const id = n.id();
      const shown = edges.some(e => {
        const other = e.data('source') === id ? e.target() : e.source();
        return !e.hasClass('filtered') && !other.hasClass('user-hidden') && nodeKept(other.data(), f);
      });
      set(n, 'filtered', !shown);
    });
    // A node none of whose relations holds in the time window fades (or
    // hides with "hide the others"); a node without relations stays.
    const timed = Boolean(f.asOf || f.fromDate || f.toDate);
    eles.nodes().union(eles.edges().connectedNodes()).forEach(n => { // the ends of added relations too
      const rels = n.connectedEdges();
      const out = timed && rels.length > 0 && rels.every(e => e.hasClass('outdated'));
      set(n, 'outdated', out);
      if (out && f.asOfHide) set(n, 'filtered', true);
    });
  }

  // ---- layouts ----

  // setLayoutName makes name the layout of the view (store: layoutName)
  // and lays the view out with it.
  setLayoutName(name) {
    this.store.set({ layoutName: name });
    return this.layout({});
  }

  // layout queues a layout of the visible elements and resolves when it
  // stopped. incremental: keep the old nodes where they are and place the
  // fresh ones among them. Small views run fcose here (animated); large
  // ones the force layout of layouts/force.js in the worker, drawn as it
  // settles; the hierarchy always runs in the worker (layouts/hierarchy.js).
  layout({ name = this.layoutName, incremental = false, fresh = null } = {}) {
    const run = async () => {
      const eles = this.visibleElements();
      const count = eles.nodes().length;
      if (count === 0) return 0;
      const t0 = performance.now();
      let worker = false;
      try {
        if (name === 'dagre') {
          worker = await this.jobLayout('hierarchy', eles, { aspect: this.cy.width() / Math.max(1, this.cy.height()) }, { animate: !this.large && count < 150 });
        } else if (count >= WORKER_MIN) {
          const freshIds = incremental && fresh ? new Set(fresh.map(n => n.id())) : null;
          const fixed = n => n.locked() || (freshIds ? !freshIds.has(n.id()) : false);
          worker = await this.jobLayout('force', eles, { budgetMs: FORCE_BUDGET_MS }, { fixed, progress: this.big });
        } else {
          await this.fcose(eles, { incremental, fresh });
        }
      } catch (err) {
        console.error(`${name} layout failed:`, err);
      }
      const ms = performance.now() - t0;
      const cy = this.cy;
      if (cy.zoom() > MAX_FIT_ZOOM) { cy.zoom(MAX_FIT_ZOOM); cy.center(eles); }
      this.relabel();
      this.lastLayout = { name, ms, nodes: count, worker };
      this.bus.emit('layout', this.lastLayout);
      return ms;
    };
    this.layoutsQueued++;
    const counted = () => run().finally(() => { this.layoutsQueued--; });
    this.layoutChain = this.layoutChain.then(counted, counted);
    return this.layoutChain;
  }

  // fcose: today's layout of small views, on the main thread (under
  // WORKER_MIN nodes it takes a few tens of ms).
  fcose(eles, { incremental, fresh }) {
    const fixed = [];
    if (incremental && fresh) {
      const freshIds = new Set(fresh.map(n => n.id()));
      eles.nodes().forEach(n => { if (!freshIds.has(n.id())) fixed.push({ nodeId: n.id(), position: { ...n.position() } }); });
    } else {
      eles.nodes('.pinned').forEach(n => fixed.push({ nodeId: n.id(), position: { ...n.position() } }));
    }
    const n = eles.nodes().length;
    const opts = {
      name: 'fcose',
      quality: 'default',
      randomize: !(incremental || fixed.length > 0),
      animate: !this.large && n < 150, animationDuration: 400,
      fit: true, padding: 30,
      nodeDimensionsIncludeLabels: n < 200,
      nodeRepulsion: 16000,
      idealEdgeLength: n < 200 ? 150 : 90,
      edgeElasticity: 0.45,
      numIter: 2500,
      initialEnergyOnIncremental: 0.3,
      fixedNodeConstraint: fixed.length ? fixed : undefined,
      ...(this.tuning || {}), // for tuning from the console
    };
    return new Promise(resolve => {
      const layout = eles.layout(opts);
      layout.one('layoutstop', resolve);
      layout.run();
    });
  }

  // jobLayout lays eles out with a layout of layouts/ (kind 'force' or
  // 'hierarchy'): in the worker when there is one (progress: positions are
  // drawn as they come), else here. Resolves true when the worker ran it.
  async jobLayout(kind, eles, options, { fixed = () => false, progress = false, animate = false } = {}) {
    const upward = new Set(this.rules.upward_types);
    eles = eles.not('.compound'); // group boxes follow their members
    // (a big view has no computed style: sizes by degree as the style's)
    const size = n => (this.big ? nodeSize(n.data('deg')) + 4 : null);
    const nodes = eles.nodes().map(n => {
      const p = n.position();
      return { id: n.id(), w: size(n) ?? n.outerWidth(), h: size(n) ?? n.outerHeight(), x: p.x, y: p.y, fixed: fixed(n), kind: n.data('kind'), label: n.data('name'), group: this.shape.groupOf(n.id()) };
    });
    const edges = eles.edges().map(e => {
      const up = kind === 'hierarchy' && upward.has(e.data('type'));
      return { source: (up ? e.target() : e.source()).id(), target: (up ? e.source() : e.target()).id() };
    });
    let positions;
    let worker = false;
    if (this.workerAvailable()) {
      try {
        positions = await this.runInWorker({ kind, nodes, edges, options }, progress ? p => this.place(eles, p, false) : null);
        worker = true;
      } catch (err) {
        console.warn('layout worker failed, laying out on the main thread:', err);
      }
    }
    if (!positions) {
      const { forceLayout } = await import('./layouts/force.js');
      const { hierarchyLayout } = await import('./layouts/hierarchy.js');
      positions = kind === 'hierarchy' ? hierarchyLayout({ nodes, edges, ...options }) : forceLayout({ nodes, edges, ...options });
    }
    await this.place(eles.filter(e => !e.removed()), positions, true, animate);
    return worker;
  }

  // place moves the nodes of eles to positions (id -> {x, y}); fit: fit the
  // view to them afterwards (animated when asked).
  place(eles, positions, fit, animate = false) {
    const nodes = eles.nodes().filter(n => positions[n.id()] && !n.locked());
    if (animate) {
      return new Promise(resolve => {
        eles.layout({ name: 'preset', positions: n => positions[n.id()] || n.position(), fit: true, padding: 30, animate: true, animationDuration: 300 })
          .one('layoutstop', resolve).run();
      });
    }
    if (this.big) return this.placeBig(nodes, positions, fit);
    this.batch(() => nodes.positions(n => positions[n.id()]));
    if (fit) this.fit();
    return Promise.resolve();
  }

  // placeBig: the same in the big view, PLACE_CHUNK nodes per task (moving a
  // node costs Cytoscape its events and caches even without a renderer); a
  // later placement stops an earlier one.
  async placeBig(nodes, positions, fit) {
    const seq = this.placeSeq = (this.placeSeq || 0) + 1;
    const list = nodes.toArray();
    for (let i = 0; i < list.length; i += PLACE_CHUNK) {
      if (i > 0) await new Promise(r => setTimeout(r, 0));
      if (seq !== this.placeSeq) return;
      this.batch(() => { for (const n of list.slice(i, i + PLACE_CHUNK)) n.position(positions[n.id()]); });
    }
    if (fit) this.fit(); else this.bigView.update();
  }

  workerAvailable() {
    if (this.worker === null) {
      try {
        this.worker = new Worker('layout-worker.js');
        this.worker.onmessage = ({ data }) => {
          const job = this.workerJobs.get(data.id);
          if (!job) return;
          if (data.progress) { job.progress?.(data.positions); return; }
          this.workerJobs.delete(data.id);
          if (data.error) job.reject(new Error(data.error)); else job.resolve(data.positions);
        };
        this.worker.onerror = ev => {
          for (const job of this.workerJobs.values()) job.reject(new Error(ev.message || 'layout worker error'));
          this.workerJobs.clear();
          this.worker = false; // do not try again
        };
      } catch (err) {
        console.warn('no layout worker:', err);
        this.worker = false;
      }
    }
    return Boolean(this.worker);
  }

  runInWorker(msg, progress) {
    const id = ++this.workerSeq;
    return new Promise((resolve, reject) => {
      this.workerJobs.set(id, { resolve, reject, progress });
      this.worker.postMessage({ id, ...msg });
    });
  }

  fit() {
    if (this.big) { this.bigView.update(); this.bigView.fit(); this.viewportMoved(); return; }
    const cy = this.cy;
    const eles = this.visibleElements();
    if (this.large) {
      // from the nodes' positions and sizes: Cytoscape's bounding box of
      // thousands of elements (labels and edges) costs a long task
      const bb = this.nodeBox(eles.nodes());
      const pad = 30;
      const z = Math.min(MAX_FIT_ZOOM, (cy.width() - 2 * pad) / Math.max(1, bb.w), (cy.height() - 2 * pad) / Math.max(1, bb.h));
      cy.viewport({ zoom: z, pan: { x: cy.width() / 2 - z * (bb.x1 + bb.x2) / 2, y: cy.height() / 2 - z * (bb.y1 + bb.y2) / 2 } });
    } else {
      cy.fit(eles, 30);
      if (cy.zoom() > MAX_FIT_ZOOM) { cy.zoom(MAX_FIT_ZOOM); cy.center(eles); }
    }
    this.relabel();
  }

  // nodeBox: the box of the nodes' shapes (a label's height more below).
  nodeBox(nodes) {
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    nodes.forEach(n => {
      const p = n.position(), w = n.outerWidth() / 2, h = n.outerHeight() / 2;
      x1 = Math.min(x1, p.x - w); x2 = Math.max(x2, p.x + w);
      y1 = Math.min(y1, p.y - h); y2 = Math.max(y2, p.y + h + LABEL_PX + 6);
    });
    if (x1 > x2) return { x1: 0, y1: 0, x2: 0, y2: 0, w: 0, h: 0 };
    return { x1, y1, x2, y2, w: x2 - x1, h: y2 - y1 };
  }

  sheet() { return stylesheet(this.rules).concat(this.large ? largeGraphOverrides() : []); }

  // pauseDrawing keeps Cytoscape from drawing (its style and geometry
  // updates still run between frames) until the function it returns is called.
  pauseDrawing() {
    const r = this.cy.renderer();
    if (this.big || !r || typeof r.render !== 'function' || r.render.paused) return () => {};
    const render = r.render;
    const paused = () => {};
    paused.paused = true;
    r.render = paused;
    return () => { r.render = render; r.redraw?.(); };
  }

  // viewportMoved: the big view's zoom and pan, given to cy (which has no
  // renderer then) for the code that converts positions through it.
  viewportMoved() {
    if (!this.big) return;
    const cy = this.cy;
    cy.minZoom(1e-4);
    cy.viewport({ zoom: this.bigView.zoom, pan: { ...this.bigView.pan } });
  }

  // Large graphs: straight edges, no animation, texture while panning.
  // Big ones: Cytoscape without a renderer, drawn by bigview.js.
  checkLarge(count = this.cy.nodes().length) {
    const big = count > BIG;
    if (big !== this.big) {
      this.big = big;
      const cy = this.cy;
      if (big) {
        const old = cy.renderer()?.data?.canvasContainer;
        cy.unmount();
        old?.remove();
        this.bigView.activate();
      } else {
        this.bigView.deactivate();
        cy.mount(this.container);
        this.large = null; // the stylesheet and the renderer's options set again below
      }
    }
    const large = count > LARGE;
    if (large === this.large) return;
    this.large = large;
    this.cy.style(this.sheet());
    // While panning and zooming a large graph, draw a texture of it and
    // leave the edges out (renderer options; set at run time here).
    const r = this.cy.renderer();
    if (r) { r.hideEdgesOnViewport = large; r.textureOnViewport = large; }
  }
}

// isReal: not a synthetic element.
const isReal = ele => !ele.hasClass('synthetic');

// nextTask resolves in a later task (after a frame), so that the work
// after it is not one long task with the work before.
const nextTask = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));

function nodeData(n) {
  return {
    id: n.id, kind: n.kind, name: n.name || n.id, deg: 0, fs: 12, tmw: 180,
    aliases: n.aliases || [], summary: n.summary || '', props: n.props || {}, marking: n.marking || '',
    geo: n.geo || null,
  };
}

function edgeData(e, defaultCredibility) {
  return {
    id: e.id, source: e.from, target: e.to, type: e.type,
    since: e.since || '', until: e.until || '',
    credibility: e.credibility || defaultCredibility, grade: e.grade || '',
    low: isLowGrade(e.grade, e.credibility || defaultCredibility),
    sources: e.sources || [], note: e.note || '', props: e.props || {}, marking: e.marking || '',
  };
}
