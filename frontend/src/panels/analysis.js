// Network analysis: size nodes by a centrality, colour them by community
// and rank the view's key entities (POST /analysis, store: analysis), and
// connect the selected entities (POST /connect).
import { h, clear, $ } from '../dom.js';

// PALETTE colours communities, largest first; the others are grey.
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b',
  '#e377c2', '#17becf', '#bcbd22', '#393b79', '#637939', '#843c39'];
const OTHER = '#9aa3ad';
const MIN_PX = 22;
const MAX_PX = 80;
const KEY_ENTITIES = 10;

// sizes maps each node to a diameter growing with the square root of its
// score, the top score getting MAX_PX.
function sizes(result, measure) {
  if (!result || !measure) return null;
  const top = Math.max(0, ...result.nodes.map(n => n.scores[measure] || 0));
  return new Map(result.nodes.map(n => [n.id, top > 0 ? MIN_PX + (MAX_PX - MIN_PX) * Math.sqrt((n.scores[measure] || 0) / top) : MIN_PX]));
}

function colours(result, on) {
  if (!result || !on) return null;
  return new Map(result.nodes.map(n => [n.id, PALETTE[n.community] || OTHER]));
}

export function mount({ bus, store, ctl, actions }) {
  const sizeBy = $('#analysis-size');
  const byCommunity = $('#analysis-communities');
  const summary = $('#analysis-summary');
  const list = $('#key-entities');
  const connect = $('#connect-selected');
  const set = patch => store.set({ analysis: { ...store.get().analysis, ...patch } });
  const ensure = async () => { if (!store.get().analysis.result) await actions.analyze(); };

  sizeBy.addEventListener('change', () => { set({ sizeBy: sizeBy.value }); if (sizeBy.value) ensure(); });
  byCommunity.addEventListener('change', () => { set({ byCommunity: byCommunity.checked }); if (byCommunity.checked) ensure(); });
  $('#analysis-run').addEventListener('click', () => actions.analyze());

  store.on('analysis', a => {
    sizeBy.value = a.sizeBy;
    byCommunity.checked = a.byCommunity;
    ctl.paintAnalysis(sizes(a.result, a.sizeBy), colours(a.result, a.byCommunity));
    renderSummary(a.result);
    renderKeyEntities(a);
  });
  // A changed view keeps its paint until analysed again.
  bus.on('graph', () => {
    const { result } = store.get().analysis;
    if (result && ctl.visibleIds().length !== result.nodes.length) summary.textContent = 'The view changed: analyse it again.';
  });

  function renderSummary(r) {
    if (!r) { summary.textContent = ''; return; }
    let s = `${r.nodes.length} entities · ${r.communities} communities, modularity ${r.modularity.toFixed(3)}`;
    if (r.sampled) s += ` · ${r.sampled.measures.join(' and ')} estimated from ${r.sampled.sources} of ${r.sampled.nodes} entities`;
    if (r.truncated) s += ' · the view was cut at the limit';
    summary.textContent = s;
  }

  function renderKeyEntities(a) {
    clear(list);
    if (!a.result) return;
    const measure = a.sizeBy || 'betweenness';
    const ranked = [...a.result.nodes].sort((x, y) => (y.scores[measure] || 0) - (x.scores[measure] || 0) || (x.id < y.id ? -1 : 1));
    list.setAttribute('data-measure', measure);
    for (const n of ranked.slice(0, KEY_ENTITIES)) {
      const name = ctl.node(n.id)?.data('name') || n.id;
      const meta = `${measure} ${(n.scores[measure] || 0).toFixed(3)}${a.byCommunity ? ` · community ${n.community + 1}` : ''}`;
      list.append(h('li', { 'data-id': n.id },
        h('button', { type: 'button', class: 'linklike', text: name, onclick: () => { ctl.select(n.id); ctl.center(n.id); } }),
        h('span', { class: 'score', text: meta })));
    }
  }

  bus.on('select', () => { connect.disabled = ctl.selectedNodeIds().length < 2; });
  connect.addEventListener('click', () => {
    const ids = ctl.selectedNodeIds();
    if (ids.length >= 2) actions.connect(ids);
  });
}
