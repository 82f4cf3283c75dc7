// Filters: kinds, relation types in groups (typegroups.js; all / none /
// only per group, a type search), source, source reliability, credibility,
// marking, a property (key=value), the as-of slider and "hide entities left
// without a shown relation". They write store.filters; the controls are
// drawn from it (so the URL, a saved chart and undo set them too); the
// controller applies them as classes, so positions stay.
import { h, $, clear } from '../dom.js';
import { KINDS } from '../style.js';
import { monthRange } from '../dates.js';
import { GROUPS, groupOf } from '../typegroups.js';

export function mount({ bus, store, ctl }) {
  const f = () => store.get().filters;
  const setFilters = patch => store.set({ filters: { ...f(), ...patch } });
  const months = () => store.get().months;

  // ---- kinds ----
  const kindBox = $('#filter-kinds');
  for (const [kind, k] of Object.entries(KINDS)) {
    const cb = h('input', { type: 'checkbox', checked: true, value: kind, 'data-kind': kind });
    cb.addEventListener('change', () => {
      setFilters({ hiddenKinds: new Set([...kindBox.querySelectorAll('input:not(:checked)')].map(i => i.value)) });
    });
    kindBox.append(h('label', { class: 'check' }, cb, h('span', { class: `swatch kind-${kind}`, 'aria-hidden': 'true' }), h('span', { text: k.label }), h('span', { class: 'count muted', 'data-count-kind': kind })));
  }

  // ---- relation types, grouped ----
  const typeBox = $('#filter-types');
  const groupBox = new Map();
  for (const g of GROUPS) {
    const list = h('div', { class: 'type-list' });
    const btn = (text, title, fn) => h('button', { type: 'button', title, 'data-group-action': text, text, onclick: fn });
    const typesOf = () => [...list.querySelectorAll('input')].map(i => i.value);
    const all = () => { const hidden = new Set(f().hiddenTypes); typesOf().forEach(t => hidden.delete(t)); setFilters({ hiddenTypes: hidden }); };
    const none = () => { const hidden = new Set(f().hiddenTypes); typesOf().forEach(t => hidden.add(t)); setFilters({ hiddenTypes: hidden }); };
    const only = () => {
      const mine = new Set(typesOf());
      setFilters({ hiddenTypes: new Set([...knownTypes].filter(t => !mine.has(t))) });
    };
    const box = h('div', { class: 'type-group', 'data-group': g.id, hidden: true },
      h('div', { class: 'type-group-head' }, h('span', { class: 'name', text: g.label }),
        btn('all', `show every ${g.label} type`, all), btn('none', `hide every ${g.label} type`, none), btn('only', `show ${g.label} types only`, only)),
      list);
    groupBox.set(g.id, { box, list });
    typeBox.append(box);
  }
  const knownTypes = new Set();
  function addTypeBoxes(types) {
    for (const t of types) {
      if (knownTypes.has(t)) continue;
      knownTypes.add(t);
      const { box, list } = groupBox.get(groupOf(t));
      box.hidden = false;
      const cb = h('input', { type: 'checkbox', checked: !f().hiddenTypes.has(t), value: t, 'data-type': t });
      cb.addEventListener('change', () => {
        const hidden = new Set(f().hiddenTypes);
        if (cb.checked) hidden.delete(t); else hidden.add(t);
        setFilters({ hiddenTypes: hidden });
      });
      const label = h('label', { class: 'check', 'data-type-label': t }, cb, h('span', { text: t }));
      const after = [...list.querySelectorAll('label')].find(l => l.querySelector('input').value > t);
      if (after) list.insertBefore(label, after); else list.append(label);
    }
    searchTypes();
  }
  const typeSearch = $('#type-search');
  function searchTypes() {
    const q = typeSearch.value.trim().toUpperCase().replace(/\s+/g, '_');
    for (const { box, list } of groupBox.values()) {
      let any = false;
      list.querySelectorAll('label').forEach(l => { const show = !q || l.dataset.typeLabel.includes(q); l.hidden = !show; any = any || show; });
      box.hidden = !any;
    }
  }
  typeSearch.addEventListener('input', searchTypes);

  // ---- source, markings, property, orphans ----
  const sourceSel = $('#filter-source');
  const knownSources = new Set();
  function addSources() {
    for (const [id, s] of ctl.sources) {
      if (knownSources.has(id)) continue;
      knownSources.add(id);
      sourceSel.append(h('option', { value: id, text: `${s.title || id}${s.reliability ? ` (${s.reliability})` : ''}` }));
    }
    if (f().source && !knownSources.has(f().source)) sourceSel.append(h('option', { value: f().source, text: f().source }));
    sourceSel.value = f().source;
  }
  sourceSel.addEventListener('change', () => setFilters({ source: sourceSel.value }));
  const markBox = $('#filter-markings');
  // Only the markings within the caller's clearance: nothing above it is
  // ever sent, so a filter on it would do nothing.
  function drawMarkings() {
    clear(markBox);
    const all = store.get().config.rules.markings;
    const top = all.indexOf(store.get().clearance);
    for (const m of top < 0 ? all : all.slice(0, top + 1)) {
      const cb = h('input', { type: 'checkbox', checked: !f().hiddenMarkings.has(m), value: m, 'data-marking': m });
      cb.addEventListener('change', () => {
        const hidden = new Set(f().hiddenMarkings);
        if (cb.checked) hidden.delete(m); else hidden.add(m);
        setFilters({ hiddenMarkings: hidden });
      });
      markBox.append(h('label', { class: 'check' }, cb, h('span', { text: m })));
    }
  }
  drawMarkings();
  store.on('config', drawMarkings);
  store.on('clearance', drawMarkings);
  const prop = $('#filter-prop');
  prop.addEventListener('change', () => setFilters({ prop: prop.value.trim() }));
  const orphans = $('#hide-orphans');
  orphans.addEventListener('change', () => setFilters({ hideOrphans: orphans.checked }));

  // ---- as of, grade ----
  const asof = $('#asof'), asofOn = $('#asof-on'), asofLabel = $('#asof-label'), asofHide = $('#asof-hide');
  function asofValue() { return asofOn.checked ? (months()[Number(asof.value)] || '') : ''; }
  function applyAsOf() { setFilters({ asOf: asofValue(), asOfHide: asofHide.checked }); }
  function updateMonths() {
    const cur = f().asOf || months()[Number(asof.value)];
    store.set({ months: monthRange(ctl.dates()) });
    const m = months();
    asof.max = String(Math.max(0, m.length - 1));
    const i = cur ? m.indexOf(cur.slice(0, 7)) : -1;
    asof.value = String(i >= 0 ? i : m.length - 1);
  }
  asof.addEventListener('input', applyAsOf);
  asofOn.addEventListener('change', applyAsOf);
  asofHide.addEventListener('change', applyAsOf);
  $('#min-rel').addEventListener('change', () => setFilters({ minRel: $('#min-rel').value }));
  $('#min-cred').addEventListener('change', () => setFilters({ minCred: $('#min-cred').value }));

  // render draws every control from the filters.
  function render(fl) {
    kindBox.querySelectorAll('input').forEach(i => { i.checked = !fl.hiddenKinds.has(i.value); });
    typeBox.querySelectorAll('input').forEach(i => { i.checked = !fl.hiddenTypes.has(i.value); });
    addTypeBoxes([...fl.hiddenTypes]);
    markBox.querySelectorAll('input').forEach(i => { i.checked = !fl.hiddenMarkings.has(i.value); });
    addSources();
    if (prop.value.trim() !== fl.prop) prop.value = fl.prop;
    orphans.checked = fl.hideOrphans;
    $('#min-rel').value = fl.minRel;
    $('#min-cred').value = fl.minCred;
    asofOn.checked = Boolean(fl.asOf);
    asofHide.checked = fl.asOfHide;
    asof.disabled = !asofOn.checked;
    if (fl.asOf) { const i = months().indexOf(fl.asOf.slice(0, 7)); if (i >= 0) asof.value = String(i); }
    asofLabel.textContent = fl.asOf || 'any time';
  }
  store.on('filters', render);
  render(f());

  store.on('schema', schema => {
    if (!schema) return;
    addTypeBoxes(Object.keys(schema.types || {}).sort());
    for (const [kind, c] of Object.entries(schema.kinds || {})) {
      const el = kindBox.querySelector(`[data-count-kind="${kind}"]`);
      if (el) el.textContent = ` ${c}`;
    }
  });
  bus.on('graph', () => {
    addTypeBoxes(ctl.types());
    addSources();
    updateMonths();
    render(f());
  });
}
