// Authoring for editors: who is signed in (GET /whoami), entity and
// relation forms (field errors from problem+json beside their fields; a
// 412 says the record changed), delete with what else goes, the selected
// record's history with revert, and merge into a picked entity. Viewers
// see none of it. A relation is edited in the relation form (PATCH with
// If-Match); its new sources are written with it in one request, created
// or edited, and an unsourced one (POST unsourced: true) leaves its ends
// as they are.
import { h, clear, $ } from '../dom.js';
import { picker } from '../search.js';
import { revisionLine } from './record-history.js';

const KINDS = ['Person', 'Unit', 'Organization', 'State', 'WeaponSystem', 'Place', 'Event'];
const MARKINGS = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:RED'];
export const CREDIBILITY = [
  [1, '1 — confirmed by other sources'], [2, '2 — probably true'], [3, '3 — possibly true'],
  [4, '4 — doubtful'], [5, '5 — improbable'], [6, '6 — truth cannot be judged'],
];
export const RELIABILITY = [
  ['A', 'A — completely reliable'], ['B', 'B — usually reliable'], ['C', 'C — fairly reliable'],
  ['D', 'D — not usually reliable'], ['E', 'E — unreliable'], ['F', 'F — reliability cannot be judged'],
];
// The vocabulary by group (DESIGN.md); types in the data but not here go
// under "Other".
const TYPE_GROUPS = [
  ['Oversight', ['COMMANDS', 'DIRECTS', 'LEADS', 'OVERSAW', 'HOLDS_POST']],
  ['Membership and hierarchy', ['MEMBER_OF', 'AFFILIATED_WITH', 'PART_OF']],
  ['Places', ['DEPLOYED_TO', 'BASED_IN', 'LOCATED_IN', 'TRAINED_IN', 'VISITED']],
  ['Weapons and supply', ['TRAINED_ON', 'PRODUCED_BY', 'SUPPLIED', 'SUPPLIED_TO', 'OPERATES', 'TESTED', 'TRANSPORTED']],
  ['Events and states', ['PARTICIPATED_IN', 'VETOED', 'AT_WAR_WITH']],
];

const slug = s => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120);
const lines = s => s.split('\n').map(x => x.trim()).filter(Boolean);
const options = (sel, items) => sel.replaceChildren(...items.map(([v, t]) => h('option', { value: v, text: t })));
const endOf = n => (n ? { id: n.id(), name: n.data('name') || n.id(), kind: n.data('kind') } : null);

// mergeInto merges entity a into b ({id, name}) after a confirmation that
// says what moves; the view then shows b in a's place. Shared by the
// selection tools, the context menu and the duplicates list.
export async function mergeInto({ api, ctl, actions, messages }, a, b) {
  let rels = '';
  try {
    const nb = await api.neighborhood(a.id, { depth: 1 });
    const n = nb.edges.filter(e => e.from === a.id || e.to === a.id).length;
    rels = ` its ${n}${nb.truncated ? '+' : ''} relation${n === 1 ? '' : 's'} and their citations`;
  } catch { rels = ' its relations and their citations'; }
  const say = `Merge ${a.name} into ${b.name}?\n${a.name}:${rels} move to ${b.name}; the name ${a.name} and its aliases become aliases of ${b.name}; the id ${a.id} then opens ${b.name}. The merge is recorded and can be reverted.`;
  if (!window.confirm(say)) return false;
  try {
    const ans = await api.request('POST', `/entities/${encodeURIComponent(a.id)}/merge`, { body: { into: b.id } });
    ctl.remove([a.id]);
    await actions.addIds([...new Set([ans.into, ...ctl.nodeIds()])]);
    ctl.select(ans.into);
    messages.info(`Merged ${a.name} into ${b.name}.`);
    return true;
  } catch (err) { messages.error(err); return false; }
}

export function mount({ bus, store, api, ctl, actions, messages }) {
  const box = $('#editor');
  const ef = $('#entity-form');
  const rf = $('#relation-form');
  let me = null;
  let editing = null; // {id, etag} of the entity the form edits
  let editingRel = null; // {id, etag} of the relation the form edits

  options(ef.elements.kind, KINDS.map(k => [k, k]));
  for (const f of [ef, rf]) options(f.elements.marking, MARKINGS.map(m => [m, m]));
  options(rf.elements.credibility, CREDIBILITY);
  rf.elements.credibility.value = '6';
  options(rf.elements['src-reliability'], RELIABILITY);
  rf.elements['src-reliability'].value = 'F';
  const from = picker({ api, container: $('#rel-from'), label: 'From', onError: e => messages.error(e) });
  const to = picker({ api, container: $('#rel-to'), label: 'To', onError: e => messages.error(e) });
  // picking a target after the context menu's "Merge into…" merges at once
  // (after the confirmation)
  let mergePending = false;
  let mergeFor = null; // the entity selected when the merge target was picked
  const merger = picker({ api, container: $('#merge-box'), label: 'Merge the selected entity into', onError: e => messages.error(e),
    onPick: () => { if (mergePending) { mergePending = false; mergeSelected(); } } });

  // ---- sign-in ----
  $('#sign-out')?.addEventListener('click', () => {
    sessionStorage.removeItem('linkchart.token');
    window.location.reload();
  });
  api.request('GET', '/whoami').then(w => {
    me = w;
    const editor = w.role === 'editor' || w.role === 'admin';
    $('#whoami').textContent = `Signed in as ${w.name} (${w.role}, cleared for ${w.clearance})`;
    box.hidden = !editor;
    document.body.dataset.role = w.role;
    store.set({ clearance: w.clearance });
  }).catch(err => messages.error(err));

  // ---- field errors ----
  const showErrors = (form, err) => {
    for (const p of form.querySelectorAll('.field-error')) p.remove();
    form.querySelector('[data-for="body"]').textContent = '';
    if (!err) return;
    if (err.status === 412) {
      const line = form.querySelector('[data-for="body"]');
      line.textContent = 'Changed by someone else: reload the record before saving. ';
      if (form.reload) line.append(h('button', { type: 'button', class: 'reload', text: 'Reload', onclick: () => form.reload() }));
      return;
    }
    const general = [];
    for (const fe of err.fields || []) {
      const field = String(fe.field || '').replace(/^(entities|relations)\[\d+\]\./, '');
      // a new source's fields are the form's src-… inputs
      const name = /^new_sources\[/.test(field) ? `src-${field.split('.').pop()}` : field.split(/[.[]/)[0];
      const input = form.elements[name];
      if (input && input.closest) {
        (input.closest('label') || input).after(h('p', { class: 'field-error', 'data-field': name, text: fe.message }));
      } else if (name === 'from' || name === 'to') {
        form.querySelector(`#rel-${name}`).append(h('p', { class: 'field-error', 'data-field': name, text: fe.message }));
      } else general.push(`${fe.field}: ${fe.message}`);
    }
    form.querySelector('[data-for="body"]').textContent = [err.detail || err.title, ...general].filter(Boolean).join(' ');
  };

  // ---- entities ----
  const openEntity = async id => {
    rf.hidden = true;
    ef.reset();
    showErrors(ef, null);
    editing = null;
    ef.elements.id.disabled = false;
    $('#entity-form-title').textContent = 'New entity';
    if (id) {
      const res = await api.request('GET', `/entities/${encodeURIComponent(id)}`, { raw: true });
      const g = await res.json();
      const n = g.nodes.find(x => x.id === id);
      editing = { id, etag: res.headers.get('ETag') };
      $('#entity-form-title').textContent = `Edit ${n.name}`;
      const e = ef.elements;
      e.kind.value = n.kind; e.name.value = n.name; e.id.value = n.id; e.id.disabled = true;
      e.aliases.value = (n.aliases || []).join('\n'); e.summary.value = n.summary || '';
      e.props.value = Object.entries(n.props || {}).map(([k, v]) => `${k}=${v}`).join('\n');
      e.marking.value = n.marking || 'TLP:CLEAR';
      if (n.geo) { e.lat.value = n.geo.lat; e.lon.value = n.geo.lon; }
    }
    ef.hidden = false;
    ef.elements.name.focus();
  };
  $('#new-entity').addEventListener('click', () => openEntity(null).catch(e => messages.error(e)));
  $('#edit-selected').addEventListener('click', () => {
    const s = ctl.selected();
    if (!s) return;
    if (s.isNode()) openEntity(s.id()).catch(e => messages.error(e));
    else openRelation(s.id()).catch(e => messages.error(e));
  });
  ef.reload = () => editing && openEntity(editing.id).catch(e => messages.error(e));
  // "Edit" in a relation's details (details.js)
  bus.on('edit', id => { if (!box.hidden) openRelation(id).catch(e => messages.error(e)); });
  ef.querySelector('.cancel').addEventListener('click', () => { ef.hidden = true; });
  ef.addEventListener('submit', async ev => {
    ev.preventDefault();
    const e = ef.elements;
    const props = {};
    for (const l of lines(e.props.value)) {
      const i = l.indexOf('=');
      if (i > 0) props[l.slice(0, i).trim()] = l.slice(i + 1).trim();
    }
    const body = { kind: e.kind.value, name: e.name.value.trim(), aliases: lines(e.aliases.value), summary: e.summary.value.trim(), props, marking: e.marking.value };
    if (e.lat.value !== '' || e.lon.value !== '') body.geo = { lat: Number(e.lat.value), lon: Number(e.lon.value) };
    try {
      let id;
      if (editing) {
        id = editing.id;
        await api.request('PATCH', `/entities/${encodeURIComponent(id)}`, { body, headers: editing.etag ? { 'If-Match': editing.etag } : {} });
      } else {
        id = e.id.value.trim() || slug(body.name);
        await api.request('POST', '/entities', { body: { id, ...body } });
      }
      showErrors(ef, null);
      ef.hidden = true;
      await actions.addIds([id]);
      ctl.select(id);
      messages.info(editing ? `Saved ${body.name}.` : `Created ${body.name}.`);
      editing = null;
    } catch (err) {
      if (err.status) showErrors(ef, err); else messages.error(err);
    }
  });

  // ---- relations ----
  const fillTypes = () => {
    const f = rf.elements['type-filter'].value.trim().toUpperCase();
    const known = new Set(TYPE_GROUPS.flatMap(g => g[1]));
    const other = Object.keys(store.get().schema?.types || {}).filter(t => !known.has(t)).sort();
    const groups = [...TYPE_GROUPS, ['Other', other]];
    rf.elements.type.replaceChildren(...groups.map(([g, ts]) => {
      const hits = ts.filter(t => !f || t.includes(f.replace(/\s+/g, '_')));
      return hits.length ? h('optgroup', { label: g }, hits.map(t => h('option', { value: t, text: t }))) : null;
    }).filter(Boolean));
  };
  const fillSources = (cited = null) => {
    const f = rf.elements['source-filter'].value.trim().toLowerCase();
    const picked = new Set(cited || [...rf.elements.sources.selectedOptions].map(o => o.value));
    const all = [...ctl.sources.values()].filter(s => picked.has(s.id) || !f || [s.title, s.publisher, s.url].some(x => (x || '').toLowerCase().includes(f)));
    rf.elements.sources.replaceChildren(...all.map(s => h('option', { value: s.id, selected: picked.has(s.id), text: `${s.title}${s.publisher ? ` (${s.publisher})` : ''} [${s.reliability || 'F'}]` })));
  };
  rf.elements['type-filter'].addEventListener('input', fillTypes);
  rf.elements['source-filter'].addEventListener('input', () => fillSources());
  // openRelation opens the relation form: empty with ends a and b (entity
  // ids, either may be missing), or filled from relation id to edit it.
  const openRelation = async (id, a, b) => {
    ef.hidden = true;
    rf.reset();
    showErrors(rf, null);
    editingRel = null;
    rf.elements.credibility.value = '6';
    rf.elements['src-reliability'].value = 'F';
    from.set(endOf(a && ctl.node(a))); to.set(endOf(b && ctl.node(b)));
    rf.elements['type-filter'].value = '';
    fillTypes();
    let cited = [];
    if (id) {
      const res = await api.request('GET', `/relations/${encodeURIComponent(id)}`, { raw: true });
      const g = await res.json();
      const e = g.edges.find(x => x.id === id);
      for (const s of g.sources || []) ctl.sources.set(s.id, s);
      editingRel = { id, etag: res.headers.get('ETag') };
      const name = x => g.nodes.find(n => n.id === x)?.name || x;
      from.set({ id: e.from, name: name(e.from) }); to.set({ id: e.to, name: name(e.to) });
      const el = rf.elements;
      if (![...el.type.options].some(o => o.value === e.type)) el.type.append(h('option', { value: e.type, text: e.type }));
      el.type.value = e.type;
      el.since.value = e.since || ''; el.until.value = e.until || '';
      el.credibility.value = String(e.credibility || 6);
      el.note.value = e.note || ''; el.marking.value = e.marking || 'TLP:CLEAR';
      cited = e.sources;
    }
    $('#relation-form-title').textContent = id ? 'Edit relation' : 'New relation';
    // a new source may come with a new relation or an edit; unsourced is a new one's
    for (const el of rf.querySelectorAll('.new-only')) el.hidden = !!id;
    fillSources(cited);
    rf.hidden = false;
  };
  rf.reload = () => editingRel && openRelation(editingRel.id).catch(e => messages.error(e));
  $('#new-relation').addEventListener('click', () => {
    const sel = ctl.selectedNodeIds();
    openRelation(null, sel[0], sel[1]).catch(e => messages.error(e));
  });
  // a relation drawn on the chart (draw.js): the form with both ends
  bus.on('draw-relation', ({ from: a, to: b }) => {
    if (!box.hidden) openRelation(null, a, b).catch(e => messages.error(e));
  });
  rf.querySelector('.cancel').addEventListener('click', () => { rf.hidden = true; });
  rf.addEventListener('submit', async ev => {
    ev.preventDefault();
    const e = rf.elements;
    const rel = {
      type: e.type.value, from: from.value ? from.value.id : from.input.value.trim(), to: to.value ? to.value.id : to.input.value.trim(),
      since: e.since.value.trim(), until: e.until.value.trim(), credibility: Number(e.credibility.value),
      note: e.note.value.trim(), marking: e.marking.value, sources: [...e.sources.selectedOptions].map(o => o.value),
    };
    const title = e['src-title'].value.trim();
    let src = null;
    if (title) {
      src = { id: `${slug(`${title}-${e['src-date'].value}`).slice(0, 100) || 'source'}-${Date.now().toString(36)}`, title, publisher: e['src-publisher'].value.trim(),
        author: e['src-author'].value.trim(), date: e['src-date'].value.trim(), url: e['src-url'].value.trim(), reliability: e['src-reliability'].value };
      rel.sources.push(src.id);
    }
    const fresh = src ? { new_sources: [src] } : {};
    if (editingRel) { saveRelation({ ...rel, ...fresh }); return; }
    if (!rel.type) { showErrors(rf, { detail: 'Pick a type.' }); return; }
    if (rel.sources.length === 0 && !e.unsourced.checked) {
      showErrors(rf, { detail: 'A relation cites at least one source: pick one, add one, or mark it unsourced.' });
      return;
    }
    try {
      // a new source is written with the relation, in one request; an
      // unsourced relation cites the reserved source, its ends untouched
      const { sources, ...rest } = rel;
      const body = sources.length ? { ...rel, ...fresh } : { ...rest, unsourced: true };
      const g = await api.request('POST', '/relations', { body });
      const { id, from: a, to: b } = g.edges[0];
      showErrors(rf, null);
      rf.hidden = true;
      await actions.addIds([a, b]);
      ctl.select(id);
      messages.info(`Drew ${rel.type}.`);
    } catch (err) {
      if (err.status) showErrors(rf, err); else messages.error(err);
    }
  });

  // saveRelation sends the edited relation as a PATCH with the ETag it was
  // read with; the view shows the answer in the old one's place.
  const saveRelation = async rel => {
    if (rel.sources.length === 0) {
      showErrors(rf, { detail: 'A relation cites at least one source: pick one.' });
      return;
    }
    try {
      const id = editingRel.id;
      const g = await api.request('PATCH', `/relations/${encodeURIComponent(id)}`, { body: rel, headers: editingRel.etag ? { 'If-Match': editingRel.etag } : {} });
      showErrors(rf, null);
      rf.hidden = true;
      editingRel = null;
      ctl.remove([id]);
      await ctl.add(g, { layout: false });
      ctl.select(id);
      messages.info(`Saved ${rel.type}.`);
    } catch (err) {
      if (err.status) showErrors(rf, err); else messages.error(err);
    }
  };

  // ---- the selection: delete, merge, history ----
  const renderHistory = async ele => {
    const list = clear($('#history'));
    if (!ele) return;
    const ans = await api.request('GET', '/history', { query: { id: ele.id(), limit: 20 } });
    for (const r of ans.revisions) {
      const li = h('li', { 'data-rev': r.rev },
        h('span', { text: revisionLine(r, ele.id()) }),
        h('button', { type: 'button', class: 'revert', text: 'Revert', onclick: () => revert(r.rev) }));
      list.append(li);
    }
  };
  const revert = async rev => {
    const was = ctl.selected()?.id();
    try {
      const r = await api.request('POST', `/history/${rev}/revert`);
      const ids = r.changes.filter(c => c.kind === 'entity').map(c => c.id);
      const gone = r.changes.filter(c => !c.after || c.after === null).map(c => c.id);
      ctl.remove(gone);
      const keep = ids.filter(i => !gone.includes(i));
      const ends = r.changes.filter(c => c.kind === 'relation' && c.after).flatMap(c => [c.after.from, c.after.to]);
      for (const c of r.changes) if (c.kind === 'relation' && c.after) ctl.remove([c.id]);
      if (keep.length + ends.length) await actions.addIds([...new Set([...keep, ...ends, ...ctl.nodeIds()])]);
      messages.info(`Reverted #${rev}.`);
      // a reverted relation is drawn anew: select it again (its history shows)
      if (was && !ctl.selected() && (ctl.node(was) || ctl.edge(was))) ctl.select(was);
      else renderHistory(ctl.selected());
    } catch (err) {
      messages.error(err);
    }
  };
  $('#delete-selected').addEventListener('click', async () => {
    const s = ctl.selected();
    if (!s) return;
    const rels = s.isNode() ? s.connectedEdges().length : 0;
    const name = s.data('name') || s.data('type') || s.id();
    const say = s.isNode() ? `Delete ${name} and its ${rels} relation${rels === 1 ? '' : 's'} in view (every relation it has goes with it)?` : `Delete the relation ${name}?`;
    if (!window.confirm(say)) return;
    try {
      await api.request('DELETE', `/${s.isNode() ? 'entities' : 'relations'}/${encodeURIComponent(s.id())}`);
      ctl.remove([s.id()]);
      messages.info(`Deleted ${name}.`);
    } catch (err) { messages.error(err); }
  });
  const mergeSelected = async () => {
    const s = ctl.selected();
    if (!s || !s.isNode() || !merger.value) { messages.info('Select an entity and pick the one to merge it into.'); return; }
    await mergeInto({ api, ctl, actions, messages }, endOf(s), merger.value);
  };
  $('#merge-go').addEventListener('click', mergeSelected);
  // "Merge into…" of the context menu: the merge picker, for the entity
  bus.on('merge-into', id => {
    if (!me || box.hidden) return;
    ctl.select(id);
    merger.set(null);
    mergePending = true;
    $('#merge-box').scrollIntoView({ block: 'nearest' });
    merger.input.focus();
  });
  bus.on('select', ele => {
    // a pick made for another entity must not merge this one
    if (merger.value && ele?.id() !== mergeFor) merger.set(null);
    mergePending = false;
    mergeFor = ele?.id();
    $('#selection-tools').hidden = !ele;
    $('#merge-box').hidden = $('#merge-go').hidden = !(ele && ele.isNode());
    if (!box.hidden) renderHistory(ele).catch(err => messages.error(err));
  });
}
