// The hierarchical layout, run in the layout worker: ranks by distance
// from the roots (cycles broken where a depth-first walk meets them, the
// upward types already reversed by the caller), order within a rank by
// barycentre sweeps, and ranks wider than the screen wrapped into several
// rows, so that the picture keeps the viewport's aspect and fits at a
// readable zoom. Linear in the edges per sweep: no main-thread freeze.
// nodes [{id, w, h}], edges [{source, target}] (whole -> part), aspect
// (width / height of the viewport) in; id -> {x, y} out.
const ROW_GAP = 26, RANK_GAP = 70, COL_GAP = 18;

export function hierarchyLayout({ nodes, edges, aspect = 1.5 }) {
  const ids = nodes.map(n => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const out = ids.map(() => []);
  const inn = ids.map(() => []);
  const seen = new Set();
  for (const e of edges) {
    const s = index.get(e.source), t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    const key = s * ids.length + t;
    if (seen.has(key)) continue;
    seen.add(key);
    out[s].push(t);
    inn[t].push(s);
  }
  const rank = ranks(ids.length, out, inn);
  const layers = [];
  rank.forEach((r, i) => { (layers[r] ||= []).push(i); });
  orderLayers(layers, out, inn);

  // Wrap: try column counts and keep the one whose box is nearest the aspect.
  const cw = Math.max(...nodes.map(n => n.w)) + COL_GAP;
  const rh = Math.max(...nodes.map(n => n.h)) + ROW_GAP;
  const widest = Math.max(...layers.map(l => l.length));
  let best = null;
  for (let cols = 1; cols <= widest; cols = cols < 8 ? cols + 1 : Math.ceil(cols * 1.15)) {
    const rows = layers.reduce((s, l) => s + Math.ceil(l.length / cols), 0);
    const w = Math.min(cols, widest) * cw, h = rows * rh + layers.length * RANK_GAP;
    const score = Math.abs(Math.log((w / h) / aspect));
    if (!best || score < best.score) best = { cols, score };
  }
  const pos = {};
  let y = 0;
  for (const layer of layers) {
    const rows = Math.ceil(layer.length / best.cols);
    for (let r = 0; r < rows; r++) {
      const row = layer.slice(r * best.cols, (r + 1) * best.cols);
      // stagger wrapped rows by half a column so that edges do not line up
      const x0 = -((row.length - 1) * cw) / 2 + (r % 2 ? cw / 2 : 0);
      row.forEach((i, j) => { pos[ids[i]] = { x: x0 + j * cw, y }; });
      y += rh;
    }
    y += RANK_GAP;
  }
  return pos;
}

// ranks: longest path from the roots, after dropping the edges that close
// a cycle (found by an iterative depth-first walk).
function ranks(n, out, inn) {
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const back = new Set();
  for (let s = 0; s < n; s++) {
    if (state[s]) continue;
    const stack = [[s, 0]];
    state[s] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [v, k] = top;
      if (k < out[v].length) {
        top[1]++;
        const w = out[v][k];
        if (state[w] === 1) back.add(v * n + w);
        else if (state[w] === 0) { state[w] = 1; stack.push([w, 0]); }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  // Rank: the distance from the nearest root (breadth first), so that a
  // wide, shallow graph keeps few ranks (the longest path would stack
  // every chain of a dense graph into a tall column).
  const indeg = new Int32Array(n);
  for (let v = 0; v < n; v++) for (const w of out[v]) if (!back.has(v * n + w)) indeg[w]++;
  const rank = new Int32Array(n).fill(-1);
  const queue = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) { rank[v] = 0; queue.push(v); }
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    for (const w of out[v]) {
      if (rank[w] >= 0 || back.has(v * n + w)) continue;
      rank[w] = rank[v] + 1;
      queue.push(w);
    }
  }
  for (let v = 0; v < n; v++) if (rank[v] < 0) rank[v] = 0;
  // Roots with no parent but children sit just above their highest child.
  for (let v = 0; v < n; v++) {
    if (inn[v].length === 0 && out[v].length > 0) {
      const m = Math.min(...out[v].map(w => rank[w]));
      if (m - 1 > rank[v]) rank[v] = m - 1;
    }
  }
  return rank;
}

// orderLayers: four down-and-up sweeps placing each node at the mean
// position of its neighbours in the previous layer.
function orderLayers(layers, out, inn) {
  const at = new Map();
  const number = () => layers.forEach(l => l.forEach((v, i) => at.set(v, i / Math.max(1, l.length - 1))));
  number();
  const sweep = (l, nb) => {
    const bary = v => {
      const ps = nb[v].filter(w => at.has(w)).map(w => at.get(w));
      return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : at.get(v);
    };
    const keyed = l.map(v => [bary(v), v]);
    keyed.sort((a, b) => a[0] - b[0]);
    keyed.forEach(([, v], i) => { l[i] = v; at.set(v, i / Math.max(1, l.length - 1)); });
  };
  for (let it = 0; it < 4; it++) {
    for (let r = 1; r < layers.length; r++) if (layers[r]) sweep(layers[r], inn);
    for (let r = layers.length - 2; r >= 0; r--) if (layers[r]) sweep(layers[r], out);
  }
}
