// Filters: kinds, relation types (from GET /schema and the view), the
// as-of slider (over the months of the dates in view) and the minimum grade.
// They only change classes through the controller: positions stay.
import { h } from './dom.js';
import { KINDS, OVERSIGHT_TYPES } from './style.js';
import { monthRange } from './dates.js';

const $ = sel => document.querySelector(sel);

export function attachFilters({ ctl, ui }) {
  const kindBox = $('#filter-kinds');
  for (const [kind, k] of Object.entries(KINDS)) {
    const cb = h('input', { type: 'checkbox', checked: true, value: kind, 'data-kind': kind });
    cb.addEventListener('change', () => {
      const hidden = new Set([...kindBox.querySelectorAll('input:not(:checked)')].map(i => i.value));
      ctl.setFilters({ hiddenKinds: hidden });
    });
    kindBox.append(h('label', { class: 'check' }, cb, h('span', { class: `swatch kind-${kind}`, 'aria-hidden': 'true' }), h('span', { text: k.label }), h('span', { class: 'count muted', 'data-count-kind': kind })));
  }
  const typeBox = $('#filter-types');
  const knownTypes = new Set();
  function addTypeBoxes(types) {
    for (const t of types) {
      if (knownTypes.has(t)) continue;
      knownTypes.add(t);
      const cb = h('input', { type: 'checkbox', checked: !ctl.filters.hiddenTypes.has(t), value: t, 'data-type': t });
      cb.addEventListener('change', () => {
        const hidden = new Set([...typeBox.querySelectorAll('input:not(:checked)')].map(i => i.value));
        ctl.setFilters({ hiddenTypes: hidden });
      });
      const label = h('label', { class: 'check' }, cb, h('span', { text: t }), OVERSIGHT_TYPES.includes(t) ? h('span', { class: 'muted', text: ' (oversight)' }) : null);
      // keep them sorted
      const after = [...typeBox.querySelectorAll('label')].find(l => l.querySelector('input').value > t);
      if (after) typeBox.insertBefore(label, after); else typeBox.append(label);
    }
  }
  const asof = $('#asof'), asofOn = $('#asof-on'), asofLabel = $('#asof-label'), asofHide = $('#asof-hide');
  function asofValue() { return asofOn.checked ? (ui.months[Number(asof.value)] || '') : ''; }
  function applyAsOf() {
    const v = asofValue();
    asofLabel.textContent = v || 'any time';
    asof.disabled = !asofOn.checked;
    ctl.setFilters({ asOf: v, asOfHide: asofHide.checked });
  }
  function updateMonths() {
    const cur = ui.months[Number(asof.value)];
    ui.months = monthRange(ctl.dates());
    asof.max = String(Math.max(0, ui.months.length - 1));
    const i = cur ? ui.months.indexOf(cur) : -1;
    asof.value = String(i >= 0 ? i : ui.months.length - 1);
    if (asofOn.checked) asofLabel.textContent = asofValue() || 'any time';
  }
  asof.addEventListener('input', applyAsOf);
  asofOn.addEventListener('change', applyAsOf);
  asofHide.addEventListener('change', applyAsOf);
  $('#min-rel').addEventListener('change', () => ctl.setFilters({ minRel: $('#min-rel').value }));
  $('#min-cred').addEventListener('change', () => ctl.setFilters({ minCred: $('#min-cred').value }));

  function setSchema(schema) {
    addTypeBoxes(Object.keys(schema.types || {}).sort());
    for (const [kind, c] of Object.entries(schema.kinds || {})) {
      const el = kindBox.querySelector(`[data-count-kind="${kind}"]`);
      if (el) el.textContent = ` ${c}`;
    }
  }

  return { addTypeBoxes, updateMonths, setSchema };
}
