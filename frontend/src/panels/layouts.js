// Layout buttons (Explore, Hierarchy; store: layoutName), Fit and Clear.
import { $ } from '../dom.js';

export function mount({ store, ctl, actions }) {
  const show = name => {
    for (const [id, n] of [['#layout-fcose', 'fcose'], ['#layout-dagre', 'dagre']]) {
      $(id).classList.toggle('on', name === n);
      $(id).setAttribute('aria-pressed', String(name === n));
    }
  };
  store.on('layoutName', show);
  show(store.get().layoutName);
  $('#layout-fcose').addEventListener('click', () => actions.layout('fcose'));
  $('#layout-dagre').addEventListener('click', () => actions.layout('dagre'));
  $('#fit').addEventListener('click', () => ctl.fit());
  $('#clear').addEventListener('click', () => actions.clear());
}
