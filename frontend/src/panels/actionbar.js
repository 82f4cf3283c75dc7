// The action bar over the chart: actions on the selected node (expand,
// expand by type, hide, pin, paths to…, oversight); double-click expands.
import { h, clear, $ } from '../dom.js';
import { fillTypes } from '../typecounts.js';

export function mount({ bus, store, api, ctl, actions }) {
  const buttons = [...document.querySelectorAll('#actions [data-action]')];
  const expandType = $('#expand-type');
  const brief = n => ({ id: n.id(), name: n.data('name'), kind: n.data('kind') });
  bus.on('select', ele => {
    const node = ele && ele.isNode() ? ele : null;
    buttons.forEach(b => { b.disabled = !node; });
    expandType.disabled = !node;
    const label = node ? node.data('name') : 'Select a node: double-click expands it.';
    $('#actions-label').textContent = label;
    $('#actions-label').title = label; // the bar cuts long names
    if (!node) return;
    $('#actions [data-action="pin"]').textContent = node.locked() ? 'Unpin' : 'Pin';
    $('#actions [data-action="oversight"]').textContent = node.data('kind') === 'Person' ? 'Oversaw what?' : 'Overseen by?';
    clear(expandType);
    expandType.append(h('option', { value: '', text: 'expand by type…' }));
    fillTypes(api, node, expandType, () => ctl.selectedNode()?.id() === node.id());
  });
  expandType.addEventListener('change', () => {
    const n = ctl.selectedNode();
    if (n && expandType.value) actions.expand(n.id(), { types: expandType.value, depth: store.get().expandDepth });
    expandType.value = '';
  });
  const run = {
    expand: n => actions.expand(n.id(), { depth: store.get().expandDepth }),
    hide: n => actions.hide([n.id()]),
    pin: n => actions.togglePin(n.id()),
    paths: n => store.set({ picks: { ...store.get().picks, from: brief(n), to: null }, focusPick: 'to' }),
    collapse: () => {}, // panels/grouping.js
    oversight: n => {
      store.set({ picks: { ...store.get().picks, oversight: brief(n) } });
      actions.oversight(n.id(), n.data('kind'));
    },
  };
  buttons.forEach(b => b.addEventListener('click', () => { const n = ctl.selectedNode(); if (n) run[b.dataset.action](n); }));
  bus.on('node-dbltap', id => actions.expand(id, { depth: store.get().expandDepth }));
  const depth = $('#expand-depth');
  depth.addEventListener('change', () => store.set({ expandDepth: Number(depth.value) }));
  store.on('expandDepth', d => { depth.value = String(d); });
}
