// A view as data: what a saved chart and a JSON export keep of the chart
// (entities with positions and hidden/pinned flags, filters, as-of date,
// selection, annotations, title), read from the controller and the store,
// and put back into them. The same shape is POST /api/v1/charts's body.
import { filterParams, filtersFrom } from './filtering.js';

// captureView reads the view from the controller and the store.
export function captureView(ctl, store) {
  const s = store.get();
  return {
    title: s.title || 'Untitled chart',
    entities: ctl.viewEntities(),
    // the analysis settings ride with the filters (the chart's URL form):
    // the chart re-opens sized and coloured by a fresh analysis
    filters: { ...filterParams(s.filters), ...analysisParams(s.analysis), ...askParam(s.answers) },
    time_window: s.filters.asOf ? { as_of: s.filters.asOf } : {},
    selection: ctl.selectedIds(),
    annotations: s.annotations,
  };
}

// askParam keeps the question whose answers are on screen (paths or
// oversight, as actions.js records it) in the filters' "ask", so that the
// chart re-opens with its answers and its brief carries them.
function askParam(answers) {
  const ask = answers && answers.ask && JSON.stringify(answers.ask);
  return ask && ask.length <= 2000 ? { ask } : {};
}
function askFrom(f) {
  try { const q = JSON.parse(f.ask || 'null'); return q && typeof q === 'object' ? q : null; } catch { return null; }
}

// analysisParams / analysisFrom: the analysis settings (store: analysis)
// as filter parameters, sizeby=<measure> and communities=1.
const MEASURES = ['degree', 'betweenness', 'closeness', 'pagerank', 'eigenvector'];
function analysisParams(a) {
  const out = {};
  if (a && a.sizeBy) out.sizeby = a.sizeBy;
  if (a && a.byCommunity) out.communities = '1';
  return out;
}
function analysisFrom(f) {
  return { sizeBy: MEASURES.includes(f.sizeby) ? f.sizeby : '', byCommunity: f.communities === '1' };
}

// applyView replaces the view with v: the entities (POST /subgraph) at
// their positions, hidden and pinned as saved, the filters, the selection
// and the annotations. Entities the caller cannot see are left out.
export async function applyView(v, { api, ctl, store, analyze, ask }) {
  ctl.clear();
  const ents = Array.isArray(v.entities) ? v.entities.filter(e => e && typeof e.id === 'string') : [];
  store.set({
    filters: filtersFrom(v.filters || {}),
    answers: null, activeAnswer: -1,
    annotations: Array.isArray(v.annotations) ? v.annotations : [],
    title: typeof v.title === 'string' ? v.title : '',
    analysis: { result: null, ...analysisFrom(v.filters || {}) },
  });
  if (ents.length === 0) return;
  const sub = await api.subgraph(ents.map(e => e.id));
  await ctl.add(sub, { layout: false });
  const pos = {};
  for (const e of ents) if (Number.isFinite(e.x) && Number.isFinite(e.y)) pos[e.id] = { x: e.x, y: e.y };
  ctl.setPositions(pos);
  ctl.hide(ents.filter(e => e.hidden).map(e => e.id));
  for (const e of ents) if (e.pinned) ctl.setPinned(e.id, true);
  ctl.selectIds(Array.isArray(v.selection) ? v.selection : []);
  ctl.fit();
  const a = store.get().analysis;
  if ((a.sizeBy || a.byCommunity) && analyze) await analyze();
  const q = askFrom(v.filters || {});
  if (q && ask) await ask(q);
}

// viewFromFile reads a view out of a JSON export of the page (its "view"),
// or a plain dataset (its entities' ids, positions when it has them).
export function viewFromFile(obj, name) {
  if (obj && typeof obj === 'object' && obj.view && typeof obj.view === 'object') return obj.view;
  const nodes = (obj && (obj.nodes || obj.entities)) || null;
  if (!Array.isArray(nodes)) throw new Error(`${name}: not a linkchart view (no "view", "nodes" or "entities")`);
  const positions = (obj && obj.positions) || {};
  return {
    title: (obj && obj.title) || name,
    entities: nodes.filter(n => n && n.id).map(n => ({ id: n.id, ...(positions[n.id] || (Number.isFinite(n.x) ? { x: n.x, y: n.y } : {})) })),
  };
}
