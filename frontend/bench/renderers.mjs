// Renderer benchmark: Cytoscape canvas, Cytoscape WebGL (3.31+ preview) and
// sigma.js v3, in headless Chromium (software WebGL, no GPU), on synthetic
// graphs of 2,000/6,000 and 10,000/30,000 elements with positions set.
// Usage: node bench/renderers.mjs   (prints one JSON line per run)
import * as esbuild from 'esbuild';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../test/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = await mkdtemp(path.join(os.tmpdir(), 'linkchart-renderers-'));
await esbuild.build({ entryPoints: [path.join(here, 'renderers-page.js')], bundle: true, format: 'iife', outfile: path.join(dir, 'bench.js'), logLevel: 'warning' });
await writeFile(path.join(dir, 'index.html'), '<!doctype html><body style="margin:0"><div id="chart" style="width:1000px;height:760px;position:relative"></div><script src="bench.js"></script>');
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.goto(`file://${path.join(dir, 'index.html')}`);
  const sizes = (process.env.SIZES || '2000x6000,10000x30000').split(',').map(s => s.split('x').map(Number));
  for (const [n, m] of sizes) {
    for (const renderer of ['cytoscape-canvas', 'cytoscape-webgl', 'sigma']) {
      const r = await page.evaluate(spec => window.benchRun(spec), { renderer, n, m });
      console.log(JSON.stringify({ renderer, nodes: n, edges: m, ...r }));
    }
  }
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
