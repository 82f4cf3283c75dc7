// The hover card: the full name and kind of the node under the pointer and
// its relations in view; for a relation, what it says (subject, type,
// object), when it held, its grade and how many sources cite it. Over the
// chart. Text only.
import { $, clear, h } from '../dom.js';
import { KINDS } from '../style.js';
import { period } from '../dates.js';

export function mount({ bus, ctl }) {
  const card = $('#hovercard');
  const muted = text => h('span', { class: 'muted', text });
  bus.on('hover', t => {
    if (!t) { card.hidden = true; return; }
    clear(card);
    const kind = KINDS[t.kind] ? KINDS[t.kind].label : t.kind;
    const e = !t.node && ctl.edge(t.id);
    if (e && !e.hasClass('bundle') && e.data('type')) {
      const d = e.data(), name = n => n.data('name') || n.id();
      const n = (d.sources || []).length;
      card.append(muted(`${name(e.source())} `), h('strong', { text: d.type }), muted(` ${name(e.target())}`), h('br'),
        muted([period(d.since, d.until), d.grade, `${n} source${n === 1 ? '' : 's'}`].filter(Boolean).join(' · ')));
    } else {
      card.append(h('strong', { text: t.name || t.id }));
      if (t.node && kind) card.append(muted(` · ${kind}`));
      const node = t.node && !t.group && ctl.node(t.id);
      if (node) { const r = node.connectedEdges().not('.bundle, .groupedge, .filtered, .user-hidden').length; card.append(muted(` · ${r} relation${r === 1 ? '' : 's'} in view`)); }
      if (t.group) card.append(muted(' · double-click to expand'));
    }
    card.style.left = `${Math.round(t.x + 14)}px`;
    card.style.top = `${Math.round(t.y + 40)}px`;
    card.hidden = false;
  });
}
