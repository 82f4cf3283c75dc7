// The oversight form: one picker (store: picks.oversight).
import { $ } from '../dom.js';
import { bindPicker } from '../search.js';

export function mount({ api, store, actions, messages }) {
  const pick = bindPicker({ api, store, key: 'oversight', container: $('#oversight-pick'), label: 'Person or target', onError: messages.error,
    then: () => $('#oversight-form button[type=submit]').focus() }); // Enter then asks
  const direct = $('#oversight-direct');
  direct.addEventListener('change', () => store.set({ oversightDirect: direct.checked }));
  store.on('oversightDirect', d => { direct.checked = d; });
  $('#oversight-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const id = pick.picked();
    if (!id) { messages.error({ title: 'Pick a person or a target', fields: [{ field: 'who', message: 'required' }] }); return; }
    const v = store.get().picks.oversight;
    actions.oversight(id, v && v.id === id ? v.kind : undefined);
  });
}
