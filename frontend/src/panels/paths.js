// The paths form: two pickers (store: picks.from, picks.to), k, whether
// paths walk only the relation types the filters show (types=), and the
// path options (store.pathOptions: direction, excluded ids, hub limit,
// consistency in time, rank). Hubs to avoid are picked by name (search)
// and listed by name; the text field takes ids or names (the API resolves
// names as it does from and to).
import { $, h, clear } from '../dom.js';
import { bindPicker, picker } from '../search.js';

export function mount({ api, store, ctl, actions, messages }) {
  // a pick moves on to the end still empty, else to "Find paths" (Enter runs it)
  const next = () => {
    const empty = [from, to].find(p => !p.picked());
    (empty ? empty.input : $('#paths-form button[type=submit]')).focus();
  };
  const from = bindPicker({ api, store, key: 'from', container: $('#path-from'), label: 'From', onError: messages.error, then: next });
  const to = bindPicker({ api, store, key: 'to', container: $('#path-to'), label: 'To', onError: messages.error, then: next });
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
  // the hubs picked by name, listed with a button to take each back out
  const names = new Map(); // id -> name of the entities picked here
  const hub = picker({ api, container: $('#path-hub'), label: 'Not through (search a name)', onError: messages.error, onPick: hit => {
    names.set(hit.id, hit.name);
    const o = store.get().pathOptions;
    if (!o.exclude.includes(hit.id)) store.set({ pathOptions: { ...o, exclude: [...o.exclude, hit.id] } });
    hub.set(null);
  } });
  const chips = $('#path-exclude-list');
  const drawChips = o => {
    clear(chips);
    for (const id of o.exclude) {
      const name = names.get(id) || ctl.node(id)?.data('name') || id;
      chips.append(h('li', { 'data-id': id }, h('span', { text: name }),
        h('button', { type: 'button', 'aria-label': `Let paths through ${name}`, text: '×', onclick: () => {
          const cur = store.get().pathOptions;
          store.set({ pathOptions: { ...cur, exclude: cur.exclude.filter(x => x !== id) } });
        } })));
    }
  };
  store.on('pathOptions', draw);
  store.on('pathOptions', drawChips);
  drawChips(store.get().pathOptions);
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
