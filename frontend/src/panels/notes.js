// Notes (store: annotations) on an entity, a relation or a point of the
// canvas, drawn as text boxes over the chart that follow it; added from the
// context menu ("Add a note…"), removed with their ×; kept in saved charts
// and JSON exports. Changes are recorded for undo.
import { h, $, clear } from '../dom.js';

export function mount({ bus, store, ctl, history }) {
  const layer = $('#notes');
  const dialog = $('#note-dialog');
  let seq = 0;
  const setNotes = (next, label) => {
    const prev = store.get().annotations;
    store.set({ annotations: next });
    history.push({ label, undo: () => store.set({ annotations: prev }), redo: () => store.set({ annotations: next }) });
  };
  function draw() {
    clear(layer);
    for (const a of store.get().annotations) {
      const p = a.on ? ctl.anchorOf(a.on) : ctl.toRendered({ x: a.x || 0, y: a.y || 0 });
      if (!p) continue;
      const box = h('div', { class: a.on ? 'note' : 'note canvas', 'data-note': a.id, 'data-on': a.on || '' },
        h('span', { text: a.text }),
        h('button', { type: 'button', text: '×', title: 'remove this note', 'aria-label': 'remove this note',
          onclick: () => setNotes(store.get().annotations.filter(x => x.id !== a.id), 'remove note') }));
      box.style.setProperty('left', `${Math.round(p.x)}px`); // CSSOM, allowed by the CSP
      box.style.setProperty('top', `${Math.round(p.y)}px`);
      layer.append(box);
    }
  }
  store.on('annotations', draw);
  bus.on('graph', draw);
  ctl.onViewport(draw);

  // ask opens the note dialog for a target: {on} or {x, y} (model).
  let target = null;
  bus.on('add-note', t => {
    target = t;
    $('#note-label').textContent = t.on ? `Note on ${ctl.node(t.on)?.data('name') || ctl.edge(t.on)?.data('type') || t.on}` : 'Note on the canvas';
    $('#note-text').value = '';
    dialog.showModal();
  });
  dialog.addEventListener('close', () => {
    const text = $('#note-text').value.trim();
    if (dialog.returnValue !== 'save' || !text || !target) return;
    const id = `note-${Date.now().toString(36)}-${++seq}`;
    setNotes([...store.get().annotations, { id, text, ...target }], 'add note');
    target = null;
    $('#cy').focus();
  });
}
