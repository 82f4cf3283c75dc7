// A record's history (GET /history?id=), for any role: the context menu's
// "Open history" on an entity or a relation selects it and opens this
// section under the details, scrolled into view. Selecting something else
// closes it. Everything is written as text.
import { h, $, clear } from '../dom.js';

export function mount({ bus, api, ctl, messages }) {
  const box = $('#record-history');
  const title = $('#record-history-title');
  const list = $('#record-history-list');
  let shown = null; // the id whose history is open
  bus.on('open-history', async id => {
    const ele = ctl.node(id) || ctl.edge(id);
    shown = id;
    title.textContent = `History of ${(ele && (ele.data('name') || ele.data('type'))) || id}`;
    clear(list);
    list.append(h('li', { class: 'muted', text: 'Loading…' }));
    box.hidden = false;
    box.scrollIntoView({ block: 'nearest' });
    try {
      const ans = await api.request('GET', '/history', { query: { id, limit: 20 } });
      if (shown !== id) return;
      clear(list);
      for (const r of ans.revisions) {
        const what = r.changes.filter(c => c.id === id).map(c => (c.before && c.after ? 'changed' : c.after ? 'added' : 'removed')).join(', ');
        list.append(h('li', { 'data-rev': r.rev, text: `#${r.rev} ${r.op} by ${r.who}, ${new Date(r.time).toLocaleString()}${what ? ` — ${what}` : ''}` }));
      }
      if (ans.revisions.length === 0) list.append(h('li', { class: 'muted', text: 'No recorded change (loaded with the dataset).' }));
      box.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      messages.error(err);
    }
  });
  bus.on('select', ele => {
    if (shown && (!ele || ele.id() !== shown)) { shown = null; box.hidden = true; }
  });
  $('#record-history-close').addEventListener('click', () => { shown = null; box.hidden = true; });
}
