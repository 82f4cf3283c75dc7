// The side panel (#panel): details of the selected entity or relation, or
// the evidence of the active answer, with numbered citations. Everything is
// written as text.
import { h, clear, append, safeURL } from '../dom.js';
import { KINDS } from '../style.js';
import { period } from '../dates.js';

export function mount({ bus, store, ctl }) {
  const panel = document.querySelector('#panel');
  // an editor's "Edit" on a relation opens the relation form (editor.js)
  const edit = id => bus.emit('edit', id);
  bus.on('select', ele => renderPanel(panel, ele, ctl, edit));
  bus.on('graph', () => renderPanel(panel, ctl.selected(), ctl, edit));
  store.on('activeAnswer', i => {
    const { answers } = store.get();
    const it = answers && answers.items[i];
    if (it) renderEvidence(panel, it.label.replace(/^\d+\. /, ''), it.path, ctl);
  });
}

function renderPanel(panel, ele, ctl, edit) {
  clear(panel);
  if (!ele) {
    panel.append(h('p', { class: 'muted', text: 'Select an entity or a relation to see its details and citations.' }));
    return;
  }
  if (ele.isNode()) renderNode(panel, ele, ctl);
  else renderEdge(panel, ele, ctl, edit);
}

function nameOf(ctl, id) {
  const n = ctl.node(id);
  return n ? n.data('name') : id;
}

// marking shows a TLP marking as a coloured badge (TLP:CLEAR stays plain).
function marking(m) {
  if (!m || m === 'TLP:CLEAR') return null;
  return h('p', { class: `marking ${m.replace(/[^A-Za-z]/g, '-')}`, text: m });
}

function dl(rows) {
  const el = h('dl', { class: 'props' });
  for (const [k, v] of rows) {
    if (v === undefined || v === null || v === '') continue;
    el.append(h('dt', { text: k }), h('dd', { text: String(v) }));
  }
  return el;
}

// citations renders the numbered list of sources; returns [list, numberOf].
function citations(ctl, sourceIds) {
  const numbers = new Map();
  const ol = h('ol', { class: 'citations' });
  for (const id of sourceIds) {
    if (numbers.has(id)) continue;
    numbers.set(id, numbers.size + 1);
    const s = ctl.sources.get(id) || { id, title: id };
    const url = safeURL(s.url);
    const title = url
      ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: s.title || s.id })
      : h('span', { class: 'cite-title', text: s.title || s.id });
    ol.append(h('li', { 'data-source': id },
      title,
      s.publisher ? h('span', { class: 'cite-pub', text: ` — ${s.publisher}` }) : null,
      s.author ? h('span', { class: 'cite-author', text: `, ${s.author}` }) : null,
      s.date ? h('span', { class: 'cite-date', text: ` (${s.date})` }) : null,
      s.reliability ? h('span', { class: 'badge', title: 'Source reliability (A best, F cannot be judged)', text: s.reliability }) : null,
    ));
  }
  return [ol, id => numbers.get(id)];
}

function renderNode(panel, n, ctl) {
  const d = n.data();
  const kind = KINDS[d.kind];
  append(panel, [
    h('p', { class: 'kicker' }, h('span', { class: `swatch kind-${d.kind}`, 'aria-hidden': 'true' }), kind ? kind.label : d.kind, n.locked() ? ' · pinned' : ''),
    marking(d.marking),
    h('h2', { class: 'entity-name', text: d.name }),
    d.aliases.length ? h('p', { class: 'aliases', text: `Also: ${d.aliases.join('; ')}` }) : null,
    d.summary ? h('p', { class: 'summary', text: d.summary }) : null,
    dl([['id', d.id], ['marking', d.marking], ...Object.entries(d.props).sort()]),
  ]);
  // the relations shown (the filters and hidden ends leave the others out)
  const edges = n.connectedEdges().not('.synthetic').filter(e => !e.hasClass('filtered') && !e.source().hasClass('filtered') && !e.target().hasClass('filtered')
    && !e.source().hasClass('user-hidden') && !e.target().hasClass('user-hidden')).sort((a, b) => (a.data('since') || '').localeCompare(b.data('since') || ''));
  if (edges.length === 0) return;
  const allSources = edges.map(e => e.data('sources')).flat();
  const [ol, numberOf] = citations(ctl, allSources);
  const rel = h('ul', { class: 'relations' });
  edges.forEach(e => {
    const ed = e.data();
    const out = ed.source === d.id;
    const other = out ? ed.target : ed.source;
    const li = h('li', { class: e.hasClass('outdated') ? 'outdated' : '' },
      h('button', { type: 'button', class: 'linklike', title: 'Select this relation', onclick: () => ctl.select(e.id()) },
        out ? `${ed.type} →` : `← ${ed.type}`),
      ' ',
      h('span', { class: 'other', text: nameOf(ctl, other) }),
      h('span', { class: 'muted', text: ` · ${period(ed.since, ed.until)}` }),
      ed.grade ? h('span', { class: ed.low ? 'badge low' : 'badge', title: 'Admiralty grade', text: ed.grade }) : null,
      h('sup', { class: 'refs', text: ed.sources.map(s => `[${numberOf(s)}]`).join('') }),
    );
    rel.append(li);
  });
  panel.append(h('h3', { text: `Relations in view (${edges.length})` }), rel, h('h3', { text: 'Citations' }), ol);
}

function renderEdge(panel, e, ctl, edit) {
  const d = e.data();
  const editor = ['editor', 'admin'].includes(document.body.dataset.role);
  append(panel, [
    h('p', { class: 'kicker', text: 'Relation' }),
    editor ? h('button', { type: 'button', class: 'edit', text: 'Edit', title: 'Edit this relation', onclick: () => edit(d.id) }) : null,
    marking(d.marking),
    h('h2', { class: 'entity-name' }, h('span', { text: nameOf(ctl, d.source) }), h('span', { class: 'reltype', text: ` ${d.type} ` }), h('span', { text: nameOf(ctl, d.target) })),
    dl([
      ['dates', period(d.since, d.until)],
      ['grade', d.grade ? `${d.grade}${d.low ? ' (low)' : ''}` : ''],
      ['credibility', d.credibility],
      ['marking', d.marking],
      ['id', d.id],
      ...Object.entries(d.props || {}).sort(),
    ]),
    d.note ? h('p', { class: 'summary', text: d.note }) : null,
  ]);
  const [ol] = citations(ctl, d.sources);
  panel.append(h('h3', { text: 'Citations' }), ol);
}

// renderEvidence shows one answer's path hop by hop, each hop with its dates,
// grade and citation numbers, then the numbered citations of the whole path.
function renderEvidence(panel, title, path, ctl) {
  clear(panel);
  const edges = path.edges.map(id => ctl.edge(id)).filter(Boolean);
  const [ol, numberOf] = citations(ctl, edges.map(e => e.data('sources')).flat());
  const hops = h('ol', { class: 'hops' });
  path.edges.forEach((id, i) => {
    const e = ctl.edge(id);
    if (!e) return;
    const d = e.data();
    const fwd = d.source === path.nodes[i];
    hops.append(h('li', {},
      h('span', { text: nameOf(ctl, path.nodes[i]) }), ' ',
      h('button', { type: 'button', class: 'linklike', title: 'Select this relation', onclick: () => ctl.select(e.id()) },
        fwd ? `${d.type} →` : `← ${d.type}`), ' ',
      h('span', { text: nameOf(ctl, path.nodes[i + 1]) }),
      h('span', { class: 'muted', text: ` · ${period(d.since, d.until)}` }),
      d.grade ? h('span', { class: d.low ? 'badge low' : 'badge', title: 'Admiralty grade', text: d.grade }) : null,
      h('sup', { class: 'refs', text: d.sources.map(s => `[${numberOf(s)}]`).join('') }),
    ));
  });
  append(panel, [
    h('p', { class: 'kicker', text: 'Evidence' }),
    h('h2', { class: 'entity-name', text: title }),
    hops,
    h('h3', { text: 'Citations' }),
    ol,
  ]);
}
