// The paths form: two pickers (store: picks.from, picks.to) and k.
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
    actions.findPaths(a, b, Number($('#path-k').value));
  });
}
