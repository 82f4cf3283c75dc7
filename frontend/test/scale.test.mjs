// The page at scale (issue 16), in headless Chromium against the real
// binary: on the seed, the 11th Corps depth-2 view has no overlapping node
// boxes, readable labels and "×N" edges whose counts are right; on a
// generated 2,000-node graph, the view has no stacked nodes, a hub's leaves
// fold into "+N Kind" nodes and open again, and the hierarchy is laid out in
// the worker without freezing the page (long tasks observed).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, buildBinary } from './server.mjs';
import { launch, watch, screenshot } from './browser.mjs';
import { overlaps, generated } from './geometry.mjs';

const LONG_TASKS = () => {
  window.__long = [];
  new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push({ t: e.startTime, d: e.duration }); }).observe({ entryTypes: ['longtask'] });
};

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function view(page, url) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  await page.evaluate(() => window.linkchart.whenIdle());
  return {
    nodes: await page.evaluate(() => window.linkchart.nodes()),
    edges: await page.evaluate(() => window.linkchart.edges()),
  };
}

const pairKey = e => (e.from < e.to ? `${e.from}|${e.to}` : `${e.to}|${e.from}`);

describe('seed: 11th Corps depth 2', () => {
  let server, page, problems;
  before(async () => {
    server = await startServer();
    page = await browser.context.newPage();
    problems = watch(page);
  });
  after(async () => { await server?.stop(); });

  it('draws no overlapping node boxes and only labels of 11 px or more', async () => {
    const { nodes } = await view(page, `${server.url}/?focus=kpa-11th-corps&depth=2`);
    const shown = nodes.filter(n => n.shown);
    assert.ok(shown.length >= 10, `a real view: ${shown.length} nodes`);
    assert.equal(overlaps(shown).pairs, 0, 'no two node boxes overlap');
    const labelled = shown.filter(n => n.labelShown);
    assert.ok(labelled.some(n => n.id === 'kpa-11th-corps'), 'the focus is labelled');
    for (const n of labelled) assert.ok(n.labelPx >= 11, `${n.id}: label ${n.labelPx} px`);
    assert.equal(await page.evaluate(() => window.linkchart.renderer), 'cytoscape-canvas');
    await screenshot(page, 'scale-seed-11th-corps');
  });

  it('draws parallel relations as one edge with their count, and splits it on a click', async () => {
    const edges = await page.evaluate(() => window.linkchart.edges());
    // a relation drawn within a "×N" edge is in view but not drawn itself
    const real = edges.filter(e => !e.synthetic && (e.shown || e.bundled));
    const byPair = new Map();
    for (const e of real) byPair.set(pairKey(e), [...(byPair.get(pairKey(e)) || []), e]);
    const bundles = edges.filter(e => e.synthetic);
    const multi = [...byPair].filter(([, es]) => es.length > 1);
    assert.ok(multi.length >= 1, 'the view has parallel relations');
    assert.equal(bundles.length, multi.length, 'one "×N" edge per pair of nodes with several relations');
    for (const b of bundles) {
      const members = byPair.get(pairKey(b));
      assert.equal(b.count, members.length, `${b.id}: count`);
      assert.deepEqual([...b.members].sort(), members.map(e => e.id).sort());
      assert.ok(members.every(e => e.bundled && !e.shown), 'its relations are drawn within it, not on their own');
      assert.equal(b.shown, true, `${b.id} is drawn`);
    }
    // a click on the "×N" edge draws its relations one by one
    const b = bundles[0];
    const nodes = await page.evaluate(() => window.linkchart.nodes());
    const [p, q] = [nodes.find(n => n.id === b.from), nodes.find(n => n.id === b.to)];
    const box = await page.locator('#cy').boundingBox();
    await page.mouse.click(box.x + (p.x + q.x) / 2, box.y + (p.y + q.y) / 2);
    await page.evaluate(() => window.linkchart.whenIdle());
    const after = await page.evaluate(() => window.linkchart.edges());
    assert.ok(!after.some(e => e.id === b.id), 'the "×N" edge is gone');
    for (const id of b.members) {
      const e = after.find(x => x.id === id);
      assert.ok(!e.bundled && e.shown, `${id} drawn on its own`);
    }
    assert.deepEqual(problems.filter(x => !/Failed to load resource/.test(x)), []);
  });
});

describe('generated 2,000 nodes / 6,000 relations', () => {
  let server, page, dir, hub, problems;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkchart-scale-'));
    ({ hub } = await generated(await buildBinary(), dir, 2000, 6000));
    server = await startServer({ dbDir: dir, args: ['--seed=false'] });
    page = await browser.context.newPage();
    await page.addInitScript(LONG_TASKS);
    problems = watch(page);
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lays out the hub\'s depth-2 view with no stacked nodes and readable labels', { timeout: 180_000 }, async () => {
    const { nodes } = await view(page, `${server.url}/?focus=${hub}&depth=2&limit=2000`);
    const shown = nodes.filter(n => n.shown);
    console.log(`scale: ${nodes.length} nodes, ${shown.length} drawn`);
    assert.ok(shown.length > 500, `a large view: ${shown.length}`);
    const ov = overlaps(shown);
    assert.ok(ov.halfOverlapping <= 0.01, `at most 1% of nodes overlap another by more than half: ${(100 * ov.halfOverlapping).toFixed(1)}%`);
    const stats = await page.evaluate(() => window.linkchart.stats());
    assert.equal(stats.layout.worker, true, 'the force layout ran in the worker');
    // drawn by the page's own canvas (bigview.js) above 1,000 nodes; the
    // longest task while loading was 0.9-1.8 s before it (README: benchmark),
    // the bound is generous for a loaded machine
    assert.equal(await page.evaluate(() => window.linkchart.renderer), 'canvas-2d');
    const long = await page.evaluate(() => Math.max(0, ...window.__long.map(e => e.d)));
    console.log(`scale: longest task while loading ${Math.round(long)} ms`);
    assert.ok(long < 1200, `no task near the old stalls while loading: ${Math.round(long)} ms`);
    for (const n of shown.filter(x => x.labelShown)) assert.ok(n.labelPx >= 11, `${n.id}: label ${n.labelPx} px`);
    await screenshot(page, 'scale-2000');
  });

  it('folds a hub\'s leaves into "+N Kind" nodes and opens one on double-click', { timeout: 120_000 }, async () => {
    await page.evaluate(h => window.linkchart.select(h), hub);
    await page.click('#collapse-leaves');
    await page.evaluate(() => window.linkchart.whenIdle());
    const nodes = await page.evaluate(() => window.linkchart.nodes());
    const groups = nodes.filter(n => n.synthetic && n.hub === hub);
    assert.ok(groups.length >= 1, 'the hub has leaves to fold');
    for (const g of groups) {
      assert.equal(g.count, g.members.length);
      assert.equal(g.label, `+${g.count} ${g.kind}`);
      for (const m of g.members) {
        const leaf = nodes.find(n => n.id === m);
        assert.equal(leaf.shown, false, `${m} is folded into ${g.id}`);
        assert.equal(leaf.kind, g.kind);
      }
    }
    let g = groups.sort((a, b) => b.count - a.count)[0];
    // the fold may still be moving: double-click where the "+N" node has come to rest
    for (let prev = null, i = 0; i < 20; i++) {
      await page.waitForTimeout(150);
      g = (await page.evaluate(() => window.linkchart.nodes())).find(n => n.id === g.id);
      if (prev && Math.abs(prev.x - g.x) < 0.5 && Math.abs(prev.y - g.y) < 0.5) break;
      prev = g;
    }
    const box = await page.locator('#cy').boundingBox();
    // A double-click now and then reaches Cytoscape as two taps (seen about
    // one run in three here, cause not found yet): try it up to three times.
    let after = [];
    for (let i = 0; i < 3; i++) {
      await page.mouse.dblclick(box.x + g.x, box.y + g.y);
      await page.evaluate(() => window.linkchart.whenIdle());
      after = await page.evaluate(() => window.linkchart.nodes());
      if (!after.some(n => n.id === g.id)) break;
      await page.mouse.click(box.x + 5, box.y + 5); // away, so the next double-click starts afresh
      await page.waitForTimeout(400);
    }
    assert.ok(!after.some(n => n.id === g.id), 'the "+N" node is gone');
    for (const m of g.members) assert.equal(after.find(n => n.id === m).shown, true, `${m} is drawn again`);
  });

  it('lays the hierarchy out in the worker without freezing the page', { timeout: 180_000 }, async () => {
    await page.click('#fit');
    const t0 = await page.evaluate(() => performance.now());
    await page.click('#layout-dagre');
    await page.evaluate(() => window.linkchart.whenIdle());
    const r = await page.evaluate(t => ({ ms: performance.now() - t, long: Math.max(0, ...window.__long.filter(e => e.t >= t).map(e => e.d)), stats: window.linkchart.stats() }), t0);
    console.log(`scale: hierarchy settled in ${Math.round(r.ms)} ms, longest task ${Math.round(r.long)} ms`);
    assert.equal(r.stats.layout.name, 'dagre');
    assert.equal(r.stats.layout.worker, true, 'the hierarchy ran in the worker');
    // The layout itself is off the main thread, the big view draws the
    // moved nodes at once (README: benchmark). The old main-thread dagre
    // froze this view for minutes.
    assert.ok(r.long < 1200, `no task near a freeze: ${Math.round(r.long)} ms`);
    const shown = (await page.evaluate(() => window.linkchart.nodes())).filter(n => n.shown);
    assert.equal(overlaps(shown).halfOverlapping, 0, 'no stacked nodes in the hierarchy');
    await screenshot(page, 'scale-2000-hierarchy');
    assert.deepEqual(problems.filter(x => !/Failed to load resource/.test(x)), []);
  });
});
