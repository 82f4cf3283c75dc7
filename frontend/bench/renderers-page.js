// Renderer benchmark page (bundled by renderers.mjs): draws a synthetic
// graph with positions already set, in one of three renderers, and times
// the first draw and a run of pan/zoom frames. window.benchRun(spec) answers
// {firstDrawMs, frameAvgMs, frameMaxMs}.
import cytoscape from 'cytoscape';
import Graph from 'graphology';
import Sigma from 'sigma';
import { stylesheet, largeGraphOverrides, KINDS } from '../src/style.js';
import { FALLBACK } from '../src/config.js';

const kinds = Object.keys(KINDS);
function rng(seed) { let s = seed >>> 0; return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; }; }

// graph: n nodes scattered in clusters, m edges mostly inside a cluster.
function graph(n, m) {
  const r = rng(3);
  const clusters = Math.max(1, Math.round(Math.sqrt(n) / 3));
  const side = Math.sqrt(n) * 60;
  const centres = Array.from({ length: clusters }, () => [r() * side, r() * side]);
  const nodes = Array.from({ length: n }, (_, i) => {
    const c = centres[i % clusters];
    const a = r() * 2 * Math.PI, d = Math.sqrt(r()) * side / Math.sqrt(clusters) / 2;
    return { id: `n${i}`, kind: kinds[i % kinds.length], name: `Node ${i}`, c: i % clusters, x: c[0] + d * Math.cos(a), y: c[1] + d * Math.sin(a) };
  });
  const edges = [];
  for (let k = 0; k < m; k++) {
    const a = Math.floor(r() * n);
    let b = r() < 0.8 ? (a + clusters * (1 + Math.floor(r() * 20))) % n : Math.floor(r() * n);
    if (b === a) b = (a + 1) % n;
    edges.push({ id: `e${k}`, source: `n${a}`, target: `n${b}`, type: 'PART_OF' });
  }
  return { nodes, edges };
}

const frame = () => new Promise(r => requestAnimationFrame(() => r(performance.now())));

async function frames(step) {
  const times = [];
  let last = await frame();
  for (let i = 0; i < 30; i++) {
    step(i);
    const t = await frame();
    times.push(t - last);
    last = t;
  }
  return { frameAvgMs: Math.round(times.reduce((a, b) => a + b, 0) / times.length), frameMaxMs: Math.round(Math.max(...times)) };
}

window.benchRun = async ({ renderer, n, m }) => {
  const { nodes, edges } = graph(n, m);
  const box = document.querySelector('#chart');
  box.replaceChildren();
  const t0 = performance.now();
  if (renderer === 'sigma') {
    const g = new Graph({ multi: true });
    for (const v of nodes) g.addNode(v.id, { x: v.x, y: -v.y, size: 4, label: v.name, color: KINDS[v.kind].color });
    for (const e of edges) g.addEdgeWithKey(e.id, e.source, e.target, { size: 1, color: '#b8c1cc' });
    const s = new Sigma(g, box, { renderEdgeLabels: false, labelRenderedSizeThreshold: 11 });
    await frame(); await frame();
    const firstDrawMs = Math.round(performance.now() - t0);
    const cam = s.getCamera();
    const f = await frames(i => cam.setState({ x: 0.5 + 0.01 * i, ratio: 1 / (1 + 0.03 * i) }));
    s.kill();
    return { firstDrawMs, ...f };
  }
  const cy = cytoscape({
    container: box,
    style: stylesheet(FALLBACK.rules).concat(largeGraphOverrides()),
    elements: [
      ...nodes.map(v => ({ group: 'nodes', data: { id: v.id, kind: v.kind, name: v.name }, position: { x: v.x, y: v.y } })),
      ...edges.map(e => ({ group: 'edges', data: e })),
    ],
    layout: { name: 'preset', fit: true },
    textureOnViewport: renderer === 'cytoscape-canvas',
    hideEdgesOnViewport: renderer === 'cytoscape-canvas',
    renderer: { name: 'canvas', webgl: renderer === 'cytoscape-webgl' },
  });
  await frame(); await frame();
  const firstDrawMs = Math.round(performance.now() - t0);
  const z = cy.zoom();
  const f = await frames(i => cy.viewport({ zoom: z * (1 + 0.03 * i), pan: { x: cy.pan().x - 5, y: cy.pan().y } }));
  cy.destroy();
  return { firstDrawMs, ...f };
};
