// The hover card: the full name and kind of the node (or the type of the
// relation) under the pointer, over the chart. Text only.
import { $, clear, h } from '../dom.js';
import { KINDS } from '../style.js';

export function mount({ bus }) {
  const card = $('#hovercard');
  bus.on('hover', t => {
    if (!t) { card.hidden = true; return; }
    clear(card);
    const kind = KINDS[t.kind] ? KINDS[t.kind].label : t.kind;
    card.append(h('strong', { text: t.name || t.id }));
    if (t.node && kind) card.append(h('span', { class: 'muted', text: ` · ${kind}` }));
    if (t.group) card.append(h('span', { class: 'muted', text: ' · double-click to expand' }));
    card.style.left = `${Math.round(t.x + 14)}px`;
    card.style.top = `${Math.round(t.y + 40)}px`;
    card.hidden = false;
  });
}
