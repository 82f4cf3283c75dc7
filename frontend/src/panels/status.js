// The status line under the chart: counts and the last layout's time; when
// the filters hide some of the view, a button that resets them (the time
// window, set on the time bar, stays).
import { $, h } from '../dom.js';
import { defaultFilters, filterParams } from '../filtering.js';

const TIME = ['asOf', 'fromDate', 'toDate', 'asOfHide'];
// the layouts as the toolbar names them, not by their engines
const LAYOUT_NAMES = { fcose: 'Explore', dagre: 'Hierarchy' };

export function mount({ bus, ctl, store }) {
  const text = document.createTextNode('');
  const keepTime = f => Object.fromEntries(TIME.map(k => [k, f[k]]));
  const reset = h('button', { type: 'button', id: 'filters-reset', class: 'status-reset', hidden: true, text: 'reset the filters',
    onclick: () => store.set({ filters: { ...defaultFilters(), ...keepTime(store.get().filters) } }) });
  $('#status').append(text, reset);
  const show = () => {
    const s = ctl.stats();
    const l = ctl.lastLayout;
    text.textContent = `${s.nodes} nodes, ${s.visible} shown, ${ctl.visibleElements().edges().length} relations shown` + (l ? ` · ${LAYOUT_NAMES[l.name] || l.name} layout ${Math.round(l.ms)} ms` : '') + ' ';
    const f = store.get().filters;
    const filtered = Object.keys(filterParams({ ...f, ...keepTime(defaultFilters()) })).length > 0;
    reset.hidden = !(filtered && s.visible < s.nodes);
  };
  bus.on('graph', show);
  bus.on('layout', show);
  store.on('filters', show);
}
