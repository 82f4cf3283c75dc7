// The page's one state store. Everything a panel shows that is not the graph
// itself (which the controller owns) lives here: the server's schema and
// rules, the filters, the answers on screen, the picked ends of the forms,
// the layout name, the view's title. Panels read it with get() and change it
// with set(); every changed key is announced on the bus as `state:KEY`.
import { configFrom } from './config.js';
import { defaultFilters } from './filtering.js';

export function initialState() {
  return {
    schema: null,
    config: configFrom(null), // { limits, rules }: the server's, else the fallbacks
    filters: defaultFilters(), // filtering.js; every filter is in the URL
    months: [], // the as-of slider's months ("YYYY-MM")
    map: { points: [], arcs: [] }, // what the map draws (panels/map.js), in its pixels
    layoutName: 'fcose',
    title: '', // the view's title (exports' heading)
    answers: null, // { title, items: [{label, meta, path}] } or null
    activeAnswer: -1,
    picks: { from: null, to: null, oversight: null }, // {id, name, kind} picked in the forms
    focusPick: '', // a picker to focus next ('from', 'to', 'oversight')
    // network analysis (panels/analysis.js): the answer of POST /analysis for
    // the view, the measure nodes are sized by ('' none), colour by community
    analysis: { result: null, sizeBy: '', byCommunity: false },
    pathOptions: { direction: '', exclude: [], maxDegree: 0, consistent: false, rank: '' }, // GET /paths options
    oversightDirect: false, // oversight: direct answers only (no unit hierarchy)
    expandDepth: 1, // the depth of an expansion (action bar, context menu)
    chart: null, // the saved chart open in the view: {id, title, marking} or null
    annotations: [], // notes: {id, text, on: entity or relation id, or x, y on the canvas}
    clearance: '', // the caller's clearance (GET /whoami; '' until known)
  };
}

export class Store {
  constructor(bus, state = initialState()) {
    this.bus = bus;
    this.state = state;
  }

  get() { return this.state; }

  // set merges patch into the state (a new top-level object; values are
  // replaced, never mutated) and emits `state:KEY` (value, state) for each
  // key whose value changed, then `state` (state, changedKeys).
  set(patch) {
    const changed = Object.keys(patch).filter(k => this.state[k] !== patch[k]);
    if (changed.length === 0) return;
    this.state = { ...this.state, ...patch };
    for (const k of changed) this.bus.emit(`state:${k}`, this.state[k], this.state);
    this.bus.emit('state', this.state, changed);
  }

  // on calls fn(value, state) whenever key changes; returns the unsubscriber.
  on(key, fn) { return this.bus.on(`state:${key}`, fn); }
}
