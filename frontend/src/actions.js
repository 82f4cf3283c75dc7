// The view's actions: what a search pick, a double-click, a form or a deep
// link asks for. Each fetches from the API, merges the answer into the
// controller, writes the outcome (answers, picks, title) to the store and
// the view to the URL. Errors are shown, never thrown (guarded).
import { ApiError } from './api.js';
import { parseGrade, compareDates } from './dates.js';
import { FILTER_PARAMS, filterParams } from './filtering.js';
import { applyView } from './view.js';

// setURL rewrites the address bar (replaceState) to the view's deep link;
// the filters' parameters (filtering.js, the time window among them) are kept.
export function setURL(params) {
  const u = new URL(window.location.href);
  const keep = FILTER_PARAMS.filter(k => u.searchParams.has(k)).map(k => [k, u.searchParams.get(k)]);
  u.search = '';
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.searchParams.set(k, v);
  for (const [k, v] of keep) if (v) u.searchParams.set(k, v);
  window.history.replaceState(null, '', u.pathname + u.search);
}

// CONNECT_DEPTH is the longest path between two entities connect joins.
const CONNECT_DEPTH = 6;

// pathParams: GET /paths's options (and the deep link's) from store.pathOptions.
export function pathParams(o) {
  return {
    direction: o.direction || undefined, exclude: o.exclude.length ? o.exclude.join(',') : undefined,
    max_degree: o.maxDegree > 0 ? o.maxDegree : undefined, consistent: o.consistent ? 'true' : undefined, rank: o.rank || undefined,
  };
}

// pathOptionsFrom reads them back from the URL.
export function pathOptionsFrom(q) {
  return {
    direction: ['out', 'in'].includes(q.get('direction')) ? q.get('direction') : '',
    exclude: (q.get('exclude') || '').split(',').map(x => x.trim()).filter(Boolean),
    maxDegree: Math.max(0, Number(q.get('max_degree')) || 0),
    consistent: q.get('consistent') === 'true',
    rank: q.get('rank') === 'grade' ? 'grade' : '',
  };
}

// setFilterURL rewrites only the filters' parameters of the address bar.
export function setFilterURL(filters) {
  const u = new URL(window.location.href);
  for (const k of FILTER_PARAMS) u.searchParams.delete(k);
  for (const [k, v] of Object.entries(filterParams(filters))) u.searchParams.set(k, v);
  window.history.replaceState(null, '', u.pathname + u.search);
}

export function createActions({ api, ctl, store, messages, history }) {
  let pending = 0; // actions running (whenIdle waits for them)
  const guard = fn => async (...args) => {
    pending++;
    try { return await fn(...args); } catch (err) { messages.error(err); return undefined; } finally { pending--; }
  };
  const limits = () => store.get().config.limits;
  const defaultCred = () => store.get().config.rules.default_credibility;
  const setPicks = patch => store.set({ picks: { ...store.get().picks, ...patch } });

  // resolve turns an id, a name or an alias into a node: the entity by id,
  // else the best search hit.
  async function resolve(ref) {
    try {
      const ent = await api.entity(ref);
      const node = (ent.nodes || []).find(n => n.id === ref);
      if (node) return node;
    } catch (err) {
      if (err.status !== 404 && err.status !== 400) throw err;
    }
    const res = await api.search(ref, { limit: 1 });
    const hit = (res.results || [])[0];
    if (!hit) throw new ApiError(404, { title: `No entity matches "${ref}"` });
    return hit;
  }

  function nameMap(sub) {
    const m = new Map();
    for (const n of sub.nodes || []) m.set(n.id, n.name);
    for (const id of ctl.nodeIds()) if (!m.has(id)) m.set(id, ctl.node(id).data('name'));
    return m;
  }
  function pathText(p, sub, names) {
    const edges = new Map((sub.edges || []).map(e => [e.id, e]));
    let s = names.get(p.nodes[0]) || p.nodes[0];
    p.edges.forEach((eid, i) => {
      const e = edges.get(eid);
      const next = p.nodes[i + 1];
      const fwd = !e || e.from === p.nodes[i];
      const t = e ? e.type : '?';
      s += fwd ? ` —${t}→ ` : ` ←${t}— `;
      s += names.get(next) || next;
    });
    return s;
  }
  function weakest(p, sub) {
    const edges = new Map((sub.edges || []).map(e => [e.id, e]));
    let rel = 'A', cred = 1;
    for (const id of p.edges) {
      const e = edges.get(id);
      const g = parseGrade(e && e.grade, e && e.credibility, defaultCred());
      if (g.rel > rel) rel = g.rel;
      if (g.cred > cred) cred = g.cred;
    }
    return p.edges.length ? `${rel}${cred}` : '—';
  }
  // addRecorded merges sub into the view and records the inverse (undo
  // removes what was added and puts the old nodes back where they were).
  async function addRecorded(label, sub, opts) {
    const before = ctl.allPositions();
    const added = await ctl.add(sub, opts);
    if (added && added.nonempty()) {
      const json = added.jsons();
      const ids = added.map(e => e.id());
      const after = ctl.allPositions();
      history.push({
        label,
        undo: () => { ctl.remove(ids); ctl.setPositions(before); },
        redo: () => { ctl.restore(json); ctl.setPositions(after); },
      });
    }
    return added;
  }
  // windowOf: the dates at which every hop of a path holds (intersection).
  function windowOf(p, sub) {
    const edges = new Map((sub.edges || []).map(e => [e.id, e]));
    let since = '', until = '';
    for (const id of p.edges) {
      const e = edges.get(id);
      if (!e) continue;
      if (e.since && (!since || compareDates(e.since, since) > 0)) since = e.since;
      if (e.until && (!until || compareDates(e.until, until) < 0)) until = e.until;
    }
    return { since, until, empty: Boolean(since && until && compareDates(since, until) > 0) };
  }
  // answerItem: one row of the answers table (answers.js).
  function answerItem(i, text, p, sub, end, { via = '', window: held } = {}) {
    const w = held ? { since: held.since || '', until: held.until || '', empty: Boolean(held.never) } : windowOf(p, sub);
    const grade = weakest(p, sub);
    const len = p.edges.length;
    return {
      label: `${i + 1}. ${text}`, text, via, path: p, length: len, grade, since: w.since, until: w.until, never: w.empty,
      group: (end && end.kind) || '', meta: `${len} hop${len === 1 ? '' : 's'} · weakest grade ${grade}` + (via ? ` · ${via}` : ''),
    };
  }
  function clearAnswers() {
    store.set({ answers: null, activeAnswer: -1 });
    ctl.clearHighlight();
  }

  const actions = {
    resolve,
    clearAnswers,
    busy: () => pending > 0,

    // addEntity adds a search hit to the view (with its relations to what is there).
    addEntity: guard(async hit => {
      const ids = [...ctl.nodeIds(), hit.id];
      const sub = await api.subgraph(ids);
      await addRecorded(`add ${hit.name}`, sub, { select: hit.id });
      ctl.center(hit.id);
      setURL({ focus: hit.id });
      store.set({ title: `${hit.name} and connections` });
    }),

    // addIds adds entities by id (POST /subgraph), with the relations among them.
    addIds: guard(async ids => {
      const sub = await api.subgraph(ids);
      await addRecorded('add', sub);
      return sub;
    }),

    expand: guard(async (id, { types = '', depth = 1, limit = limits().default_limit } = {}) => {
      let sub;
      try {
        sub = await api.neighborhood(id, { depth, types, limit });
      } catch (err) {
        // a deep link may name the entity instead of giving its id
        const badId = err.status === 404 || (err.status === 400 && err.fields.some(f => f.field === 'id'));
        if (!badId || ctl.node(id)) throw err;
        id = (await resolve(id)).id;
        sub = await api.neighborhood(id, { depth, types, limit });
      }
      const label = `expand ${ctl.node(id)?.data('name') || id}`;
      if (!ctl.node(id)) await addRecorded(label, sub, { select: id });
      else await addRecorded(label, sub, { anchor: id });
      if (sub.truncated) messages.info(`Showing the first ${sub.nodes.length} nodes around ${id}: the answer was cut.`);
      setURL({ focus: id, depth: depth > 1 ? depth : undefined, types: types || undefined, limit: limit !== limits().default_limit ? limit : undefined });
      store.set({ title: `Around ${ctl.node(id)?.data('name') || id}` });
      return id;
    }),

    // types: the relation types a path may walk ('' or [] for any).
    // quiet (a saved chart's question asked again): the answers alone,
    // with po and win as saved; the chart, its title and the URL stay.
    findPaths: guard(async (from, to, k = 3, { types = '', quiet = null } = {}) => {
      const t = Array.isArray(types) ? types.join(',') : types;
      const po = quiet ? quiet.po : pathParams(store.get().pathOptions);
      // consistent in time: the common date lies in the time bar's window
      const f = store.get().filters;
      const win = quiet ? quiet.win : po.consistent ? { from_date: f.fromDate || undefined, to_date: f.toDate || undefined } : {};
      const ans = await api.paths(from, to, { k, types: t || undefined, ...po, ...win });
      const ask = { from, to, k, types: t, po, win };
      if (!quiet) clearAnswers();
      if (!ans.paths || ans.paths.length === 0) {
        store.set({ answers: { title: `No path between ${from} and ${to}`, items: [], ask } });
        if (!quiet) setURL({ from, to, types: t || undefined, ...po });
        return;
      }
      if (quiet) {
        const names = nameMap(ans), byId = new Map((ans.nodes || []).map(n => [n.id, n])), ends = ans.paths[0].nodes;
        store.set({ answers: { title: `Paths (${ans.paths.length})`, kind: 'paths', ask,
          items: ans.paths.map((p, i) => answerItem(i, pathText(p, ans, names), p, ans, byId.get(ends[ends.length - 1]))) } });
        return;
      }
      await addRecorded('paths', ans);
      const names = nameMap(ans);
      const ends = ans.paths[0].nodes;
      const byId = new Map((ans.nodes || []).map(n => [n.id, n]));
      const { picks } = store.get();
      const brief = n => n && { id: n.id, name: n.name, kind: n.kind };
      setPicks({ from: picks.from || brief(byId.get(ends[0])), to: picks.to || brief(byId.get(ends[ends.length - 1])) });
      store.set({
        answers: {
          title: `Paths (${ans.paths.length})`,
          kind: 'paths',
          ask,
          items: ans.paths.map((p, i) => answerItem(i, pathText(p, ans, names), p, ans, byId.get(ends[ends.length - 1]))),
        },
        title: `Paths from ${names.get(ends[0]) || ends[0]} to ${names.get(ends[ends.length - 1]) || ends[ends.length - 1]}`,
      });
      setURL({ from: ends[0], to: ends[ends.length - 1], k: k !== 3 ? k : undefined, types: t || undefined, ...po });
    }),

    // oversight: what a Person oversaw, or who oversaw anything else.
    // quiet: as findPaths's, with the saved as-of date.
    oversight: guard(async (id, kind, { direct = store.get().oversightDirect, quiet = null } = {}) => {
      if (!kind) {
        const node = await resolve(id);
        kind = node.kind;
        id = node.id;
        setPicks({ oversight: { id: node.id, name: node.name, kind: node.kind } });
      }
      const who = kind === 'Person';
      // the as-of date of the filters, when one is set, bounds the answers
      const asOf = quiet ? quiet.asOf : store.get().filters.asOf || undefined;
      const ans = await api.oversight({ ...(who ? { who: id } : { what: id }), direct: direct || undefined, as_of: asOf });
      const names = nameMap(ans);
      if (!quiet) {
        clearAnswers();
        await addRecorded('oversight', ans, { layout: false });
        await actions.layout('dagre');
      }
      const title = who ? `What ${names.get(id) || id} oversaw (${ans.answers.length})` : `Who oversaw ${names.get(id) || id} (${ans.answers.length})`;
      const answers = {
          title,
          kind: 'oversight',
          ask: { oversight: id, kind, direct, asOf },
          items: ans.answers.map((a, i) => answerItem(i, `${names.get(a.overseer) || a.overseer} → ${names.get(a.target) || a.target}`, a.path, ans,
            (ans.nodes || []).find(n => n.id === (who ? a.target : a.overseer)), { via: pathText(a.path, ans, names), window: a.window })),
      };
      if (quiet) { store.set({ answers }); return; }
      store.set({ answers, title: title.replace(/ \(\d+\)$/, '') });
      setURL({ oversight: id, direct: direct ? '1' : undefined });
    }),

    // analyze scores the visible view (POST /analysis: every measure and
    // the communities) into the store's analysis.
    analyze: guard(async () => {
      const ids = ctl.visibleIds();
      const result = ids.length ? await api.analysis({ ids, communities: true }) : null;
      store.set({ analysis: { ...store.get().analysis, result } });
      return result;
    }),

    // connect adds the smallest subgraph found joining ids (POST /connect)
    // and lights it; it says so when they cannot all be joined.
    connect: guard(async ids => {
      const ans = await api.connect({ ids, max_depth: CONNECT_DEPTH });
      clearAnswers();
      await ctl.add(ans, { layout: true });
      ctl.highlight(ans.nodes.map(n => n.id), ans.edges.map(e => e.id));
      const names = nameMap(ans);
      const common = ans.common_neighbors.map(id => names.get(id) || id);
      if (!ans.joined) messages.info(`Not all ${ids.length} entities could be joined within ${CONNECT_DEPTH} hops.`);
      else messages.info(`Joined ${ids.length} entities with ${ans.edges.length} relations${common.length ? `; linked to all of them: ${common.join(', ')}` : ''}.`);
      store.set({ title: `How ${ids.length} entities connect` });
      return ans;
    }),
    // openView replaces the view with a saved or exported one (view.js).
    openView: guard(async v => {
      await applyView(v, { api, ctl, store, analyze: actions.analyze, ask: actions.ask });
      store.set({ chart: null });
      setURL({});
      history.clear();
    }),
    // openChart opens a saved chart (GET /charts/{id}) at its positions.
    openChart: guard(async id => {
      const c = await api.chart(id);
      await applyView(c, { api, ctl, store, analyze: actions.analyze, ask: actions.ask });
      store.set({ chart: { id: c.id, title: c.title, marking: c.marking } });
      setURL({ chart: c.id });
      history.clear();
      return c;
    }),

    // ask puts back the answers of a saved view's question (view.js's
    // askParam), leaving the chart as saved.
    async ask(q) {
      if (q.oversight) return actions.oversight(q.oversight, q.kind, { direct: q.direct, quiet: { asOf: q.asOf } });
      if (q.from && q.to) return actions.findPaths(q.from, q.to, q.k, { types: q.types, quiet: { po: q.po || {}, win: q.win || {} } });
    },

    // View actions recorded for undo (history.js).
    hide(ids) {
      ids = ids.filter(id => ctl.node(id) && !ctl.node(id).hasClass('user-hidden'));
      if (!ids.length) return;
      ctl.hide(ids);
      history.push({ label: 'hide', undo: () => ctl.unhide(ids), redo: () => ctl.hide(ids) });
    },
    unhide(ids) {
      ctl.unhide(ids);
      history.push({ label: 'show again', undo: () => ctl.hide(ids), redo: () => ctl.unhide(ids) });
    },
    remove(ids) {
      const json = ctl.remove(ids);
      history.push({ label: 'remove', undo: () => ctl.restore(json), redo: () => ctl.remove(ids) });
    },
    togglePin(id) {
      const on = ctl.togglePin(id);
      history.push({ label: on ? 'pin' : 'unpin', undo: () => ctl.setPinned(id, !on), redo: () => ctl.setPinned(id, on) });
      return on;
    },
    moved(from, to) {
      history.push({ label: 'move', undo: () => ctl.setPositions(from), redo: () => ctl.setPositions(to) });
    },
    async layout(name) {
      const before = ctl.allPositions(), vb = ctl.viewport();
      const prev = store.get().layoutName;
      await ctl.setLayoutName(name);
      const after = ctl.allPositions(), va = ctl.viewport();
      history.push({
        label: `layout ${name}`,
        undo: () => { store.set({ layoutName: prev }); ctl.setPositions(before); ctl.setViewport(vb); },
        redo: () => { store.set({ layoutName: name }); ctl.setPositions(after); ctl.setViewport(va); },
      });
    },

    clear() {
      clearAnswers();
      history.clear();
      store.set({ chart: null, annotations: [] });
      ctl.clear();
      setURL({});
      store.set({ title: '' });
    },
  };
  return actions;
}
