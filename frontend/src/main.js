// Wires the page: the controller (graph), the API client and the UI
// components, deep links and keyboard shortcuts.
import { Bus } from './bus.js';
import { Api, ApiError } from './api.js';
import { Controller } from './controller.js';
import { parseGrade } from './dates.js';
import { h, clear } from './dom.js';
import { attachFilters } from './filters.js';
import { renderLegend } from './legend.js';
import { exportViewAs } from './exporter.js';
import { attachSearch, picker } from './search.js';
import { renderPanel, renderEvidence } from './panel.js';

const $ = sel => document.querySelector(sel);

function start() {
  const bus = new Bus();
  const api = new Api(bus, { token: sessionStorage.getItem('linkchart.token') || '' });
  const ctl = new Controller({ container: $('#cy'), bus });
  const ui = { months: [], schema: null };
  window.__linkchart = { ctl, cy: ctl.cy, api, bus, ui }; // for tests and the console

  // ---------- messages and progress ----------
  const messages = $('#messages');
  function showError(err) {
    console.warn(err);
    const box = h('div', { class: 'message error' },
      h('strong', { class: 'msg-title', text: err.title || err.message || String(err) }),
      err.detail ? h('p', { class: 'msg-detail', text: err.detail }) : null,
    );
    if (err.fields && err.fields.length) {
      box.append(h('ul', { class: 'msg-fields' }, err.fields.map(f =>
        h('li', {}, h('code', { text: f.field || '' }), h('span', { text: f.field ? `: ${f.message || ''}` : (f.message || '') })))));
    }
    box.append(h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', text: '×', onclick: () => box.remove() }));
    messages.append(box);
    setTimeout(() => box.remove(), 15000);
  }
  function showInfo(text) {
    const box = h('div', { class: 'message info' }, h('span', { text }),
      h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', text: '×', onclick: () => box.remove() }));
    messages.append(box);
    setTimeout(() => box.remove(), 6000);
  }
  bus.on('busy', on => { $('#progress').hidden = !on; document.body.classList.toggle('busy', on); });
  const guard = fn => async (...args) => { try { return await fn(...args); } catch (err) { showError(err); return undefined; } };

  // ---------- URL follows the view ----------
  function setURL(params) {
    const u = new URL(window.location.href);
    u.search = '';
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.searchParams.set(k, v);
    history.replaceState(null, '', u.pathname + u.search);
  }

  // ---------- actions ----------
  // resolve turns an id, a name or an alias into a node: the entity by id,
  // else the best search hit.
  async function resolve(ref) {
    try {
      const ent = await api.entity(ref);
      const node = (ent.nodes || []).find(n => n.id === ref);
      if (node) return node;
    } catch (err) {
      if (err.status !== 404 && err.status !== 400) throw err;
    }
    const res = await api.search(ref, { limit: 1 });
    const hit = (res.results || [])[0];
    if (!hit) throw new ApiError(404, { title: `No entity matches "${ref}"` });
    return hit;
  }

  const addEntity = guard(async hit => {
    const ids = [...ctl.nodeIds(), hit.id];
    const sub = ids.length > 1 ? await api.subgraph(ids) : await api.subgraph([hit.id]);
    await ctl.add(sub, { select: hit.id });
    ctl.center(hit.id);
    setURL({ focus: hit.id });
    ui.title = `${hit.name} and connections`;
  });

  const expand = guard(async (id, { types = '', depth = 1, limit = 500 } = {}) => {
    let sub;
    try {
      sub = await api.neighborhood(id, { depth, types, limit });
    } catch (err) {
      // a deep link may name the entity instead of giving its id
      const badId = err.status === 404 || (err.status === 400 && err.fields.some(f => f.field === 'id'));
      if (!badId || ctl.node(id)) throw err;
      id = (await resolve(id)).id;
      sub = await api.neighborhood(id, { depth, types, limit });
    }
    if (!ctl.node(id)) {
      await ctl.add(sub, { select: id });
    } else {
      await ctl.add(sub, { anchor: id });
    }
    if (sub.truncated) showInfo(`Showing the first ${sub.nodes.length} nodes around ${id}: the answer was cut.`);
    setURL({ focus: id, depth: depth > 1 ? depth : undefined, types: types || undefined, limit: limit !== 500 ? limit : undefined });
    ui.title = `Around ${ctl.node(id)?.data('name') || id}`;
  });

  const findPaths = guard(async (from, to, k = 3) => {
    const ans = await api.paths(from, to, { k });
    clearAnswers();
    if (!ans.paths || ans.paths.length === 0) {
      showAnswers(`No path between ${from} and ${to}`, []);
      setURL({ from, to });
      return;
    }
    await ctl.add(ans);
    const names = nameMap(ans);
    const ends = ans.paths[0].nodes;
    const byId = new Map((ans.nodes || []).map(n => [n.id, n]));
    if (!pFrom.value && byId.get(ends[0])) pFrom.set(byId.get(ends[0]));
    if (!pTo.value && byId.get(ends[ends.length - 1])) pTo.set(byId.get(ends[ends.length - 1]));
    showAnswers(`Paths (${ans.paths.length})`, ans.paths.map((p, i) => ({
      label: `${i + 1}. ${pathText(p, ans, names)}`,
      meta: `${p.edges.length} hop${p.edges.length === 1 ? '' : 's'} · weakest grade ${weakest(p, ans)}`,
      path: p,
    })));
    setURL({ from: ans.paths[0].nodes[0], to: ans.paths[0].nodes[ans.paths[0].nodes.length - 1] });
    ui.title = `Paths from ${names.get(ends[0]) || ends[0]} to ${names.get(ends[ends.length - 1]) || ends[ends.length - 1]}`;
  });

  const oversight = guard(async (id, kind) => {
    if (!kind) {
      const node = await resolve(id);
      kind = node.kind;
      id = node.id;
      pOver.set(node);
    }
    const who = kind === 'Person';
    const ans = await api.oversight(who ? { who: id } : { what: id });
    clearAnswers();
    const names = nameMap(ans);
    await ctl.add(ans, { layout: false });
    setLayoutButtons('dagre');
    await ctl.setLayoutName('dagre');
    const title = who ? `What ${names.get(id) || id} oversaw (${ans.answers.length})` : `Who oversaw ${names.get(id) || id} (${ans.answers.length})`;
    showAnswers(title, ans.answers.map((a, i) => ({
      label: `${i + 1}. ${names.get(a.overseer) || a.overseer} → ${names.get(a.target) || a.target}`,
      meta: `${pathText(a.path, ans, names)} · weakest grade ${weakest(a.path, ans)}`,
      path: a.path,
    })));
    setURL({ oversight: id });
    ui.title = title.replace(/ \(\d+\)$/, '');
  });

  function nameMap(sub) {
    const m = new Map();
    for (const n of sub.nodes || []) m.set(n.id, n.name);
    for (const id of ctl.nodeIds()) if (!m.has(id)) m.set(id, ctl.node(id).data('name'));
    return m;
  }
  function pathText(p, sub, names) {
    const edges = new Map((sub.edges || []).map(e => [e.id, e]));
    let s = names.get(p.nodes[0]) || p.nodes[0];
    p.edges.forEach((eid, i) => {
      const e = edges.get(eid);
      const next = p.nodes[i + 1];
      const fwd = !e || e.from === p.nodes[i];
      const t = e ? e.type : '?';
      s += fwd ? ` —${t}→ ` : ` ←${t}— `;
      s += names.get(next) || next;
    });
    return s;
  }
  function weakest(p, sub) {
    const edges = new Map((sub.edges || []).map(e => [e.id, e]));
    let rel = 'A', cred = 1;
    for (const id of p.edges) {
      const e = edges.get(id);
      const g = parseGrade(e && e.grade, e && e.credibility);
      if (g.rel > rel) rel = g.rel;
      if (g.cred > cred) cred = g.cred;
    }
    return p.edges.length ? `${rel}${cred}` : '—';
  }

  // ---------- answers list ----------
  const answersSection = $('#answers-section');
  const answersList = $('#answers');
  function clearAnswers() { clear(answersList); answersSection.hidden = true; ctl.clearHighlight(); }
  function showAnswers(title, items) {
    $('#answers-title').textContent = title;
    clear(answersList);
    items.forEach((it, i) => {
      const btn = h('button', { type: 'button', class: 'answer', 'aria-pressed': 'false' },
        h('span', { class: 'answer-label', text: it.label }),
        h('span', { class: 'answer-meta muted', text: it.meta }));
      btn.addEventListener('click', () => {
        answersList.querySelectorAll('.answer').forEach(b => b.setAttribute('aria-pressed', 'false'));
        btn.setAttribute('aria-pressed', 'true');
        ctl.select(null);
        ctl.highlight(it.path.nodes, it.path.edges);
        renderEvidence(panel, it.label.replace(/^\d+\. /, ''), it.path, ctl);
      });
      answersList.append(h('li', { 'data-index': i }, btn));
    });
    answersSection.hidden = false;
    if (items.length) answersList.querySelector('.answer').click();
  }

  // ---------- search ----------
  attachSearch({ api, input: $('#search-input'), list: $('#search-list'), onError: showError, onPick: hit => { $('#search-input').value = ''; addEntity(hit); } });
  const pFrom = picker({ api, container: $('#path-from'), label: 'From', onError: showError });
  const pTo = picker({ api, container: $('#path-to'), label: 'To', onError: showError });
  const pOver = picker({ api, container: $('#oversight-pick'), label: 'Person or target', onError: showError });
  const pickedId = p => (p.value ? p.value.id : p.input.value.trim());
  $('#paths-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const from = pickedId(pFrom), to = pickedId(pTo);
    if (!from || !to) { showError({ title: 'Pick both ends of the path', fields: [!from && { field: 'from', message: 'required' }, !to && { field: 'to', message: 'required' }].filter(Boolean) }); return; }
    findPaths(from, to, Number($('#path-k').value));
  });
  $('#oversight-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const id = pickedId(pOver);
    if (!id) { showError({ title: 'Pick a person or a target', fields: [{ field: 'who', message: 'required' }] }); return; }
    oversight(id, pOver.value && pOver.value.kind);
  });

  // ---------- selection: panel and action bar ----------
  const panel = $('#panel');
  const actionButtons = [...document.querySelectorAll('#actions [data-action]')];
  const expandType = $('#expand-type');
  bus.on('select', ele => {
    renderPanel(panel, ele, ctl);
    const node = ele && ele.isNode() ? ele : null;
    actionButtons.forEach(b => { b.disabled = !node; });
    expandType.disabled = !node;
    $('#actions-label').textContent = node ? node.data('name') : 'Select a node: double-click expands it.';
    if (node) {
      $('#actions [data-action="pin"]').textContent = node.locked() ? 'Unpin' : 'Pin';
      $('#actions [data-action="oversight"]').textContent = node.data('kind') === 'Person' ? 'Oversaw what?' : 'Overseen by?';
      clear(expandType);
      expandType.append(h('option', { value: '', text: 'expand by type…' }));
      const types = new Set(node.connectedEdges().map(e => e.data('type')));
      const all = Object.keys((ui.schema && ui.schema.types) || {});
      for (const t of [...new Set([...types, ...all])].sort()) expandType.append(h('option', { value: t, text: types.has(t) ? `${t} (in view)` : t }));
    }
  });
  expandType.addEventListener('change', () => {
    const n = ctl.selectedNode();
    if (n && expandType.value) expand(n.id(), { types: expandType.value });
    expandType.value = '';
  });
  const actions = {
    expand: n => expand(n.id()),
    hide: n => ctl.hide([n.id()]),
    pin: n => ctl.togglePin(n.id()),
    paths: n => { pFrom.set({ id: n.id(), name: n.data('name'), kind: n.data('kind') }); pTo.set(null); pTo.input.focus(); },
    oversight: n => { pOver.set({ id: n.id(), name: n.data('name'), kind: n.data('kind') }); oversight(n.id(), n.data('kind')); },
  };
  actionButtons.forEach(b => b.addEventListener('click', () => { const n = ctl.selectedNode(); if (n) actions[b.dataset.action](n); }));
  bus.on('node-dbltap', id => expand(id));
  bus.on('node-context', () => $('#actions [data-action="expand"]').focus());

  // ---------- layouts ----------
  function setLayoutButtons(name) {
    $('#layout-fcose').classList.toggle('on', name === 'fcose');
    $('#layout-dagre').classList.toggle('on', name === 'dagre');
    $('#layout-fcose').setAttribute('aria-pressed', String(name === 'fcose'));
    $('#layout-dagre').setAttribute('aria-pressed', String(name === 'dagre'));
  }
  $('#layout-fcose').addEventListener('click', () => { setLayoutButtons('fcose'); ctl.setLayoutName('fcose'); });
  $('#layout-dagre').addEventListener('click', () => { setLayoutButtons('dagre'); ctl.setLayoutName('dagre'); });
  $('#fit').addEventListener('click', () => ctl.fit());
  $('#clear').addEventListener('click', () => { clearAnswers(); ctl.clear(); setURL({}); ui.title = ''; });

  // ---------- filters ----------
  const filters = attachFilters({ ctl, ui });

  bus.on('graph', s => {
    renderPanel(panel, ctl.selected(), ctl);
    filters.addTypeBoxes(ctl.types());
    filters.updateMonths();
    const l = ctl.lastLayout;
    $('#status').textContent = `${s.nodes} nodes, ${s.visible} shown` + (l ? ` · ${l.name} layout ${Math.round(l.ms)} ms` : '');
  });
  bus.on('layout', l => {
    const s = ctl.stats();
    $('#status').textContent = `${s.nodes} nodes, ${s.visible} shown · ${l.name} layout ${Math.round(l.ms)} ms`;
  });

  // ---------- legend ----------
  renderLegend($('#legend'));

  // ---------- export ----------
  const exportView = guard(async () => {
    if (ctl.visibleIds().length === 0) { showError({ title: 'Nothing to export: the view is empty' }); return; }
    await exportViewAs($('#export-format').value, { ctl, api, title: ui.title });
  });
  $('#export').addEventListener('click', exportView);

  // ---------- keyboard ----------
  const help = $('#help');
  $('#help-button').addEventListener('click', () => help.showModal());
  document.addEventListener('keydown', ev => {
    const t = ev.target;
    const typing = t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
    if (ev.key === 'Escape') {
      if (typing) { t.value = ''; t.blur(); }
      ctl.select(null);
      ctl.clearHighlight();
      answersList.querySelectorAll('.answer').forEach(b => b.setAttribute('aria-pressed', 'false'));
      return;
    }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey || help.open) return;
    const n = ctl.selectedNode();
    switch (ev.key) {
      case '/': ev.preventDefault(); $('#search-input').focus(); break;
      case 'Delete': case 'Backspace': {
        const ids = ctl.selectedNodeIds();
        if (ids.length) { ev.preventDefault(); ctl.hide(ids); }
        break;
      }
      case 'e': if (n) expand(n.id()); break;
      case 'f': ctl.fit(); break;
      case '?': help.showModal(); break;
      default: break;
    }
  });

  // ---------- access token ----------
  $('#token').value = api.token;
  $('#token-form').addEventListener('submit', ev => {
    ev.preventDefault();
    api.token = $('#token').value.trim();
    if (api.token) sessionStorage.setItem('linkchart.token', api.token); else sessionStorage.removeItem('linkchart.token');
    // What the view shows depends on the clearance: start again.
    window.location.reload();
  });

  // ---------- start: schema, then the deep link ----------
  (async () => {
    try {
      ui.schema = await api.schema();
      filters.setSchema(ui.schema);
    } catch (err) { showError(err); }
    const q = new URLSearchParams(window.location.search);
    if (q.get('focus')) {
      const depth = Math.min(3, Math.max(1, Number(q.get('depth')) || 1));
      await expand(q.get('focus'), { depth, types: q.get('types') || '', limit: Number(q.get('limit')) || 500 });
      const focused = new URLSearchParams(window.location.search).get('focus');
      ctl.node(focused)?.select();
    } else if (q.get('from') && q.get('to')) {
      pFrom.input.value = q.get('from'); pTo.input.value = q.get('to');
      await findPaths(q.get('from'), q.get('to'), Number(q.get('k')) || 3);
    } else if (q.get('oversight')) {
      pOver.input.value = q.get('oversight');
      await oversight(q.get('oversight'));
    }
    document.body.dataset.ready = 'true';
  })();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
