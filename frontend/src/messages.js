// Messages: errors (problem+json title, detail and per-field messages) and
// notices, stacked in #messages, dismissed by a click or after a while.
import { h } from './dom.js';

export function createMessages(box) {
  const close = el => h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', text: '×', onclick: () => el.remove() });
  return {
    error(err) {
      console.warn(err);
      const el = h('div', { class: 'message error' },
        h('strong', { class: 'msg-title', text: err.title || err.message || String(err) }),
        err.detail ? h('p', { class: 'msg-detail', text: err.detail }) : null,
      );
      if (err.fields && err.fields.length) {
        el.append(h('ul', { class: 'msg-fields' }, err.fields.map(f =>
          h('li', {}, h('code', { text: f.field || '' }), h('span', { text: f.field ? `: ${f.message || ''}` : (f.message || '') })))));
      }
      el.append(close(el));
      box.append(el);
      setTimeout(() => el.remove(), 15000);
    },
    info(text) {
      const el = h('div', { class: 'message info' }, h('span', { text }));
      el.append(close(el));
      box.append(el);
      setTimeout(() => el.remove(), 6000);
    },
  };
}
