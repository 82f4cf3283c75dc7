// The start page: while the view is empty, the dataset's overview over the
// chart (counts by kind and by relation group from GET /schema, the most
// connected entities from GET /overview as links to their neighbourhoods,
// example questions as links). Hidden once anything is shown.
import { h, $, clear } from '../dom.js';
import { KINDS } from '../style.js';
import { GROUPS, groupOf } from '../typegroups.js';

const TOP = 12; // most connected entities listed
const QUESTIONS = [
  ['What did Kim Yong Bok oversee?', '/?oversight=kim-yong-bok'],
  ['What did Kim Jong Un oversee? (the weapons tests among it)', '/?oversight=kim-jong-un'],
  ['Who oversaw the drone incursion over Seoul in December 2022?', '/?oversight=seoul-drone-incursion-2022-12'],
  ['How is Kim Yong Bok tied to Kursk Oblast?', '/?from=kim-yong-bok&to=kursk-oblast'],
  ['How is North Korea tied to Russia\'s forces?', '/?from=north-korea&to=russian-armed-forces'],
  ['Around Kursk Oblast, two steps out', '/?focus=kursk-oblast&depth=2'],
];

export function mount({ bus, store, api, ctl, actions }) {
  const box = $('#overview');
  let connected = null; // GET /overview's answer, asked once the start page shows
  function draw() {
    const schema = store.get().schema;
    clear(box);
    box.hidden = ctl.stats().nodes > 0 || !schema || document.body.dataset.ready !== 'true' && new URLSearchParams(window.location.search).size > 0;
    if (box.hidden) return;
    if (!connected) {
      connected = [];
      api.overview({ top: TOP }).then(a => { connected = a.connected; draw(); }, () => {});
    }
    const c = schema.counts || {};
    const byGroup = new Map();
    for (const [t, n] of Object.entries(schema.types || {})) byGroup.set(groupOf(t), (byGroup.get(groupOf(t)) || 0) + n);
    box.append(
      h('h2', { text: 'This dataset' }),
      h('p', { text: `${c.nodes || 0} entities, ${c.edges || 0} relations, ${c.sources || 0} sources.` }),
      h('h3', { text: 'Entities by kind' }),
      h('ul', { class: 'overview-kinds' }, ...Object.entries(schema.kinds || {}).sort((a, b) => b[1] - a[1])
        .map(([k, n]) => h('li', { 'data-kind': k, text: `${(KINDS[k] && KINDS[k].label) || k}: ${n}` }))),
      h('h3', { text: 'Relations by group' }),
      h('ul', {}, ...GROUPS.filter(g => byGroup.get(g.id)).map(g => h('li', { text: `${g.label}: ${byGroup.get(g.id)}` }))),
      h('h3', { text: 'Example questions' }),
      h('ul', { class: 'overview-questions' }, ...QUESTIONS.map(([text, href]) => h('li', {}, h('a', { href, text })))),
      ...(connected.length ? [h('h3', { text: 'Most connected: start from one' })] : []),
      h('ol', { class: 'overview-top' }, ...connected.map(n => h('li', { 'data-id': n.id },
        h('a', { href: `/?focus=${encodeURIComponent(n.id)}`, text: n.name, onclick: ev => { ev.preventDefault(); actions.expand(n.id); } }),
        h('span', { class: 'muted', text: ` ${(KINDS[n.kind] && KINDS[n.kind].label) || n.kind} · ${n.degree} relation${n.degree === 1 ? '' : 's'}` })))),
    );
  }
  store.on('schema', draw);
  bus.on('graph', draw);
  bus.on('ready', draw);
}
