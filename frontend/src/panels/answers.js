// The answers list (paths, oversight; store: answers, activeAnswer). A click
// highlights the answer's path; the details panel shows its evidence.
import { h, clear, $ } from '../dom.js';

export function mount({ store, ctl }) {
  const section = $('#answers-section');
  const list = $('#answers');
  const activate = i => {
    const { answers } = store.get();
    const it = answers && answers.items[i];
    if (!it) return;
    ctl.select(null);
    ctl.highlight(it.path.nodes, it.path.edges);
    store.set({ activeAnswer: i });
  };
  store.on('answers', answers => {
    clear(list);
    section.hidden = !answers;
    if (!answers) return;
    $('#answers-title').textContent = answers.title;
    answers.items.forEach((it, i) => {
      const btn = h('button', { type: 'button', class: 'answer', 'aria-pressed': 'false', onclick: () => activate(i) },
        h('span', { class: 'answer-label', text: it.label }),
        h('span', { class: 'answer-meta muted', text: it.meta }));
      list.append(h('li', { 'data-index': i }, btn));
    });
    if (answers.items.length) activate(0);
  });
  store.on('activeAnswer', active => {
    list.querySelectorAll('.answer').forEach((b, i) => b.setAttribute('aria-pressed', String(i === active)));
  });
}
