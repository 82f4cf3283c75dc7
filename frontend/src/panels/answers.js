// The answers drawer under the chart (store: answers, activeAnswer): paths
// and oversight answers as a table sortable by length, weakest grade and
// dates; oversight answers grouped by the kind of their far end. A row
// highlights its evidence; the details panel shows it.
import { h, clear, $ } from '../dom.js';
import { compareDates } from '../dates.js';
import { KINDS } from '../style.js';

const CMP = {
  index: (a, b) => a.i - b.i,
  text: (a, b) => a.it.text.localeCompare(b.it.text),
  length: (a, b) => a.it.length - b.it.length,
  grade: (a, b) => a.it.grade.localeCompare(b.it.grade),
  since: (a, b) => compareDates(a.it.since || '0000', b.it.since || '0000'),
  until: (a, b) => compareDates(a.it.until || '9999', b.it.until || '9999'),
};

export function mount({ store, ctl }) {
  const section = $('#answers-section');
  const body = $('#answers tbody');
  let sort = { key: 'index', dir: 1 };
  const activate = i => {
    const { answers } = store.get();
    const it = answers && answers.items[i];
    if (!it) return;
    ctl.select(null);
    ctl.highlight(it.path.nodes, it.path.edges);
    store.set({ activeAnswer: i });
  };
  function draw() {
    const { answers, activeAnswer } = store.get();
    clear(body);
    section.hidden = !answers;
    if (!answers) return;
    $('#answers-title').textContent = answers.title;
    if (!answers.items.length) { body.append(h('tr', {}, h('td', { colspan: 6, class: 'muted', text: 'No answer.' }))); return; }
    const rows = answers.items.map((it, i) => ({ it, i })).sort((a, b) => sort.dir * CMP[sort.key](a, b) || a.i - b.i);
    const grouped = answers.kind === 'oversight';
    const groups = grouped ? [...new Set(rows.map(r => r.it.group))].sort() : [null];
    for (const g of groups) {
      if (grouped) body.append(h('tr', { class: 'group-row' }, h('td', { colspan: 6, text: `${(KINDS[g] && KINDS[g].label) || g || 'other'}` })));
      for (const { it, i } of rows.filter(r => !grouped || r.it.group === g)) {
        const tr = h('tr', { class: 'answer-row', 'data-index': i, tabindex: 0, 'aria-selected': String(i === activeAnswer), onclick: () => activate(i) },
          h('td', { text: String(i + 1) }),
          h('td', {}, h('span', { text: it.text }), it.via ? h('span', { class: 'answer-via', text: it.via }) : null),
          h('td', { text: String(it.length) }),
          h('td', { text: it.grade }),
          h('td', { text: it.since || '—' }),
          h('td', { text: it.never ? `${it.until} (never together)` : (it.until || '—') }));
        tr.addEventListener('keydown', ev => { if (ev.key === 'Enter') activate(i); });
        body.append(tr);
      }
    }
  }
  document.querySelectorAll('#answers th button[data-sort]').forEach(b => b.addEventListener('click', () => {
    const key = b.dataset.sort;
    sort = { key, dir: sort.key === key ? -sort.dir : 1 };
    document.querySelectorAll('#answers th').forEach(th => th.removeAttribute('aria-sort'));
    b.parentElement.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
    draw();
  }));
  $('#answers-close').addEventListener('click', () => { store.set({ answers: null, activeAnswer: -1 }); ctl.clearHighlight(); });
  store.on('answers', answers => {
    sort = { key: 'index', dir: 1 };
    draw();
    if (answers && answers.items.length) activate(0);
  });
  store.on('activeAnswer', active => {
    body.querySelectorAll('tr.answer-row').forEach(tr => tr.setAttribute('aria-selected', String(Number(tr.dataset.index) === active)));
  });
}
