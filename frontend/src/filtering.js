// The filters as data: which relations and entities they keep, and their
// form in the URL (every filter round-trips through the address bar).
import { holdsIn, admits } from './dates.js';

export function defaultFilters() {
  return {
    hiddenKinds: new Set(), hiddenTypes: new Set(), asOf: '', fromDate: '', toDate: '', asOfHide: false, minRel: '', minCred: '',
    source: '', hiddenMarkings: new Set(), prop: '', hideOrphans: true,
  };
}

// parseProp splits "key=value" (value may be empty: the key is present).
export function parseProp(s) {
  const i = (s || '').indexOf('=');
  if (!s) return null;
  return i < 0 ? { key: s.trim(), value: null } : { key: s.slice(0, i).trim(), value: s.slice(i + 1).trim() };
}

function propMatches(props, p) {
  if (!p || !p.key) return true;
  if (!props || !(p.key in props)) return false;
  return p.value === null || String(props[p.key]).toLowerCase() === p.value.toLowerCase();
}

const markingOf = d => d.marking || 'TLP:CLEAR';

// edgeKept: the relation passes every filter; holds: it holds on the as-of date.
export function edgeKept(d, f, defaultCred) {
  const holds = holdsIn(d.since, d.until, f);
  const keep = !f.hiddenTypes.has(d.type)
    && admits(d.grade, d.credibility, f.minRel, f.minCred, defaultCred)
    && (holds || !f.asOfHide)
    && (!f.source || (d.sources || []).some(s => (s.id || s) === f.source))
    && !f.hiddenMarkings.has(markingOf(d));
  return { keep, holds };
}

// nodeKept: the entity passes the kind, marking and property filters. The
// property filter keeps entities that have it (relations are not asked).
export function nodeKept(d, f) {
  return !f.hiddenKinds.has(d.kind) && !f.hiddenMarkings.has(markingOf(d)) && propMatches(d.props, parseProp(f.prop));
}

const SETS = { hk: 'hiddenKinds', ht: 'hiddenTypes', hm: 'hiddenMarkings' };
const STRINGS = { as_of: 'asOf', from_date: 'fromDate', to_date: 'toDate', rel: 'minRel', cred: 'minCred', src: 'source', prop: 'prop' };
export const FILTER_PARAMS = [...Object.keys(SETS), ...Object.keys(STRINGS), 'asofhide', 'orphans'];

// filterParams: the URL parameters of the filters (defaults left out).
export function filterParams(f) {
  const out = {};
  for (const [k, key] of Object.entries(SETS)) if (f[key].size) out[k] = [...f[key]].sort().join(',');
  for (const [k, key] of Object.entries(STRINGS)) if (f[key]) out[k] = f[key];
  if (f.asOfHide) out.asofhide = '1';
  if (!f.hideOrphans) out.orphans = 'show';
  return out;
}

// filtersFrom reads the filters back from URL parameters (URLSearchParams or object).
export function filtersFrom(q) {
  const get = k => (typeof q.get === 'function' ? q.get(k) : q[k]) || '';
  const f = defaultFilters();
  for (const [k, key] of Object.entries(SETS)) f[key] = new Set(get(k).split(',').filter(Boolean));
  for (const [k, key] of Object.entries(STRINGS)) f[key] = get(k);
  f.asOfHide = get('asofhide') === '1';
  f.hideOrphans = get('orphans') !== 'show';
  return f;
}

// toJSON / fromJSON: the filters in a saved chart or an exported view.
export function filtersToJSON(f) { return { ...filterParams(f) }; }
export function filtersFromJSON(o) { return filtersFrom(o || {}); }
