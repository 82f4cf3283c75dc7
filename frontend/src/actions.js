// The view's actions: what a search pick, a double-click, a form or a deep
// link asks for. Each fetches from the API, merges the answer into the
// controller, writes the outcome (answers, picks, title) to the store and
// the view to the URL. Errors are shown, never thrown (guarded).
import { ApiError } from './api.js';
import { parseGrade } from './dates.js';

// TIME_PARAMS are the time window's URL parameters (panels/timebar.js).
export const TIME_PARAMS = ['from_date', 'to_date', 'as_of'];

// setURL rewrites the address bar (replaceState) to the view's deep link.
export function setURL(params) {
  const u = new URL(window.location.href);
  const keep = TIME_PARAMS.map(k => [k, u.searchParams.get(k)]); // the time bar's window stays
  u.search = '';
  for (const [k, v] of keep) if (v) u.searchParams.set(k, v);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.searchParams.set(k, v);
  history.replaceState(null, '', u.pathname + u.search);
}

// CONNECT_DEPTH is the longest path between two entities connect joins.
const CONNECT_DEPTH = 6;

export function createActions({ api, ctl, store, messages }) {
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
      await ctl.add(sub, { select: hit.id });
      ctl.center(hit.id);
      setURL({ focus: hit.id });
      store.set({ title: `${hit.name} and connections` });
    }),

    // addIds adds entities by id (POST /subgraph), with the relations among them.
    addIds: guard(async ids => {
      const sub = await api.subgraph(ids);
      await ctl.add(sub);
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
      if (!ctl.node(id)) await ctl.add(sub, { select: id });
      else await ctl.add(sub, { anchor: id });
      if (sub.truncated) messages.info(`Showing the first ${sub.nodes.length} nodes around ${id}: the answer was cut.`);
      setURL({ focus: id, depth: depth > 1 ? depth : undefined, types: types || undefined, limit: limit !== limits().default_limit ? limit : undefined });
      store.set({ title: `Around ${ctl.node(id)?.data('name') || id}` });
      return id;
    }),

    findPaths: guard(async (from, to, k = 3) => {
      const ans = await api.paths(from, to, { k });
      clearAnswers();
      if (!ans.paths || ans.paths.length === 0) {
        store.set({ answers: { title: `No path between ${from} and ${to}`, items: [] } });
        setURL({ from, to });
        return;
      }
      await ctl.add(ans);
      const names = nameMap(ans);
      const ends = ans.paths[0].nodes;
      const byId = new Map((ans.nodes || []).map(n => [n.id, n]));
      const { picks } = store.get();
      const brief = n => n && { id: n.id, name: n.name, kind: n.kind };
      setPicks({ from: picks.from || brief(byId.get(ends[0])), to: picks.to || brief(byId.get(ends[ends.length - 1])) });
      store.set({
        answers: {
          title: `Paths (${ans.paths.length})`,
          items: ans.paths.map((p, i) => ({
            label: `${i + 1}. ${pathText(p, ans, names)}`,
            meta: `${p.edges.length} hop${p.edges.length === 1 ? '' : 's'} · weakest grade ${weakest(p, ans)}`,
            path: p,
          })),
        },
        title: `Paths from ${names.get(ends[0]) || ends[0]} to ${names.get(ends[ends.length - 1]) || ends[ends.length - 1]}`,
      });
      setURL({ from: ends[0], to: ends[ends.length - 1] });
    }),

    // oversight: what a Person oversaw, or who oversaw anything else.
    oversight: guard(async (id, kind) => {
      if (!kind) {
        const node = await resolve(id);
        kind = node.kind;
        id = node.id;
        setPicks({ oversight: { id: node.id, name: node.name, kind: node.kind } });
      }
      const who = kind === 'Person';
      const ans = await api.oversight(who ? { who: id } : { what: id });
      clearAnswers();
      const names = nameMap(ans);
      await ctl.add(ans, { layout: false });
      await ctl.setLayoutName('dagre');
      const title = who ? `What ${names.get(id) || id} oversaw (${ans.answers.length})` : `Who oversaw ${names.get(id) || id} (${ans.answers.length})`;
      store.set({
        answers: {
          title,
          items: ans.answers.map((a, i) => ({
            label: `${i + 1}. ${names.get(a.overseer) || a.overseer} → ${names.get(a.target) || a.target}`,
            meta: `${pathText(a.path, ans, names)} · weakest grade ${weakest(a.path, ans)}`,
            path: a.path,
          })),
        },
        title: title.replace(/ \(\d+\)$/, ''),
      });
      setURL({ oversight: id });
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

    clear() {
      clearAnswers();
      ctl.clear();
      setURL({});
      store.set({ title: '' });
    },
  };
  return actions;
}
