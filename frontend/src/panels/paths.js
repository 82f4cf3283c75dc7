// The paths form: two pickers (store: picks.from, picks.to), k, whether
// paths walk only the relation types the filters show (types=), and the
// path options (store.pathOptions: direction, excluded ids, hub limit,
// consistency in time, rank).
import { $ } from '../dom.js';
import { bindPicker } from '../search.js';

export function mount({ api, store, actions, messages }) {
  const from = bindPicker({ api, store, key: 'from', container: $('#path-from'), label: 'From', onError: messages.error });
  const to = bindPicker({ api, store, key: 'to', container: $('#path-to'), label: 'To', onError: messages.error });
  // the path options (store.pathOptions), drawn from the store
  const dir = $('#path-dir'), maxdeg = $('#path-maxdeg'), excl = $('#path-exclude'), cons = $('#path-consistent'), rank = $('#path-rank');
  const setOpts = () => store.set({ pathOptions: {
    direction: dir.value, maxDegree: Math.max(0, Number(maxdeg.value) || 0), consistent: cons.checked, rank: rank.value,
    exclude: excl.value.split(',').map(x => x.trim()).filter(Boolean),
  } });
  for (const el of [dir, maxdeg, excl, cons, rank]) el.addEventListener('change', setOpts);
  const draw = o => {
    dir.value = o.direction; maxdeg.value = o.maxDegree > 0 ? String(o.maxDegree) : ''; cons.checked = o.consistent; rank.value = o.rank;
    if (excl.value.split(',').map(x => x.trim()).filter(Boolean).join(',') !== o.exclude.join(',')) excl.value = o.exclude.join(', ');
  };
  store.on('pathOptions', draw);
  draw(store.get().pathOptions);
  $('#paths-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const a = from.picked(), b = to.picked();
    if (!a || !b) {
      messages.error({ title: 'Pick both ends of the path', fields: [!a && { field: 'from', message: 'required' }, !b && { field: 'to', message: 'required' }].filter(Boolean) });
      return;
    }
    // the types the filters show (known from the schema and the view), when asked
    let types = '';
    if ($('#path-shown-types').checked) {
      const hidden = store.get().filters.hiddenTypes;
      const all = Object.keys(store.get().schema?.types || {});
      types = all.filter(t => !hidden.has(t)).sort();
      if (types.length === 0) { messages.error({ title: 'The filters show no relation type to walk' }); return; }
      if (types.length === all.length) types = '';
    }
    actions.findPaths(a, b, Number($('#path-k').value), { types });
  });
}
