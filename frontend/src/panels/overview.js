// The start page: while the view is empty, the dataset's overview over the
// chart (counts by kind and by relation group from GET /schema, entities
// to start from, example questions as links). Hidden once anything is shown.
import { h, $, clear } from '../dom.js';
import { KINDS } from '../style.js';
import { GROUPS, groupOf } from '../typegroups.js';

const STARTS = [
  ['kim-yong-bok', 'Kim Yong Bok'], ['kim-jong-un', 'Kim Jong Un'], ['north-korea', 'North Korea'],
  ['russia', 'Russia'], ['kursk-oblast', 'Kursk Oblast'], ['russian-armed-forces', 'Russian Armed Forces'],
];
const QUESTIONS = [
  ['What did Kim Yong Bok oversee?', '/?oversight=kim-yong-bok'],
  ['Who oversaw the weapons tests? (Kim Jong Un)', '/?oversight=kim-jong-un'],
  ['How is Kim Yong Bok tied to Kursk Oblast?', '/?from=kim-yong-bok&to=kursk-oblast'],
  ['How is North Korea tied to Russia\'s forces?', '/?from=north-korea&to=russian-armed-forces'],
  ['Around Kursk Oblast, two steps out', '/?focus=kursk-oblast&depth=2'],
];

export function mount({ bus, store, ctl, actions }) {
  const box = $('#overview');
  function draw() {
    const schema = store.get().schema;
    clear(box);
    box.hidden = ctl.stats().nodes > 0 || !schema || document.body.dataset.ready !== 'true' && new URLSearchParams(window.location.search).size > 0;
    if (box.hidden) return;
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
      h('h3', { text: 'Start from' }),
      h('ul', { class: 'overview-starts' }, ...STARTS.map(([id, name]) => h('li', {}, h('button', { type: 'button', class: 'linklike', text: name, onclick: () => actions.expand(id) })))),
      h('h3', { text: 'Example questions' }),
      h('ul', { class: 'overview-questions' }, ...QUESTIONS.map(([text, href]) => h('li', {}, h('a', { href, text })))),
    );
  }
  store.on('schema', draw);
  bus.on('graph', draw);
  bus.on('ready', draw);
}
