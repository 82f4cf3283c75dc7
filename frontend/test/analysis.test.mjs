// End-to-end tests of the network-analysis panel (issue 22) against the real
// binary with the seed dataset, in headless Chromium: size by betweenness,
// colour by community, connect five selected entities.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from './server.mjs';
import { launch, watch, screenshot } from './browser.mjs';

let server, browser, page, problems;

const idle = () => page.evaluate(() => window.linkchart.whenIdle());
const nodes = () => page.evaluate(() => window.linkchart.nodes());
const edges = () => page.evaluate(() => window.linkchart.edges());
const analysis = () => page.evaluate(() => window.linkchart.state().analysis);

async function open(query = '') {
  await page.goto(`${server.url}/${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await idle();
}

describe('network analysis panel', () => {
  before(async () => {
    server = await startServer();
    browser = await launch();
    page = await browser.context.newPage();
    problems = watch(page);
  });

  after(async () => {
    if (page) console.log('page problems:', problems);
    await browser?.close();
    await server?.stop();
  });

  it('sizes nodes by betweenness and ranks the key entities', async () => {
    await open('?focus=north-korea&depth=2');
    const shown = (await nodes()).filter(n => n.shown);
    assert.ok(shown.length > 20, `north-korea at depth 2 shows ${shown.length} nodes`);
    const before = new Map(shown.map(n => [n.id, n.w]));
    await page.selectOption('#analysis-size', 'betweenness');
    await page.waitForFunction(() => window.linkchart.state().analysis.result !== null);
    await idle();
    const a = await analysis();
    assert.equal(a.sizeBy, 'betweenness');
    // the page's ranking is the server's: the top betweenness is the largest node
    const byScore = [...a.result.nodes].sort((x, y) => y.scores.betweenness - x.scores.betweenness);
    const after = new Map((await nodes()).map(n => [n.id, n.w]));
    const top = byScore[0].id, low = byScore[byScore.length - 1].id;
    assert.ok(after.get(top) > after.get(low) * 2, `${top} (${after.get(top)} px) is not much larger than ${low} (${after.get(low)} px)`);
    assert.ok(after.get(top) > before.get(top), 'the top broker grew');
    for (let i = 1; i < byScore.length; i++) {
      assert.ok(after.get(byScore[i - 1].id) >= after.get(byScore[i].id) - 0.5, `size follows betweenness at ${byScore[i].id}`);
    }
    // the server computed it over exactly the visible view
    assert.deepEqual(a.result.nodes.map(n => n.id).sort(), shown.map(n => n.id).sort());
    const listed = await page.locator('#key-entities li').evaluateAll(lis => lis.map(li => li.dataset.id));
    assert.deepEqual(listed, byScore.slice(0, 10).map(n => n.id), 'key entities ranked by betweenness');
    assert.match(await page.locator('#analysis-summary').textContent(), /communities, modularity 0\.\d{3}/);
    await screenshot(page, 'analysis-betweenness');
  });

  it('colours nodes by community', async () => {
    await page.check('#analysis-communities');
    await idle();
    const a = await analysis();
    assert.ok(a.result.communities >= 3, `${a.result.communities} communities`);
    const community = new Map(a.result.nodes.map(n => [n.id, n.community]));
    const colour = new Map((await nodes()).map(n => [n.id, n.color]));
    const byCommunity = new Map();
    for (const [id, c] of community) {
      if (c >= 12) continue; // the palette's grey
      if (!byCommunity.has(c)) byCommunity.set(c, colour.get(id));
      assert.equal(colour.get(id), byCommunity.get(c), `${id} is coloured as its community ${c}`);
    }
    const distinct = new Set(byCommunity.values());
    assert.equal(distinct.size, byCommunity.size, 'each community its own colour');
    assert.match(await page.locator('#key-entities li').first().textContent(), /community \d+/);
    await screenshot(page, 'analysis-communities');
    await page.uncheck('#analysis-communities');
    await idle();
    const kindColours = new Set((await nodes()).filter(n => n.kind === 'State').map(n => n.color));
    assert.equal(kindColours.size, 1, 'unchecked: back to the colour of the kind');
  });

  it('connects five selected entities', async () => {
    const five = ['belarus', 'mig-29', 'kcna', 'university-of-cambridge', 'us-department-of-defense'];
    await open();
    await page.evaluate(ids => window.linkchart.addIds(ids), five);
    await idle();
    assert.equal((await nodes()).length, 5);
    assert.equal((await edges()).length, 0, 'no two of the five are linked directly');
    assert.ok(await page.locator('#connect-selected').isDisabled());
    // select them as a user does: shift-click each
    await page.evaluate(() => window.linkchart.select(null));
    for (const id of five) {
      const box = await page.locator('#cy').boundingBox(); // the panels may have moved it
      const n = (await nodes()).find(x => x.id === id);
      await page.keyboard.down('Shift');
      await page.mouse.click(box.x + n.x, box.y + n.y);
      await page.keyboard.up('Shift');
    }
    const selected = (await nodes()).filter(n => n.selected).map(n => n.id).sort();
    assert.deepEqual(selected, [...five].sort());
    await page.locator('#connect-selected').click();
    await idle();
    const all = await nodes();
    // the real relations (a "×N" bundle stands for several of them)
    const es = (await edges()).filter(e => (e.shown || e.bundled) && !e.synthetic);
    assert.ok(all.length > 5, 'the connection brought the entities between them');
    // the five hang together through the shown relations
    const adj = new Map(all.map(n => [n.id, []]));
    for (const e of es) { adj.get(e.from).push(e.to); adj.get(e.to).push(e.from); }
    const seen = new Set([five[0]]);
    const queue = [five[0]];
    while (queue.length) for (const w of adj.get(queue.shift())) if (!seen.has(w)) { seen.add(w); queue.push(w); }
    for (const id of five) assert.ok(seen.has(id), `${id} is joined`);
    // what was drawn is the server's answer, lit
    const ans = await api(server.url, 'POST', '/connect', { body: { ids: five, max_depth: 6 } });
    assert.equal(ans.joined, true);
    assert.deepEqual(all.filter(n => n.highlighted).map(n => n.id).sort(), ans.nodes.map(n => n.id).sort());
    assert.equal(es.length, ans.edges.length);
    assert.match(await page.locator('#messages').textContent().catch(() => ''), /Joined 5 entities/);
    await screenshot(page, 'analysis-connect');
    assert.deepEqual(problems, []);
  });
});
