// window.linkchart: the page's automation hook (DESIGN.md "Second stage",
// documented in frontend/README.md). Tests and benchmarks read the picture
// through it; it is kept stable. Everything else about the page is private.
const frame = () => new Promise(r => requestAnimationFrame(() => r()));

export function installHook({ ctl, api, actions, store }) {
  const cy = ctl.cy;
  const settled = () => api.inflight === 0 && !actions.busy() && !ctl.layoutBusy() && !cy.animated();

  const hook = {
    get renderer() { return ctl.rendererName(); },

    // whenIdle resolves when no request, action, layout or animation is
    // running, and the picture has been drawn (two frames later).
    async whenIdle() {
      for (;;) {
        await ctl.layoutChain;
        await frame();
        await frame();
        if (settled() && document.body.dataset.ready === 'true') return;
        await new Promise(r => setTimeout(r, 25));
      }
    },

    // nodes: every node the view holds; x, y its centre and w, h its box in
    // rendered pixels relative to the chart's drawing area (#cy).
    nodes() { return ctl.describeNodes(); },
    // edges: every relation the view holds; one drawn within a "×N" edge
    // is not shown itself (bundled), the "×N" edge is.
    edges() { return ctl.describeEdges({ asDrawn: true }); },

    // Beyond the contract, for tests and the console (also stable):
    select(id) { ctl.select(id || null); },           // select a node or relation by id
    addIds(ids) { return actions.addIds(ids); },      // add entities by id (POST /subgraph)
    addAnswer(sub) { return ctl.add(sub); },          // add a subgraph answer ({nodes, edges, sources})
    stats() { return { ...ctl.stats(), layout: ctl.lastLayout, steps: ctl.lastAdd }; },
    state() { return store.get(); },                  // the store's state (read only)
    // map: the map's located entities, [{id, lon, lat, x, y, place, via, shown, faded, selected}]
    // (x, y in the map's pixels; place/via: the place and relation that put it there); empty while the map is closed.
    map() { return store.get().map.points.map(p => ({ ...p })); },
    // mapArcs: the map's arcs, [{id, from, to, type, via, edges, shown, faded}] (type "movement": via moved from → to).
    mapArcs() { return store.get().map.arcs.map(a => ({ ...a })); },
  };
  Object.defineProperty(window, 'linkchart', { value: Object.freeze(hook), configurable: false, writable: false });
  return hook;
}
