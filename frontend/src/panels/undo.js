// Undo / redo (history.js): the buttons, Ctrl+Z and Ctrl+Shift+Z (Ctrl+Y);
// records what no action records itself: filter changes (which also go to
// the URL), nodes moved by hand, and folds collapsed or opened.
import { $ } from '../dom.js';
import { setFilterURL } from '../actions.js';

export function mount({ bus, store, ctl, actions, history, messages }) {
  const undo = $('#undo'), redo = $('#redo');
  const run = how => history[how]().then(label => { if (label) bus.emit('history-step', { how, label }); }, messages.error);
  undo.addEventListener('click', () => run('undo'));
  redo.addEventListener('click', () => run('redo'));
  bus.on('history', ({ undo: u, redo: r }) => {
    undo.disabled = !u; undo.title = u ? `Undo ${u} (Ctrl+Z)` : 'Undo (Ctrl+Z)';
    redo.disabled = !r; redo.title = r ? `Redo ${r} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)';
  });
  document.addEventListener('keydown', ev => {
    const t = ev.target;
    if (t instanceof HTMLInputElement && t.type !== 'checkbox' && t.type !== 'range') return;
    if (t instanceof HTMLTextAreaElement) return;
    if (!(ev.ctrlKey || ev.metaKey)) return;
    const k = ev.key.toLowerCase();
    if (k === 'z' && !ev.shiftKey) { ev.preventDefault(); run('undo'); } else if ((k === 'z' && ev.shiftKey) || k === 'y') { ev.preventDefault(); run('redo'); }
  });

  let prev = store.get().filters;
  store.on('filters', next => {
    const was = prev;
    prev = next;
    setFilterURL(next);
    history.push({ label: 'filter', undo: () => store.set({ filters: was }), redo: () => store.set({ filters: next }) });
  });
  ctl.onMove((from, to) => actions.moved(from, to));
  bus.on('folded', ({ label, before, after }) => history.push({ label, undo: () => ctl.setFolds(before), redo: () => ctl.setFolds(after) }));
}
