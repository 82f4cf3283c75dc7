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
import dagre from 'cytoscape-dagre';
import svg from 'cytoscape-svg';
import { stylesheet, largeGraphOverrides } from './style.js';
import { holdsAt, isLowGrade, admits } from './dates.js';

cytoscape.use(fcose);
cytoscape.use(dagre);
cytoscape.use(svg);

const LARGE = 400; // nodes: above this, cheaper drawing and no animation
const WORKER_MIN = 300; // nodes: from here on fcose runs in a Web Worker
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
    });
    // gestures become requests on the bus; main.js decides what they do
    cy.on('dbltap', 'node', ev => this.bus.emit('node-dbltap', ev.target.id()));
    cy.on('cxttap', 'node', ev => { this.select(ev.target.id()); this.bus.emit('node-context', ev.target.id()); });
    store.on('filters', () => {
      this.batch(() => this.applyFilters(this.cy.elements()));
      this.bus.emit('graph', this.stats());
    });
    store.on('config', () => this.cy.style(this.sheet()));
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
  visibleNodes() { return this.cy.nodes().not('.filtered, .user-hidden'); }
  visibleElements() {
    const nodes = this.visibleNodes();
    return nodes.union(nodes.edgesWith(nodes).not('.filtered, .user-hidden'));
  }
  visibleIds() { return this.visibleNodes().map(n => n.id()); }
  // markings lists the marking of every visible node and relation (the
  // marked images take the highest); kinds the visible nodes' kinds.
  markings() { return this.visibleElements().map(e => e.data('marking') || 'TLP:CLEAR'); }
  kinds() { return [...new Set(this.visibleNodes().map(n => n.data('kind')))]; }
  positions() {
    const out = {};
    this.visibleNodes().forEach(n => { const p = n.position(); out[n.id()] = { x: Math.round(p.x), y: Math.round(p.y) }; });
    return out;
  }
  dates() {
    const out = [];
    this.cy.edges().forEach(e => { out.push(e.data('since'), e.data('until')); });
    return out.filter(Boolean);
  }
  types() { return [...new Set(this.cy.edges().map(e => e.data('type')))].sort(); }
  stats() {
    return { nodes: this.cy.nodes().length, edges: this.cy.edges().length, visible: this.visibleNodes().length };
  }

  nodeIds() { return this.cy.nodes().map(n => n.id()); }
  selectedNodeIds() { return this.cy.nodes(':selected').map(n => n.id()); }
  selected() { const s = this.cy.$(':selected'); return s.length ? s.last() : null; }

  // ---- the picture, for the automation hook (hook.js) ----

  rendererName() { return 'cytoscape-canvas'; }
  layoutBusy() { return this.layoutsQueued > 0; }

  // describeNodes: every node with its rendered box (pixels relative to the
  // container), its label and whether both are drawn.
  describeNodes() {
    const z = this.cy.zoom();
    return this.cy.nodes().map(n => {
      const p = n.renderedPosition();
      const shown = !n.hasClass('filtered') && !n.hasClass('user-hidden');
      const label = n.style('label') || '';
      const labelPx = parseFloat(n.style('font-size')) * z;
      return {
        id: n.id(), x: p.x, y: p.y, w: n.renderedWidth(), h: n.renderedHeight(),
        label, labelShown: shown && label !== '' && labelPx >= parseFloat(n.style('min-zoomed-font-size')), shown,
        labelPx, kind: n.data('kind'), selected: n.selected(), pinned: n.locked(), highlighted: n.hasClass('hl'),
        color: n.style('background-color'),
      };
    });
  }

  describeEdges() {
    const hidden = ele => ele.hasClass('filtered') || ele.hasClass('user-hidden');
    return this.cy.edges().map(e => {
      const d = e.data();
      return {
        id: d.id, from: d.source, to: d.target,
        shown: !hidden(e) && !hidden(e.source()) && !hidden(e.target()),
        type: d.type, since: d.since, until: d.until, grade: d.grade,
        faded: Number(e.style('opacity')) < 0.5, selected: e.selected(), highlighted: e.hasClass('hl'),
      };
    });
  }

  // ---- selection and viewport ----

  select(id) {
    this.cy.$(':selected').unselect();
    if (id) this.cy.getElementById(id).select();
  }

  center(id) {
    const n = this.node(id);
    if (n) this.cy.animate({ center: { eles: n }, duration: this.large ? 0 : 250 });
  }

  // ---- images of the view ----

  png() { return this.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }); }
  svg() { return this.cy.svg({ full: true, scale: 1, bg: '#ffffff' }); }

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
    // Switch the stylesheet before adding, so that it is not re-applied to
    // every new element afterwards.
    this.checkLarge(cy.nodes().length + fresh.length);
    t.push(performance.now());
    let added = cy.collection();
    this.batch(() => {
      added = cy.add([...newNodes, ...newEdges]);
      // anything re-added by the user is shown again
      for (const n of sub.nodes || []) this.node(n.id)?.removeClass('user-hidden');
      this.applyFilters(added);
    });
    t.push(performance.now());
    this.bus.emit('graph', this.stats());
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
    // where the time went, in ms: prepare, add, UI updates, layout (read by the perf test)
    this.lastAdd = t.slice(1).map((x, i) => Math.round(x - t[i]));
    return added;
  }

  // remove takes elements out of the view (deleted, merged or replaced).
  remove(ids) {
    this.batch(() => { for (const id of ids) this.cy.getElementById(id).remove(); });
    this.bus.emit('graph', this.stats());
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
    });
    this.bus.emit('graph', this.stats());
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

  // applyFilters sets the classes of eles from the filters; positions stay.
  applyFilters(eles) {
    const f = this.filters;
    eles.nodes().forEach(n => { n.toggleClass('filtered', f.hiddenKinds.has(n.data('kind'))); });
    eles.edges().forEach(e => {
      const d = e.data();
      const holds = holdsAt(d.since, d.until, f.asOf);
      const keep = !f.hiddenTypes.has(d.type) && admits(d.grade, d.credibility, f.minRel, f.minCred, this.rules.default_credibility) && (holds || !f.asOfHide);
      e.toggleClass('filtered', !keep);
      e.toggleClass('outdated', !holds);
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
  // fresh ones among them.
  layout({ name = this.layoutName, incremental = false, fresh = null } = {}) {
    const run = () => new Promise(resolve => {
      const cy = this.cy;
      const eles = this.visibleElements();
      if (eles.nodes().length === 0) { resolve(0); return; }
      const t0 = performance.now();
      const animate = !this.large && eles.nodes().length < 150;
      let opts;
      if (name === 'dagre') {
        opts = { name: 'preset', positions: hierarchyPositions(eles, new Set(this.rules.upward_types)), fit: true, padding: 30, animate, animationDuration: 300 };
      } else {
        const fixed = [];
        if (incremental && fresh) {
          const freshIds = new Set(fresh.map(n => n.id()));
          eles.nodes().forEach(n => { if (!freshIds.has(n.id())) fixed.push({ nodeId: n.id(), position: { ...n.position() } }); });
        } else {
          eles.nodes('.pinned').forEach(n => fixed.push({ nodeId: n.id(), position: { ...n.position() } }));
        }
        opts = {
          name: 'fcose',
          // Above 1,200 nodes the force phase costs tens of seconds here
          // (cose-base runs at least 5 iterations per node), so large views
          // get the spectral draft only. ctl.quality overrides, for tuning.
          quality: this.quality || (eles.nodes().length > 1200 ? 'draft' : 'default'),
          randomize: !(incremental || fixed.length > 0),
          animate, animationDuration: 400,
          fit: true,
          padding: 30,
          nodeDimensionsIncludeLabels: eles.nodes().length < 200,
          nodeRepulsion: 9000,
          idealEdgeLength: eles.nodes().length < 200 ? 110 : 70,
          edgeElasticity: 0.45,
          numIter: 2500,
          // less energy in the force phase of big graphs: converges sooner
          initialEnergyOnIncremental: eles.nodes().length > 500 ? 0.1 : 0.3,
          fixedNodeConstraint: fixed.length ? fixed : undefined,
        };
      }
      const done = () => {
        const ms = performance.now() - t0;
        if (cy.zoom() > MAX_FIT_ZOOM) { cy.zoom(MAX_FIT_ZOOM); cy.center(eles); }
        this.lastLayout = { name, ms, nodes: eles.nodes().length, worker: opts.name === 'preset' && name === 'fcose' };
        this.bus.emit('layout', this.lastLayout);
        resolve(ms);
      };
      // A layout that throws must not stall the queue: log it and go on.
      const start = els => {
        try {
          if (els.empty()) { done(); return; }
          const layout = els.layout(opts);
          layout.one('layoutstop', done);
          layout.run();
        } catch (err) {
          console.error(`${opts.name} layout failed:`, err);
          done();
        }
      };
      if (this.tuning && name === 'fcose') Object.assign(opts, this.tuning); // for tuning from the console
      if (name === 'fcose' && eles.nodes().length >= WORKER_MIN && this.workerAvailable()) {
        // Off the main thread; the positions come back as a preset layout.
        this.runInWorker(eles, opts).then(({ positions }) => {
          opts = { name: 'preset', positions: n => positions[n.id()], fit: true, padding: 30, animate: false };
        }, err => {
          console.warn('layout worker failed, laying out on the main thread:', err);
        }).then(() => start(eles.filter(e => !e.removed())));
        return;
      }
      start(eles);
    });
    this.layoutsQueued++;
    const counted = () => run().finally(() => { this.layoutsQueued--; });
    this.layoutChain = this.layoutChain.then(counted, counted);
    return this.layoutChain;
  }

  workerAvailable() {
    if (this.worker === null) {
      try {
        this.worker = new Worker('layout-worker.js');
        this.worker.onmessage = ({ data }) => {
          const job = this.workerJobs.get(data.id);
          if (!job) return;
          this.workerJobs.delete(data.id);
          if (data.error) job.reject(new Error(data.error)); else job.resolve(data);
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

  runInWorker(eles, opts) {
    const id = ++this.workerSeq;
    const nodes = eles.nodes().map(n => {
      const p = n.position();
      const bb = n.layoutDimensions({ nodeDimensionsIncludeLabels: opts.nodeDimensionsIncludeLabels });
      return { id: n.id(), w: bb.w, h: bb.h, x: p.x, y: p.y };
    });
    const edges = eles.edges().map(e => ({ id: e.id(), source: e.source().id(), target: e.target().id() }));
    const { name, animate, animationDuration, fit, ...options } = opts;
    return new Promise((resolve, reject) => {
      this.workerJobs.set(id, { resolve, reject });
      this.worker.postMessage({ id, nodes, edges, options });
    });
  }

  fit() {
    const cy = this.cy;
    const eles = this.visibleElements();
    cy.fit(eles, 30);
    if (cy.zoom() > MAX_FIT_ZOOM) { cy.zoom(MAX_FIT_ZOOM); cy.center(eles); }
  }

  sheet() { return stylesheet(this.rules).concat(this.large ? largeGraphOverrides() : []); }

  // Large graphs: straight edges, no animation, texture while panning.
  checkLarge(count = this.cy.nodes().length) {
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

// hierarchyPositions runs dagre on a headless copy of eles with the upward
// edges (types that point from the part to the whole, child PART_OF parent;
// the server's rules.upward_types) reversed, so that the whole sits above
// its parts and a command chain reads top-down; returns positions by id.
function hierarchyPositions(eles, upward) {
  const copy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 150, height: 50 } }],
    elements: [
      ...eles.nodes().map(n => ({ group: 'nodes', data: { id: n.id() } })),
      ...eles.edges().map(e => {
        const up = upward.has(e.data('type'));
        return { group: 'edges', data: { id: e.id(), source: up ? e.target().id() : e.source().id(), target: up ? e.source().id() : e.target().id() } };
      }),
    ],
  });
  copy.layout({ name: 'dagre', rankDir: 'TB', nodeSep: 10, rankSep: 50, edgeSep: 5, fit: false, animate: false }).run();
  const pos = {};
  copy.nodes().forEach(n => { pos[n.id()] = { ...n.position() }; });
  copy.destroy();
  return node => pos[node.id()];
}

function nodeData(n) {
  return {
    id: n.id, kind: n.kind, name: n.name || n.id,
    aliases: n.aliases || [], summary: n.summary || '', props: n.props || {}, marking: n.marking || '',
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
