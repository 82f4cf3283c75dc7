// The start page and the search box: the overview over an empty chart
// (counts by kind from GET /schema, the most connected entities from GET
// /overview, example questions as links); a hit
// shows its relation count; Enter expands it and focus returns to the
// chart; the context menu expands and hides; citation roles are marked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { session } from './session.mjs';
import { screenshot } from './browser.mjs';

const S = session();
const inView = (page, sel) => page.evaluate(s => {
  const r = document.querySelector(s).getBoundingClientRect();
  return r.top >= 0 && r.top < window.innerHeight;
}, sel);

describe('start page and search', () => {
  it('offers the dataset\'s overview on an empty chart', async () => {
    await S.open('');
    const page = S.page;
    await page.waitForSelector('#overview:not([hidden])');
    const schema = await page.evaluate(() => window.linkchart.state().schema);
    const persons = await page.locator('#overview li[data-kind="Person"]').textContent();
    assert.match(persons, new RegExp(`: ${schema.kinds.Person}$`));
    assert.ok(await page.locator('#overview .overview-questions a').count() >= 3);
    await screenshot(page, 'start-overview');
    // each example question is answered under its own words
    for (const a of await page.locator('#overview .overview-questions a').evaluateAll(as => as.map(x => [x.textContent, x.getAttribute('href')]))) {
      if (!/oversight=/.test(a[1])) continue;
      const [q, href] = a;
      const p2 = await page.context().newPage();
      await p2.goto(new URL(href, page.url()).href);
      await p2.waitForSelector('#answers tr.answer-row', { timeout: 30_000 });
      const title = await p2.locator('#answers-title').textContent();
      assert.equal(/^Who /.test(q), /^Who /.test(title), `"${q}" answered as "${title}"`);
      await p2.close();
    }
    await page.locator('#overview .overview-questions a', { hasText: 'Kim Yong Bok oversee' }).click();
    await page.waitForSelector('#answers tr.answer-row');
    assert.equal(await page.locator('#overview').isHidden(), true);
  });

  it('lists the most connected entities, each opening its neighbourhood', async () => {
    await S.open('');
    const page = S.page;
    await page.waitForSelector('#overview .overview-top li a');
    const api = await page.evaluate(() => fetch('/api/v1/overview?top=12').then(r => r.json()));
    const rows = await page.locator('#overview .overview-top li').evaluateAll(ls => ls.map(l => ({ id: l.dataset.id, text: l.textContent })));
    assert.deepEqual(rows.map(r => r.id), api.connected.map(n => n.id), 'the API\'s order');
    assert.ok(rows.length >= 5, `${rows.length} listed`);
    assert.match(rows[0].text, new RegExp(`${api.connected[0].degree} relations`));
    const top = api.connected[0];
    const ent = await page.evaluate(id => fetch(`/api/v1/entities/${id}`).then(r => r.json()), top.id);
    assert.equal(top.degree, ent.edges.length, 'the degree is the entity\'s relation count');
    await page.locator('#overview .overview-top li a').first().click();
    await S.idle();
    const ids = (await page.evaluate(() => window.linkchart.nodes())).map(n => n.id);
    assert.ok(ids.includes(top.id) && ids.length > 1, `opened ${top.id}'s neighbourhood: ${ids.length} nodes`);
    assert.equal(await page.locator('#overview').isHidden(), true);
    assert.match(page.url(), new RegExp(`focus=${top.id}`));
  });

  it('shows a hit\'s relation count, expands it on Enter and gives focus back to the chart', async () => {
    await S.open('');
    const page = S.page;
    await page.fill('#search-input', 'Kim Yong Bok');
    await page.waitForSelector('#search-list li.hit .hit-count');
    const count = Number(/(\d+) relation/.exec(await page.locator('#search-list li.hit .hit-count').first().textContent())[1]);
    const ent = await page.evaluate(() => fetch('/api/v1/entities/kim-yong-bok').then(r => r.json()));
    assert.equal(count, ent.edges.length);
    await page.press('#search-input', 'Enter');
    await S.idle();
    const ids = (await page.evaluate(() => window.linkchart.nodes())).map(n => n.id);
    assert.ok(ids.includes('kim-yong-bok') && ids.length > 1, `Enter expanded: ${ids}`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'cy', 'focus is on the chart');
  });

  it('expands and hides from the context menu', async () => {
    const page = S.page;
    const before = (await page.evaluate(() => window.linkchart.nodes())).length;
    const n = (await page.evaluate(() => window.linkchart.nodes())).find(x => x.id !== 'kim-yong-bok' && x.shown);
    const box = await page.locator('#cy').boundingBox();
    await page.mouse.click(box.x + n.x, box.y + n.y, { button: 'right' });
    const ent = await page.evaluate(i => fetch(`/api/v1/entities/${i}`).then(r => r.json()), n.id);
    const types = [...new Set(ent.edges.map(e => e.type))].sort();
    await page.waitForFunction(k => document.querySelectorAll('#context-menu select option').length === k + 1, types.length);
    const offered = await page.$$eval('#context-menu select option', os => os.filter(o => o.value).map(o => o.value));
    assert.deepEqual(offered.sort(), types, 'expand by type offers only the entity\'s types');
    await page.locator('#context-menu button', { hasText: /^Expand$/ }).click();
    await S.idle();
    assert.ok((await page.evaluate(() => window.linkchart.nodes())).length > before, 'expanded');
    const m = (await page.evaluate(() => window.linkchart.nodes())).find(x => x.id === n.id);
    await page.mouse.click(box.x + m.x, box.y + m.y, { button: 'right' });
    await page.locator('#context-menu button', { hasText: /^Hide$/ }).click();
    assert.equal((await page.evaluate(id => window.linkchart.nodes().find(x => x.id === id), n.id)).shown, false);
  });
  it('opens the history of an entity and of a relation from the context menu', async () => {
    await S.open('?focus=kim-yong-bok');
    const page = S.page;
    const box = await page.locator('#cy').boundingBox();
    const nodes = await page.evaluate(() => window.linkchart.nodes());
    const k = nodes.find(x => x.id === 'kim-yong-bok');
    await page.mouse.click(box.x + k.x, box.y + k.y, { button: 'right' });
    await page.locator('#context-menu button', { hasText: /^Open history$/ }).click();
    const api = await page.evaluate(() => fetch('/api/v1/history?id=kim-yong-bok&limit=20').then(r => r.json()));
    assert.ok(api.revisions.length > 0, 'the seed is recorded');
    await page.waitForSelector(`#record-history-list li[data-rev="${api.revisions[0].rev}"]`);
    assert.equal(await page.locator('#record-history-list li[data-rev]').count(), api.revisions.length);
    assert.match(await page.locator('#record-history-title').textContent(), /Kim Yong Bok/);
    assert.ok(await page.locator('#record-history').isVisible() && await inView(page, '#record-history'), 'in view');
    assert.equal(await page.evaluate(() => window.linkchart.nodes().find(n => n.selected)?.id), 'kim-yong-bok');
    // a relation: right-click the middle of a straight one
    const byId = new Map(nodes.map(n => [n.id, n]));
    const edges = await page.evaluate(() => window.linkchart.edges());
    const pair = x => [x.from, x.to].sort().join();
    const e = edges.find(x => x.shown && !x.synthetic && (x.from === 'kim-yong-bok' || x.to === 'kim-yong-bok') && edges.filter(y => pair(y) === pair(x)).length === 1);
    assert.ok(e, 'a relation of its own between two entities');
    const [a, b] = [byId.get(e.from), byId.get(e.to)];
    await page.mouse.click(box.x + (a.x + b.x) / 2, box.y + (a.y + b.y) / 2, { button: 'right' });
    await page.locator('#context-menu button', { hasText: /^Open history$/ }).click();
    const rel = await page.evaluate(id => fetch(`/api/v1/history?id=${id}&limit=20`).then(r => r.json()), e.id);
    await page.waitForSelector(`#record-history-list li[data-rev="${rel.revisions[0].rev}"]`);
    assert.match(await page.locator('#record-history-title').textContent(), new RegExp(e.type));
    await screenshot(page, 'context-history');
    // selecting something else closes it
    await page.evaluate(() => window.linkchart.select(null));
    assert.equal(await page.locator('#record-history').isHidden(), true);
  });

  it('says on hover what a relation states, when it held and its grade', async () => {
    const page = S.page;
    await S.open('?focus=kim-yong-bok');
    const nodes = await page.evaluate(() => window.linkchart.nodes());
    const byId = new Map(nodes.map(n => [n.id, n]));
    const edges = await page.evaluate(() => window.linkchart.edges());
    const pair = x => [x.from, x.to].sort().join();
    const e = edges.find(x => x.shown && !x.synthetic && x.type === 'OVERSAW' && edges.filter(y => pair(y) === pair(x)).length === 1);
    const box = await page.locator('#cy').boundingBox();
    const [a, b] = [byId.get(e.from), byId.get(e.to)];
    await page.mouse.move(box.x + (a.x + b.x) / 2, box.y + (a.y + b.y) / 2);
    await page.waitForSelector('#hovercard:not([hidden])');
    assert.equal(await page.locator('#hovercard').textContent(), `${a.label} OVERSAW ${b.label}2024-10 – present · C2 · 1 source`);
    await page.mouse.move(box.x + a.x, box.y + a.y);
    await page.waitForFunction(() => /Kim Yong Bok · Person · \d+ relations in view/.test(document.querySelector('#hovercard').textContent));
  });
});
