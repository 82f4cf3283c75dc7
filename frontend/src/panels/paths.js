// The paths form: two pickers (store: picks.from, picks.to), k, and
// whether paths walk only the relation types the filters show (types=).
import { $ } from '../dom.js';
import { bindPicker } from '../search.js';

export function mount({ api, store, actions, messages }) {
  const from = bindPicker({ api, store, key: 'from', container: $('#path-from'), label: 'From', onError: messages.error });
  const to = bindPicker({ api, store, key: 'to', container: $('#path-to'), label: 'To', onError: messages.error });
  $('#paths-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const a = from.picked(), b = to.picked();
    if (!a || !b) {
      messages.error({ title: 'Pick both ends of the path', fields: [!a && { field: 'from', message: 'required' }, !b && { field: 'to', message: 'required' }].filter(Boolean) });
      return;
    }
    // the types the filters show (known from the schema and the view), when asked
    let types = '';
    if ($('#path-shown-types').checked) {
      const hidden = store.get().filters.hiddenTypes;
      const all = Object.keys(store.get().schema?.types || {});
      types = all.filter(t => !hidden.has(t)).sort();
      if (types.length === 0) { messages.error({ title: 'The filters show no relation type to walk' }); return; }
      if (types.length === all.length) types = '';
    }
    actions.findPaths(a, b, Number($('#path-k').value), { types });
  });
}
