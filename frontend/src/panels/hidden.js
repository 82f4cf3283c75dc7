// The list of entities hidden by the user, each with "show" to bring it back.
import { h, $, clear } from '../dom.js';

export function mount({ bus, ctl, actions }) {
  const list = $('#hidden-list');
  bus.on('graph', () => {
    const hidden = ctl.hiddenNodes();
    clear(list);
    if (!hidden.length) { list.append(h('li', { class: 'muted', text: 'none' })); return; }
    if (hidden.length > 1) list.append(h('li', {}, h('span', { text: `${hidden.length} hidden` }), h('button', { type: 'button', text: 'show all', onclick: () => actions.unhide(hidden.map(n => n.id)) })));
    for (const n of hidden) {
      list.append(h('li', { 'data-id': n.id }, h('span', { text: n.name, title: `${n.name} (${n.kind})` }),
        h('button', { type: 'button', text: 'show', 'aria-label': `show ${n.name} again`, onclick: () => actions.unhide([n.id]) })));
    }
  });
}
