// Shared by the page tests and the page benchmark: overlap of node boxes,
// and a generated graph (`linkchart gen`) imported into a database.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { cleanEnv } from './server.mjs';

// gen and import use the embedded store whatever the environment says
// (make test exports NEO4J_URI for the Go tests).
const exec = promisify(execFile);
const run = (bin, args, opts = {}) => exec(bin, args, { ...opts, env: cleanEnv() });

// overlaps: nodes whose box overlaps another's by more than half of the
// smaller box, and the number of overlapping pairs (grid-bucketed).
export function overlaps(nodes) {
  const cell = 60, grid = new Map();
  const key = (i, j) => `${i},${j}`;
  nodes.forEach((n, k) => {
    for (let i = Math.floor((n.x - n.w / 2) / cell); i <= Math.floor((n.x + n.w / 2) / cell); i++) {
      for (let j = Math.floor((n.y - n.h / 2) / cell); j <= Math.floor((n.y + n.h / 2) / cell); j++) {
        if (!grid.has(key(i, j))) grid.set(key(i, j), []);
        grid.get(key(i, j)).push(k);
      }
    }
  });
  const half = new Set();
  const pairs = new Set();
  for (const ks of grid.values()) {
    for (let a = 0; a < ks.length; a++) {
      for (let b = a + 1; b < ks.length; b++) {
        const p = nodes[ks[a]], q = nodes[ks[b]];
        const ox = Math.min(p.x + p.w / 2, q.x + q.w / 2) - Math.max(p.x - p.w / 2, q.x - q.w / 2);
        const oy = Math.min(p.y + p.h / 2, q.y + q.h / 2) - Math.max(p.y - p.h / 2, q.y - q.h / 2);
        if (ox <= 0.5 || oy <= 0.5) continue;
        pairs.add(ks[a] < ks[b] ? `${ks[a]}-${ks[b]}` : `${ks[b]}-${ks[a]}`);
        const area = ox * oy;
        if (area > 0.5 * p.w * p.h) half.add(ks[a]);
        if (area > 0.5 * q.w * q.h) half.add(ks[b]);
      }
    }
  }
  return { halfOverlapping: half.size / Math.max(1, nodes.length), pairs: pairs.size };
}

// generated writes `linkchart gen` (seed 1) into dir/g, imports it into
// dir/x.db with bin, and answers the best-connected node and every id.
export async function generated(bin, dir, nodes, edges) {
  await run(bin, ['gen', '--nodes', String(nodes), '--edges', String(edges), '--seed', '1', '--out', path.join(dir, 'g')], { maxBuffer: 1 << 26 });
  await run(bin, ['import', '--db', path.join(dir, 'x.db'), ...['sources', 'nodes', 'edges'].map(f => path.join(dir, 'g', `${f}.csv`))], { maxBuffer: 1 << 26 });
  const csv = await readFile(path.join(dir, 'g', 'edges.csv'), 'utf8');
  const deg = new Map();
  for (const line of csv.split('\n').slice(1)) {
    const f = line.split(',');
    if (f.length < 4) continue;
    deg.set(f[1], (deg.get(f[1]) || 0) + 1);
    deg.set(f[3], (deg.get(f[3]) || 0) + 1);
  }
  const ids = (await readFile(path.join(dir, 'g', 'nodes.csv'), 'utf8')).split('\n').slice(1).map(l => l.split(',')[0]).filter(Boolean);
  return { hub: [...deg].sort((a, b) => b[1] - a[1])[0][0], ids };
}
