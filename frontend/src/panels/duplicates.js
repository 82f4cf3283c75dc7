// "Possible duplicates" (GET /duplicates): candidate pairs with their score
// and reason; each can be shown in the chart and, by an editor, merged
// either way after a confirmation that says what moves; the merge into the
// better connected one comes first.
import { h, clear, $ } from '../dom.js';
import { mergeInto } from './editor.js';

export function mount(app) {
  const { api, ctl, actions, messages } = app;
  const dialog = $('#duplicates-dialog');
  const list = $('#duplicates-list');
  const status = $('#duplicates-status');
  const isEditor = () => ['editor', 'admin'].includes(document.body.dataset.role);

  const row = c => {
    const name = r => `${r.name} (${r.kind})`;
    const rels = r => `${r.relations || 0} relation${r.relations === 1 ? '' : 's'}`;
    const merge = (a, b) => h('button', { type: 'button', class: 'merge', 'data-from': a.id, 'data-into': b.id, text: `Merge ${a.name} (${rels(a)}) into ${b.name} (${rels(b)})`,
      onclick: async () => { if (await mergeInto(app, a, b)) load(); } });
    // The better connected one survives the first merge offered (a on a tie).
    const [keep, drop] = (c.b.relations || 0) > (c.a.relations || 0) ? [c.b, c.a] : [c.a, c.b];
    return h('li', { 'data-a': c.a.id, 'data-b': c.b.id },
      h('span', { class: 'pair', text: `${name(c.a)} ↔ ${name(c.b)}` }),
      h('span', { class: 'badge', title: 'How alike the two are, 0 to 1', text: c.score.toFixed(2) }),
      h('div', { class: 'why', text: `${c.reason}${c.shared_neighbours ? `; ${c.shared_neighbours} shared neighbour${c.shared_neighbours === 1 ? '' : 's'}` : ''}` }),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'show-both', text: 'Show both', onclick: () => showBoth(c) }),
        isEditor() ? merge(drop, keep) : null,
        isEditor() ? merge(keep, drop) : null));
  };
  const showBoth = async c => {
    await actions.addIds([...new Set([c.a.id, c.b.id, ...ctl.nodeIds()])]);
    ctl.selectIds([c.a.id, c.b.id]);
    dialog.close();
  };
  const load = async () => {
    clear(list);
    status.textContent = 'Looking…';
    try {
      const ans = await api.request('GET', '/duplicates', { query: { limit: 50 } });
      status.textContent = ans.candidates.length ? `${ans.candidates.length} pair${ans.candidates.length === 1 ? '' : 's'}, most alike first.` : 'No likely duplicates.';
      list.append(...ans.candidates.map(row));
    } catch (err) {
      status.textContent = '';
      messages.error(err);
    }
  };
  $('#duplicates-open').addEventListener('click', () => { dialog.showModal(); load(); });
  $('#duplicates-close').addEventListener('click', () => dialog.close());
}
