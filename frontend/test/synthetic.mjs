// A synthetic power-law graph as a linkchart JSON dataset, for the perf test.
const KINDS = ['Person', 'Unit', 'Organization', 'State', 'WeaponSystem', 'Place', 'Event'];
const TYPES = ['COMMANDS', 'PART_OF', 'DEPLOYED_TO', 'MEMBER_OF', 'OPERATES', 'LOCATED_IN', 'PARTICIPATED_IN'];

// A seeded PRNG so that every run lays out the same graph.
function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

export function dataset(n, edgesPerNode = 1.5, seed = 7) {
  const r = rng(seed);
  const entities = [];
  const relations = [];
  const ends = []; // each node once per incident edge: picking from it is preferential attachment
  for (let i = 0; i < n; i++) {
    entities.push({ id: `n${i}`, kind: KINDS[i % KINDS.length], name: `Synthetic ${KINDS[i % KINDS.length]} ${i}` });
    if (i === 0) { ends.push(0); continue; }
    const m = i < 3 ? 1 : (r() < edgesPerNode - 1 ? 2 : 1);
    const seen = new Set();
    for (let k = 0; k < m; k++) {
      const j = ends[Math.floor(r() * ends.length)];
      if (j === i || seen.has(j)) continue;
      seen.add(j);
      const year = 2019 + Math.floor(r() * 7);
      relations.push({
        id: `e${relations.length}`, type: TYPES[Math.floor(r() * TYPES.length)], from: `n${i}`, to: `n${j}`,
        since: r() < 0.6 ? String(year) : '', credibility: 1 + Math.floor(r() * 6), sources: ['synthetic'],
      });
      ends.push(i, j);
    }
  }
  return { sources: [{ id: 'synthetic', title: 'Synthetic benchmark graph', reliability: 'C' }], entities, relations };
}

