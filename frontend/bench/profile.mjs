// Where the page's main-thread time goes at scale: the CPU profile (CDP
// Profiler) of loading the 2,000-node view and of panning/zooming it, or
// of 10,000/30,000 handed to the page, summed by function (self time).
// `node bench/profile.mjs BIN [2k|10k]`; the graph is generated in a
// temporary directory (KEEP_DIR=dir reuses one).
import { mkdtemp, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from '../test/browser.mjs';
import { startServerWith } from '../test/server.mjs';
import { generated } from '../test/geometry.mjs';
import { panZoomGesture } from './gesture.mjs';

const [bin, which = '2k'] = process.argv.slice(2);
const size = which === '10k' ? [10000, 30000] : [2000, 6000];
const dir = process.env.KEEP_DIR ? path.join(process.env.KEEP_DIR, which) : await mkdtemp(path.join(os.tmpdir(), 'linkchart-profile-'));
await mkdir(dir, { recursive: true });
const g = existsSync(path.join(dir, 'x.db')) && existsSync(path.join(dir, 'g.json'))
  ? JSON.parse(await (await import('node:fs/promises')).readFile(path.join(dir, 'g.json'), 'utf8'))
  : await generated(bin, dir, ...size);
await (await import('node:fs/promises')).writeFile(path.join(dir, 'g.json'), JSON.stringify(g));
const server = await startServerWith(bin, { dbDir: dir, args: ['--seed=false'] });
const browser = await launch();
const page = await browser.context.newPage();
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ entryTypes: ['longtask'] });
});
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 500 });

function summary(profile, label) {
  const self = new Map();
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const dt = profile.timeDeltas;
  const counts = new Map();
  profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) || 0) + (dt[i + 1] || 0)));
  for (const [id, us] of counts) {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${path.basename(f.url || '')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) || 0) + us);
  }
  // inclusive time per function too
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const incl = new Map();
  for (const [id, us] of counts) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      const key = `${f.functionName || '(anon)'} ${path.basename(f.url || '')}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) || 0) + us);
    }
  }
  // tasks: runs of busy samples (not idle) with no idle gap over 2 ms
  const key = id => { const f = byId.get(id).callFrame; return `${f.functionName || '(anon)'} ${path.basename(f.url || '')}:${f.lineNumber + 1}`; };
  const idle = id => ['(idle)', '(program)'].includes(byId.get(id).callFrame.functionName);
  let t = 0, run = null;
  const tasks = [];
  profile.samples.forEach((id, i) => {
    t += dt[i] || 0;
    if (idle(id)) { if (run && t - run.last > 2000) { tasks.push(run); run = null; } return; }
    if (!run) run = { start: t, last: t, ids: new Map() };
    run.last = t;
    run.ids.set(id, (run.ids.get(id) || 0) + (dt[i + 1] || 0));
  });
  if (run) tasks.push(run);
  for (const r of tasks.filter(r => r.last - r.start > 60000)) {
    const inc = new Map();
    for (const [id, us] of r.ids) {
      const seen = new Set();
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) { const k = key(cur); if (seen.has(k)) continue; seen.add(k); inc.set(k, (inc.get(k) || 0) + us); }
    }
    const appOnly = [...inc].filter(([k]) => !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, 14);
    console.log(`-- task at ${((r.start) / 1000).toFixed(0)} ms, ${((r.last - r.start) / 1000).toFixed(0)} ms: ${appOnly.map(([k, us]) => `${k.replace(/ app\.js/, '@')} ${(us / 1000).toFixed(0)}`).join(' | ')}`);
  }
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([f, us]) => `  ${(us / 1000).toFixed(0).padStart(6)} ms  ${f}`).join('\n');
  console.log(`== ${label}: self\n${top(self, 25)}\n== ${label}: inclusive\n${top(incl, 40)}`);
}

await page.goto(`${server.url}/`);
await page.waitForSelector('body[data-ready="true"]');
await cdp.send('Profiler.start');
const t0 = Date.now();
if (which === '10k') {
  await page.evaluate(async ({ ids }) => {
    const q = ids.length / 4;
    const block = i => ids.slice(i * q, (i + 1) * q);
    const pairs = [[0, 1], [2, 3], [1, 2], [0, 3], [0, 2], [1, 3]];
    const answers = await Promise.all(pairs.map(([a, b]) => fetch('/api/v1/subgraph', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids: [...block(a), ...block(b)] }) }).then(x => x.json())));
    const nodes = new Map(), edges = new Map();
    for (const s of answers) { for (const n of s.nodes) nodes.set(n.id, n); for (const e of s.edges) edges.set(e.id, e); }
    window.__t0 = performance.now();
    await window.linkchart.addAnswer({ nodes: [...nodes.values()], edges: [...edges.values()], sources: [] });
    await window.linkchart.whenIdle();
  }, { ids: g.ids });
} else {
  await page.goto(`${server.url}/?focus=${g.hub}&depth=2&limit=2000`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.evaluate(() => window.linkchart.whenIdle());
}
console.log(`load: ${Date.now() - t0} ms; stats ${JSON.stringify(await page.evaluate(() => window.linkchart.stats()))}`);
console.log(`long tasks: ${JSON.stringify(await page.evaluate(() => window.__long))}`);
summary((await cdp.send('Profiler.stop')).profile, 'load');
await page.screenshot({ path: path.join(os.tmpdir(), `linkchart-profile-${which}.png`) });
if (process.env.HIERARCHY) {
  await page.evaluate(() => { window.__long = []; });
  await cdp.send('Profiler.start');
  const h0 = Date.now();
  await page.click('#layout-dagre');
  await page.evaluate(() => window.linkchart.whenIdle());
  console.log(`hierarchy: ${Date.now() - h0} ms; long tasks: ${JSON.stringify(await page.evaluate(() => window.__long))}`);
  summary((await cdp.send('Profiler.stop')).profile, 'hierarchy');
}
await page.evaluate(() => { window.__long = []; });
await cdp.send('Profiler.start');
await page.evaluate(() => { window.__frames = []; let last = 0; const tick = t => { if (last) window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); }; requestAnimationFrame(tick); });
await panZoomGesture(page);
await page.waitForTimeout(500);
const frames = await page.evaluate(() => { window.__stop = true; return window.__frames.sort((a, b) => a - b); });
console.log(`pan/zoom frames p95 ${Math.round(frames[Math.floor(frames.length * 0.95)])} max ${Math.round(frames[frames.length - 1])} n ${frames.length}`);
console.log(`long tasks: ${JSON.stringify(await page.evaluate(() => window.__long))}`);
summary((await cdp.send('Profiler.stop')).profile, 'pan/zoom');
await browser.close();
await server.stop();
