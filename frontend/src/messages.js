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
          h('li', {}, h('code', { text: f.field || '' }), h('span', { text: f.field ? `: ${f.message || ''}` : (f.message || '') }), candidateLink(f)))));
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

// candidateLink: when a name in the page's URL names several entities (the
// server lists each as "candidate ID…" under the parameter), a link that
// asks again with that candidate's id in place of the name.
function candidateLink(f) {
  const m = /^candidate:? ([^\s:(),]+)/.exec(f.message || '');
  const u = new URL(window.location.href);
  if (!m || !f.field || !u.searchParams.has(f.field)) return null;
  u.searchParams.set(f.field, m[1]);
  return h('a', { class: 'msg-pick', href: u.pathname + u.search, 'data-id': m[1], text: ' use this one' });
}
