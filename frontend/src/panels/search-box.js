// The main search box (autocomplete): each hit shows how many relations it
// has (of the first few, GET /entities/{id}); a clicked hit is added to
// the view, Enter expands it; focus goes back to the chart.
import { $, h } from '../dom.js';
import { attachSearch } from '../search.js';

export function mount({ api, store, ctl, actions, messages }) {
  const counts = new Map(); // id → promise of its relation count (this page's life)
  attachSearch({
    api, input: $('#search-input'), list: $('#search-list'), onError: messages.error,
    onPick: (hit, how) => {
      $('#search-input').value = '';
      $('#cy').focus(); // shortcuts go to the chart again, not into the box
      if (how === 'enter') actions.expand(hit.id, { depth: store.get().expandDepth }).then(id => { if (id) ctl.select(id); });
      else actions.addEntity(hit);
    },
    onHits: hits => {
      for (const hit of hits.slice(0, 5)) {
        if (!counts.has(hit.id)) counts.set(hit.id, api.entity(hit.id).then(ent => (ent.edges || []).length, () => null));
        counts.get(hit.id).then(n => {
          const li = $('#search-list').querySelector(`li[data-id="${CSS.escape(hit.id)}"]`);
          if (n === null || !li || li.querySelector('.hit-count')) return;
          li.insertBefore(h('span', { class: 'hit-count', text: `${n} relation${n === 1 ? '' : 's'}` }), li.querySelector('.hit-aliases'));
        });
      }
    },
  });
}
