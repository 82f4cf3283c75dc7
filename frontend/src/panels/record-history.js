// A record's history (GET /history?id=), for any role: the context menu's
// "Open history" on an entity or a relation selects it and opens this
// section under the details, scrolled into view. Selecting something else
// closes it. Everything is written as text.
import { h, $, clear } from '../dom.js';

export function mount({ bus, api, ctl, messages }) {
  const box = $('#record-history');
  const title = $('#record-history-title');
  const list = $('#record-history-list');
  let shown = null; // the id whose history is open
  bus.on('open-history', async id => {
    const ele = ctl.node(id) || ctl.edge(id);
    shown = id;
    title.textContent = `History of ${(ele && (ele.data('name') || ele.data('type'))) || id}`;
    clear(list);
    list.append(h('li', { class: 'muted', text: 'Loading…' }));
    box.hidden = false;
    box.scrollIntoView({ block: 'nearest' });
    try {
      const ans = await api.request('GET', '/history', { query: { id, limit: 20 } });
      if (shown !== id) return;
      clear(list);
      for (const r of ans.revisions) list.append(h('li', { 'data-rev': r.rev, text: revisionLine(r, id) }));
      if (ans.revisions.length === 0) list.append(h('li', { class: 'muted', text: 'No recorded change (loaded with the dataset).' }));
      box.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      messages.error(err);
    }
  });
  bus.on('select', ele => {
    if (shown && (!ele || ele.id() !== shown)) { shown = null; box.hidden = true; }
  });
  $('#record-history-close').addEventListener('click', () => { shown = null; box.hidden = true; });
}

// revisionLine describes revision r as it touched record id: number, op,
// who, when (UTC) and, for a change, each field from before to after, so
// that the analyst sees what a revert would undo.
export function revisionLine(r, id) {
  const what = r.changes.filter(c => c.id === id).map(c => (c.before && c.after ? `changed ${fieldChanges(c.before, c.after)}` : c.after ? 'added' : 'removed')).join('; ');
  return `#${r.rev} ${r.op}${r.reverts ? ` of #${r.reverts}` : ''} by ${r.who}, ${utc(r.time)}${what ? ` — ${what}` : ''}`;
}

const utc = t => { const d = new Date(t); return Number.isNaN(d.getTime()) ? String(t) : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`; };
// none is a value's absence: missing, null, '' or an empty list or map
const none = v => v === undefined || v === null || v === '' || (typeof v === 'object' && !Object.keys(v).length);
const valueText = v => { const s = none(v) ? '—' : typeof v === 'string' ? v : JSON.stringify(v); return s.length > 60 ? `${s.slice(0, 59)}…` : s; };

// fieldChanges lists the fields (props by their key) that differ.
function fieldChanges(before, after) {
  const flat = o => { const out = {}; for (const [k, v] of Object.entries(o || {})) { if (k === 'props' && v && typeof v === 'object') for (const [pk, pv] of Object.entries(v)) out[pk] = pv; else out[k] = v; } return out; };
  const b = flat(before), a = flat(after);
  const diffs = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(k => (none(b[k]) ? '' : JSON.stringify(b[k])) !== (none(a[k]) ? '' : JSON.stringify(a[k])));
  return diffs.length ? diffs.map(k => `${k}: ${valueText(b[k])} → ${valueText(a[k])}`).join(', ') : '(no field)';
}
