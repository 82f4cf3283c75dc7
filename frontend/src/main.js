// Starts the page: the bus, the store, the API client, the controller (the
// graph), the actions, then every panel of panels/index.js, the automation
// hook (window.linkchart), the schema and the deep link.
import { Bus } from './bus.js';
import { Api } from './api.js';
import { Controller } from './controller.js';
import { Store } from './store.js';
import { configFrom } from './config.js';
import { createMessages } from './messages.js';
import { createActions, pathOptionsFrom } from './actions.js';
import { installHook } from './hook.js';
import { PANELS } from './panels/index.js';
import { History } from './history.js';
import { filtersFrom } from './filtering.js';

function start() {
  const bus = new Bus();
  const store = new Store(bus);
  const api = new Api(bus, { token: sessionStorage.getItem('linkchart.token') || '' });
  const ctl = new Controller({ container: document.querySelector('#cy'), bus, store });
  const messages = createMessages(document.querySelector('#messages'));
  const history = new History(bus);
  // the filters of the URL apply from the start (before any panel draws)
  store.set({ filters: filtersFrom(new URLSearchParams(window.location.search)) });
  const actions = createActions({ api, ctl, store, messages, history });
  const app = { bus, store, api, ctl, actions, messages, history };
  for (const panel of PANELS) panel.mount(app);
  installHook(app);
  openDeepLink(app);
}

// openDeepLink reads the schema (limits, rules, kinds, types), then opens
// the view the URL names, and marks the page ready.
async function openDeepLink({ bus, api, ctl, store, actions, messages }) {
  try {
    const schema = await api.schema();
    store.set({ schema, config: configFrom(schema) });
  } catch (err) { messages.error(err); }
  const { limits } = store.get().config;
  const q = new URLSearchParams(window.location.search);
  const clamp = (v, lo, hi, dflt) => Math.min(hi, Math.max(lo, Number(v) || dflt));
  if (q.get('focus')) {
    const depth = clamp(q.get('depth'), 1, limits.max_depth, 1);
    const id = await actions.expand(q.get('focus'), { depth, types: q.get('types') || '', limit: clamp(q.get('limit'), 1, limits.max_limit, limits.default_limit) });
    if (id) ctl.node(id)?.select();
  } else if (q.get('from') && q.get('to')) {
    store.set({ pathOptions: pathOptionsFrom(q) });
    await actions.findPaths(q.get('from'), q.get('to'), clamp(q.get('k'), 1, limits.max_k, 3), { types: q.get('types') || '' });
  } else if (q.get('oversight')) {
    store.set({ oversightDirect: q.get('direct') === '1' });
    await actions.oversight(q.get('oversight'));
  } else if (q.get('chart') && actions.openChart) {
    await actions.openChart(q.get('chart'));
  }
  document.body.dataset.ready = 'true';
  bus.emit('ready');
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
