// Filters: kinds, relation types (from GET /schema and the view), the
// as-of slider (over the months of the dates in view) and the minimum grade.
// They write store.filters; the controller applies them as classes, so
// positions stay.
import { h, $ } from '../dom.js';
import { KINDS } from '../style.js';
import { monthRange } from '../dates.js';

export function mount({ bus, store, ctl }) {
  const setFilters = patch => store.set({ filters: { ...store.get().filters, ...patch } });
  const months = () => store.get().months;
  const kindBox = $('#filter-kinds');
  for (const [kind, k] of Object.entries(KINDS)) {
    const cb = h('input', { type: 'checkbox', checked: true, value: kind, 'data-kind': kind });
    cb.addEventListener('change', () => {
      const hidden = new Set([...kindBox.querySelectorAll('input:not(:checked)')].map(i => i.value));
      setFilters({ hiddenKinds: hidden });
    });
    kindBox.append(h('label', { class: 'check' }, cb, h('span', { class: `swatch kind-${kind}`, 'aria-hidden': 'true' }), h('span', { text: k.label }), h('span', { class: 'count muted', 'data-count-kind': kind })));
  }
  const typeBox = $('#filter-types');
  const knownTypes = new Set();
  function addTypeBoxes(types) {
    for (const t of types) {
      if (knownTypes.has(t)) continue;
      knownTypes.add(t);
      const cb = h('input', { type: 'checkbox', checked: !store.get().filters.hiddenTypes.has(t), value: t, 'data-type': t });
      cb.addEventListener('change', () => {
        const hidden = new Set([...typeBox.querySelectorAll('input:not(:checked)')].map(i => i.value));
        setFilters({ hiddenTypes: hidden });
      });
      const label = h('label', { class: 'check' }, cb, h('span', { text: t }), store.get().config.rules.oversight_types.includes(t) ? h('span', { class: 'muted', text: ' (oversight)' }) : null);
      // keep them sorted
      const after = [...typeBox.querySelectorAll('label')].find(l => l.querySelector('input').value > t);
      if (after) typeBox.insertBefore(label, after); else typeBox.append(label);
    }
  }
  const asof = $('#asof'), asofOn = $('#asof-on'), asofLabel = $('#asof-label'), asofHide = $('#asof-hide');
  function asofValue() { return asofOn.checked ? (months()[Number(asof.value)] || '') : ''; }
  function applyAsOf() {
    const v = asofValue();
    asofLabel.textContent = v || 'any time';
    asof.disabled = !asofOn.checked;
    setFilters({ asOf: v, asOfHide: asofHide.checked });
  }
  function updateMonths() {
    const cur = months()[Number(asof.value)];
    store.set({ months: monthRange(ctl.dates()) });
    const m = months();
    asof.max = String(Math.max(0, m.length - 1));
    const i = cur ? m.indexOf(cur) : -1;
    asof.value = String(i >= 0 ? i : m.length - 1);
    if (asofOn.checked) asofLabel.textContent = asofValue() || 'any time';
  }
  asof.addEventListener('input', applyAsOf);
  asofOn.addEventListener('change', applyAsOf);
  asofHide.addEventListener('change', applyAsOf);
  $('#min-rel').addEventListener('change', () => setFilters({ minRel: $('#min-rel').value }));
  $('#min-cred').addEventListener('change', () => setFilters({ minCred: $('#min-cred').value }));

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
    updateMonths();
  });
}
