// Layout + first draw time for 1,000 and 2,000 synthetic nodes, in headless
// Chromium against the real binary. The graph is a preferential-attachment
// (power-law) graph written as a JSON dataset, loaded with `linkchart
// import` into a fresh database served with --seed=false. The figures are
// printed; only a generous bound is asserted (the machine is shared).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, linkchart } from './server.mjs';
import { launch, screenshot } from './browser.mjs';
import { dataset } from './synthetic.mjs';


for (const n of [1000, 2000]) {
  test(`layout and first draw of ${n} nodes`, { timeout: 300_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), `linkchart-perf-${n}-`));
    const data = dataset(n);
    const file = path.join(dir, 'synthetic.json');
    await writeFile(file, JSON.stringify(data));
    await linkchart(['import', '--db', path.join(dir, 'x.db'), file]);
    const server = await startServer({ dbDir: dir, args: ['--seed=false'] });
    const browser = await launch();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForSelector('body[data-ready="true"]');
      const ids = data.entities.map(e => e.id);
      const m = await page.evaluate(async ids => {
        const lc = window.linkchart;
        const f1 = performance.now();
        // the nodes are drawn at their starting places before the layout ends
        let drawnBeforeLayout = null;
        const watchDraw = () => {
          if (lc.nodes().length > 0) { requestAnimationFrame(() => { drawnBeforeLayout = performance.now() - f1; }); return; }
          requestAnimationFrame(watchDraw);
        };
        requestAnimationFrame(watchDraw);
        await lc.addIds(ids); // fetch, add in one batch, run the layout
        await lc.whenIdle();
        const d1 = performance.now();
        const st = lc.stats();
        // one zoom step, as a user would do (the wheel): time to the next frames
        const box = document.querySelector('#cy').getBoundingClientRect();
        const z0 = performance.now();
        document.querySelector('#cy canvas').dispatchEvent(new WheelEvent('wheel', { deltaY: -300, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2, bubbles: true, cancelable: true }));
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        const z1 = performance.now();
        return {
          nodes: st.nodes, edges: st.edges, layoutMs: Math.round(st.layout.ms),
          totalMs: Math.round(d1 - f1), zoomFrameMs: Math.round(z1 - z0), layout: st.layout.name, worker: st.layout.worker, steps: st.steps,
          firstDrawBeforeLayoutMs: drawnBeforeLayout === null ? null : Math.round(drawnBeforeLayout),
        };
      }, ids);
      console.log(`perf ${n}: ${JSON.stringify(m)}`);
      console.log(`perf ${n}: layout + first draw ${m.totalMs} ms (layout ${m.layoutMs} ms${m.worker ? ' in a worker' : ''}, zoom frame ${m.zoomFrameMs} ms; nodes first drawn after ${m.firstDrawBeforeLayoutMs} ms)`);
      assert.equal(m.nodes, n);
      assert.ok(m.totalMs < 60_000, `layout + first draw under 60 s (${m.totalMs} ms)`);
      await screenshot(page, `perf-${n}`);
    } finally {
      await browser.close();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
}
