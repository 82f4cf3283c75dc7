// Saved charts (DESIGN.md "Charts"; store: chart): save the view (POST, or
// PUT over the open chart), list, open, rename and delete; open a JSON
// export of a view from a file (picker or drag and drop on the chart).
// Saving needs an editor token: the page says so when the server refuses.
import { h, $, clear } from '../dom.js';
import { captureView, viewFromFile } from '../view.js';

export function mount({ bus, store, api, ctl, actions, messages }) {
  const list = $('#chart-list');
  const note = $('#chart-note');
  const title = $('#chart-title');
  const explain = err => {
    if (err && (err.status === 401 || err.status === 403)) {
      note.textContent = 'Sign in as editor to save (Access token below).';
      return;
    }
    messages.error(err);
  };

  async function refresh() {
    try {
      const { charts } = await api.charts();
      clear(list);
      if (!charts.length) list.append(h('li', { class: 'muted', text: 'no saved chart' }));
      for (const c of charts) {
        const label = h('span', { text: c.title, title: `${c.title} · ${c.marking} · ${c.entities} entities · ${c.updated}` });
        const li = h('li', { 'data-chart': c.id }, label,
          h('button', { type: 'button', text: 'open', 'data-act': 'open', onclick: () => actions.openChart(c.id) }),
          h('button', { type: 'button', text: 'rename', 'data-act': 'rename', onclick: () => rename(li, c) }),
          h('button', { type: 'button', text: 'delete', 'data-act': 'delete', onclick: () => remove(c) }));
        list.append(li);
      }
    } catch (err) {
      if (err.status === 501) { $('#charts').hidden = true; return; }
      messages.error(err);
    }
  }

  function rename(li, c) {
    const input = h('input', { type: 'text', value: c.title, maxlength: 200, 'aria-label': 'new title' });
    li.replaceChild(input, li.firstChild);
    input.focus();
    input.addEventListener('keydown', async ev => {
      if (ev.key === 'Escape') { refresh(); return; }
      if (ev.key !== 'Enter') return;
      try {
        const full = await api.chart(c.id);
        await api.saveChart({ ...full, title: input.value.trim() || c.title }, c.id);
        if (store.get().chart?.id === c.id) store.set({ chart: { ...store.get().chart, title: input.value.trim() } });
      } catch (err) { explain(err); }
      refresh();
    });
  }

  async function remove(c) {
    try {
      await api.deleteChart(c.id);
      if (store.get().chart?.id === c.id) store.set({ chart: null });
    } catch (err) { explain(err); }
    refresh();
  }

  $('#chart-save').addEventListener('submit', async ev => {
    ev.preventDefault();
    if (ctl.stats().nodes === 0) { messages.error({ title: 'Nothing to save: the view is empty' }); return; }
    const view = captureView(ctl, store);
    view.title = title.value.trim() || view.title;
    note.textContent = '';
    try {
      const open = store.get().chart;
      const saved = await api.saveChart(view, open && ev.submitter?.id !== 'chart-save-new' ? open.id : '');
      store.set({ chart: { id: saved.id, title: saved.title, marking: saved.marking }, title: saved.title });
      note.textContent = `Saved "${saved.title}" (${saved.marking}).`;
      const u = new URL(window.location.href);
      u.searchParams.set('chart', saved.id);
      window.history.replaceState(null, '', u.pathname + u.search);
      refresh();
    } catch (err) { explain(err); }
  });
  store.on('chart', c => { title.value = c ? c.title : title.value; });

  // ---- a JSON export of a view, from a file ----
  async function openFile(file) {
    try {
      const text = await file.text();
      let obj;
      try { obj = JSON.parse(text); } catch (err) { throw new Error(`${file.name}: not JSON (${err.message})`); }
      await actions.openView(viewFromFile(obj, file.name));
    } catch (err) { messages.error({ title: err.message || String(err) }); }
  }
  $('#view-file').addEventListener('change', ev => { const f = ev.target.files[0]; if (f) openFile(f); ev.target.value = ''; });
  const area = document.querySelector('.chart-area');
  area.addEventListener('dragover', ev => { ev.preventDefault(); });
  area.addEventListener('drop', ev => {
    ev.preventDefault();
    const f = ev.dataTransfer && ev.dataTransfer.files[0];
    if (f) openFile(f);
  });

  bus.on('ready', refresh);
}
