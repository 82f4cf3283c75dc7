// Runs fcose off the main thread, on a headless copy of the graph, so that
// the page stays responsive while a big view is laid out. Receives
// {id, nodes: [{id, w, h, x, y}], edges: [{id, source, target}], options},
// answers {id, positions: {nodeId: {x, y}}, ms} or {id, error}.
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);

self.onmessage = ({ data }) => {
  const { id, nodes, edges, options } = data;
  let cy = null;
  try {
    const t0 = performance.now();
    cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: [{ selector: 'node', style: { width: 'data(w)', height: 'data(h)' } }],
      elements: [
        ...nodes.map(n => ({ group: 'nodes', data: { id: n.id, w: n.w, h: n.h }, position: { x: n.x, y: n.y } })),
        ...edges.map(e => ({ group: 'edges', data: { id: e.id, source: e.source, target: e.target } })),
      ],
    });
    cy.layout({ ...options, name: 'fcose', animate: false, fit: false }).run();
    const positions = {};
    cy.nodes().forEach(n => { positions[n.id()] = n.position(); });
    self.postMessage({ id, positions, ms: performance.now() - t0 });
  } catch (err) {
    self.postMessage({ id, error: String((err && err.message) || err) });
  } finally {
    if (cy) cy.destroy();
  }
};
