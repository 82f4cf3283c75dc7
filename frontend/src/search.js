// Search box with autocomplete: hits show name, kind and aliases; arrow keys
// move, Enter picks, Esc closes. Used by the main search box and by the
// pickers (paths, oversight).
import { h, clear } from './dom.js';
import { KINDS } from './style.js';

let seq = 0;

// onPick(hit, how): how is 'enter' or 'click'. onHits(hits): called after
// the hits are drawn (to decorate them).
export function attachSearch({ api, input, list, onPick, onError, onHits }) {
  let hits = [];
  let active = -1;
  let timer = null;
  let ctrl = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const render = () => {
    clear(list);
    if (hits.length === 0) {
      list.append(h('li', { class: 'empty', role: 'option', 'aria-disabled': 'true', text: 'No match' }));
    }
    hits.forEach((hit, i) => {
      const id = `${list.id}-opt-${i}`;
      const kind = KINDS[hit.kind];
      const swatch = h('span', { class: `swatch kind-${hit.kind}`, 'aria-hidden': 'true' });
      const li = h('li', { id, role: 'option', class: i === active ? 'hit active' : 'hit', 'aria-selected': i === active ? 'true' : 'false', 'data-id': hit.id },
        swatch,
        h('span', { class: 'hit-name', text: hit.name }),
        h('span', { class: 'hit-kind', text: kind ? kind.label : hit.kind }),
        hit.aliases && hit.aliases.length ? h('span', { class: 'hit-aliases', text: `aka ${hit.aliases.join(', ')}` }) : null,
      );
      li.addEventListener('mousedown', ev => ev.preventDefault()); // keep focus in the input
      li.addEventListener('click', () => pick(i));
      list.append(li);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (active >= 0) input.setAttribute('aria-activedescendant', `${list.id}-opt-${active}`);
    else input.removeAttribute('aria-activedescendant');
    if (onHits) onHits(hits);
  };

  const pick = (i, how = 'click') => {
    const hit = hits[i];
    if (!hit) return;
    close();
    onPick(hit, how);
  };

  const query = async () => {
    const q = input.value.trim();
    if (!q) { hits = []; close(); return; }
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    const mine = ++seq;
    try {
      const res = await api.search(q, { limit: 10, signal: ctrl.signal });
      if (mine !== seq) return;
      hits = res.results || [];
      list.dataset.query = q; // which query the shown hits answer
      active = hits.length ? 0 : -1;
      render();
    } catch (err) {
      if (err.name !== 'AbortError') onError(err);
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(query, 120);
  });
  input.addEventListener('keydown', ev => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (list.hidden) { query(); return; }
      if (!hits.length) return;
      const d = ev.key === 'ArrowDown' ? 1 : -1;
      active = (active + d + hits.length) % hits.length;
      render();
      list.querySelector('.active')?.scrollIntoView({ block: 'nearest' });
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (!list.hidden && active >= 0) pick(active, 'enter');
      else { clearTimeout(timer); query(); }
    } else if (ev.key === 'Escape') {
      if (!list.hidden) { ev.stopPropagation(); close(); }
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  return { close, query };
}

// A picker: a labelled search input that remembers the picked entity.
export function picker({ api, container, label, onError, onPick }) {
  const n = ++seq;
  const input = h('input', { id: `${container.id}-input`, type: 'search', autocomplete: 'off', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': `${container.id}-list`, placeholder: 'search…' });
  const list = h('ul', { id: `${container.id}-list`, class: 'hits', role: 'listbox', hidden: true });
  container.classList.add('search');
  container.append(h('label', { for: input.id, text: label }), input, list);
  const state = { value: null, input };
  state.set = node => {
    state.value = node ? { id: node.id, name: node.name, kind: node.kind } : null;
    input.value = node ? node.name : '';
    input.dataset.id = node ? node.id : '';
  };
  input.addEventListener('input', () => { state.value = null; input.dataset.id = ''; });
  attachSearch({ api, input, list, onError, onPick: hit => { state.set(hit); onPick && onPick(hit); } });
  void n;
  return state;
}

// bindPicker is a picker whose value is the store's picks[key]: picking (or
// typing over) writes it there, and a value set there (by an action) shows
// in the input; store.focusPick === key focuses it. picked() is the picked
// id, else the text typed.
// then(), when given, runs after the analyst picks a hit (the form's next
// step: its other end, or its submit button).
export function bindPicker({ api, store, key, container, label, onError, then }) {
  const setPick = v => store.set({ picks: { ...store.get().picks, [key]: v } });
  const p = picker({ api, container, label, onError, onPick: hit => { setPick({ id: hit.id, name: hit.name, kind: hit.kind }); if (then) then(); } });
  p.input.addEventListener('input', () => { if (store.get().picks[key]) setPick(null); });
  store.on('picks', picks => {
    const v = picks[key];
    if ((v && v.id) !== (p.value && p.value.id)) p.set(v);
  });
  store.on('focusPick', k => { if (k === key) { p.input.focus(); store.set({ focusPick: '' }); } });
  p.picked = () => (p.value ? p.value.id : p.input.value.trim());
  return p;
}
