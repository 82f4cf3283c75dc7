// The context menu (right click) on nodes and relations: expand (all, by
// type, to depth N), paths to…, oversight, hide, pin, select neighbours;
// on a relation: expand both ends, hide its type, hide its ends; notes on
// either and on the canvas; open the history of either (record-history.js).
import { h, $, clear } from '../dom.js';
import { fillTypes } from '../typecounts.js';

export function mount({ bus, store, api, ctl, actions }) {
  const menu = $('#context-menu');
  const close = () => { menu.hidden = true; clear(menu); };
  const item = (text, fn) => h('button', { type: 'button', role: 'menuitem', text, onclick: () => { close(); fn(); } });
  function open(pos, items) {
    clear(menu);
    menu.append(...items);
    const box = $('#cy').getBoundingClientRect();
    menu.hidden = false;
    const x = Math.min(box.left + (pos ? pos.x : 0), window.innerWidth - menu.offsetWidth - 4);
    const y = Math.min(box.top + (pos ? pos.y : 0), window.innerHeight - menu.offsetHeight - 4);
    menu.style.setProperty('left', `${Math.max(0, x)}px`); // CSSOM, not a style attribute: CSP allows it
    menu.style.setProperty('top', `${Math.max(0, y)}px`);
    menu.querySelector('button')?.focus();
  }
  bus.on('node-context', (id, pos) => {
    const n = ctl.node(id);
    if (!n) return;
    const brief = { id, name: n.data('name'), kind: n.data('kind') };
    const byType = h('select', { 'aria-label': 'expand by relation type' }, h('option', { value: '', text: 'expand by type…' }));
    fillTypes(api, n, byType, () => menu.contains(byType));
    byType.addEventListener('change', () => { const t = byType.value; close(); if (t) actions.expand(id, { types: t, depth: store.get().expandDepth }); });
    open(pos, [
      item('Expand', () => actions.expand(id, { depth: store.get().expandDepth })),
      byType,
      item('Expand to depth 2', () => actions.expand(id, { depth: 2 })),
      item('Expand to depth 3', () => actions.expand(id, { depth: 3 })),
      item('Paths to…', () => store.set({ picks: { ...store.get().picks, from: brief, to: null }, focusPick: 'to' })),
      item(brief.kind === 'Person' ? 'Oversaw what?' : 'Overseen by?', () => {
        store.set({ picks: { ...store.get().picks, oversight: brief } });
        actions.oversight(id, brief.kind);
      }),
      item('Hide', () => actions.hide([id])),
      item(n.locked() ? 'Unpin' : 'Pin', () => actions.togglePin(id)),
      item('Select neighbours', () => ctl.selectNeighbours(id)),
      ...connectItem(),
      item('Paths: never through this', () => {
        const o = store.get().pathOptions;
        if (!o.exclude.includes(id)) store.set({ pathOptions: { ...o, exclude: [...o.exclude, id] } });
      }),
      item('Remove from view', () => actions.remove([id])),
      item('Add a note…', () => bus.emit('add-note', { on: id })),
      // editors: merge into an entity picked by search (panels/editor.js)
      ...(['editor', 'admin'].includes(document.body.dataset.role) ? [item('Merge into…', () => bus.emit('merge-into', id))] : []),
      item('Open history', () => { ctl.select(id); bus.emit('open-history', id); }),
    ]);
  });
  bus.on('edge-context', (id, pos) => {
    const e = ctl.edge(id);
    if (!e) return;
    const [a, b] = [e.data('source'), e.data('target')];
    const type = e.data('type');
    open(pos, [
      item('Expand both ends', async () => { await actions.expand(a, { depth: store.get().expandDepth }); await actions.expand(b, { depth: store.get().expandDepth }); }),
      item(`Hide every ${type}`, () => store.set({ filters: { ...store.get().filters, hiddenTypes: new Set([...store.get().filters.hiddenTypes, type]) } })),
      item('Hide both ends', () => actions.hide([a, b])),
      item('Add a note…', () => bus.emit('add-note', { on: id })),
      item('Open history', () => { ctl.select(id); bus.emit('open-history', id); }),
    ]);
  });
  // "Connect selected" joins 2 to 25 selected entities (POST /connect).
  function connectItem() {
    const ids = ctl.selectedNodeIds();
    return ids.length >= 2 && ids.length <= 25 ? [item(`Connect selected (${ids.length})`, () => actions.connect(ids))] : [];
  }
  bus.on('canvas-context', pos => {
    const p = ctl.toModel(pos);
    open(pos, [item('Add a note here…', () => bus.emit('add-note', { x: Math.round(p.x), y: Math.round(p.y) })), ...connectItem(), item('Fit', () => ctl.fit())]);
  });
  document.addEventListener('keydown', ev => { if (ev.key === 'Escape' && !menu.hidden) close(); });
  document.addEventListener('mousedown', ev => { if (!menu.hidden && !menu.contains(ev.target)) close(); });
}
