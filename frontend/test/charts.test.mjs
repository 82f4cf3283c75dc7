// Saved charts and exported views: a chart re-opens (/?chart=ID) at the
// same positions with its note; a chart showing an AMBER record is
// invisible to a caller cleared for TLP:CLEAR; a JSON export of the view
// re-opens from a file; a viewer is told to sign in as editor to save.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { session } from './session.mjs';
import { screenshot, OUTPUT } from './browser.mjs';

const TOKEN = 'ed-test-token';
const S = session({ serverOptions: { env: { LINKCHART_TOKENS: `${TOKEN}=editor:red` } } });

// shape: shown nodes' positions relative to two of them (pan and zoom free).
async function shape(page) {
  const ns = (await page.evaluate(() => window.linkchart.nodes())).filter(n => n.shown).sort((a, b) => a.id.localeCompare(b.id));
  const [a, b] = ns;
  const d = Math.hypot(b.x - a.x, b.y - a.y);
  return Object.fromEntries(ns.map(n => [n.id, [(n.x - a.x) / d, (n.y - a.y) / d]]));
}
function sameShape(got, want) {
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
  for (const [id, [x, y]] of Object.entries(want)) {
    assert.ok(Math.abs(got[id][0] - x) < 0.02 && Math.abs(got[id][1] - y) < 0.02, `${id} at ${got[id]}, want ${[x, y]}`);
  }
}
async function openAt(page, query) {
  await page.goto(`${S.server.url}/${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.evaluate(() => window.linkchart.whenIdle());
}
async function signIn(page) {
  await openAt(page, '');
  await page.click('#access summary');
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForEvent('load'), page.click('#token-form button[type="submit"]')]);
}
// noteOn adds a note on a node through its context menu.
async function noteOn(page, id, text) {
  const n = (await page.evaluate(() => window.linkchart.nodes())).find(x => x.id === id);
  const box = await page.locator('#cy').boundingBox();
  await page.mouse.click(box.x + n.x, box.y + n.y, { button: 'right' });
  await page.locator('#context-menu button', { hasText: 'Add a note' }).click();
  await page.fill('#note-text', text);
  await page.click('#note-save');
  await page.waitForSelector(`.note[data-on="${id}"]`);
}

describe('saved charts', () => {
  let chartId, want, exportFile;

  it('saves a chart and re-opens it at the same positions with its note', async () => {
    const page = S.page;
    await signIn(page);
    await openAt(page, '?focus=kim-yong-bok');
    await noteOn(page, 'kim-yong-bok', 'Commander of the <b>deployment</b>');
    const victim = (await page.evaluate(() => window.linkchart.nodes())).find(n => n.id !== 'kim-yong-bok').id;
    await page.evaluate(id => window.linkchart.select(id), victim);
    await page.click('#actions [data-action="hide"]');
    await page.fill('#chart-title', 'Kim Yong Bok chart');
    await page.click('#chart-save-button');
    await page.waitForFunction(() => /Saved/.test(document.querySelector('#chart-note').textContent));
    chartId = new URL(page.url()).searchParams.get('chart');
    assert.match(chartId, /^chart-/);
    assert.match(await page.locator('#chart-note').textContent(), /TLP:CLEAR/);
    want = await shape(page);
    // the JSON export carries the view
    await page.selectOption('#export-format', 'json');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export').then(() => page.click('#export-go'))]);
    exportFile = path.join(OUTPUT, 'view-export.json');
    await dl.saveAs(exportFile);

    const other = await S.browser.context.newPage(); // no token: a TLP:CLEAR viewer
    await openAt(other, `?chart=${chartId}`);
    sameShape(await shape(other), want);
    assert.equal(await other.locator('.note[data-on="kim-yong-bok"] span').textContent(), 'Commander of the <b>deployment</b>', 'the note, as text');
    assert.equal((await other.evaluate(() => window.linkchart.nodes())).find(n => n.id === victim).shown, false, 'hidden stays hidden');
    assert.equal(await other.locator(`#hidden-list li[data-id="${victim}"]`).count(), 1);
    assert.equal(await other.locator(`#chart-list li[data-chart="${chartId}"]`).count(), 1, 'listed');
    const cut = await other.locator(`#chart-list li[data-chart="${chartId}"] span`).evaluate(el => el.scrollWidth - el.clientWidth);
    assert.ok(cut <= 1, `the listed title is cut by ${cut}px`);
    await screenshot(other, 'chart-reopened');
    // a viewer cannot save
    await other.click('#chart-save-button');
    await other.waitForFunction(() => /Sign in as editor/.test(document.querySelector('#chart-note').textContent));
    await other.close();
  });

  it('hides a chart above the caller\'s clearance', async () => {
    const page = S.page;
    const res = await fetch(`${S.server.url}/api/v1/entities`, {
      method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'amber-informant', kind: 'Person', name: 'Amber Informant', marking: 'TLP:AMBER' }),
    });
    assert.equal(res.status, 201, await res.text());
    await page.evaluate(() => window.linkchart.addIds(['amber-informant']));
    await page.evaluate(() => window.linkchart.whenIdle());
    await page.fill('#chart-title', 'With the informant');
    await page.click('#chart-save-new');
    await page.waitForFunction(() => /Saved "With the informant"/.test(document.querySelector('#chart-note').textContent));
    assert.match(await page.locator('#chart-note').textContent(), /TLP:AMBER/);
    const amberId = new URL(page.url()).searchParams.get('chart');
    assert.notEqual(amberId, chartId);

    const other = await S.browser.context.newPage();
    await openAt(other, `?chart=${amberId}`);
    assert.equal((await other.evaluate(() => window.linkchart.nodes())).length, 0, 'nothing of it is shown');
    assert.match(await other.locator('#messages').textContent(), /not found/i);
    assert.equal(await other.locator(`#chart-list li[data-chart="${amberId}"]`).count(), 0, 'absent from the list');
    assert.equal(await other.locator(`#chart-list li[data-chart="${chartId}"]`).count(), 1);
    await other.close();
  });

  it('re-opens a chart saved on answers with its answers, the chart as saved', async () => {
    const page = S.page;
    for (const [query, rows] of [['?from=kim-yong-bok&to=kursk-oblast&k=5&direction=out', '#answers tr.answer-row'], ['?oversight=kim-yong-bok&direct=1', '#answers tr.answer-row']]) {
      await openAt(page, query);
      const want = await page.locator(rows).allTextContents();
      assert.ok(want.length >= 1, `${query}: answers`);
      const title = await page.locator('#answers-title').textContent();
      const at = await shape(page);
      await page.fill('#chart-title', `Answers of ${query}`);
      await page.click('#chart-save-new');
      await page.waitForFunction(q => document.querySelector('#chart-note').textContent.includes(`Saved "Answers of ${q}"`), query);
      const id = new URL(page.url()).searchParams.get('chart');
      const other = await S.browser.context.newPage();
      await openAt(other, `?chart=${id}`);
      await other.waitForSelector(rows);
      assert.deepEqual(await other.locator(rows).allTextContents(), want, `${query}: the same answers`);
      assert.equal(await other.locator('#answers-title').textContent(), title);
      assert.equal(await other.inputValue('#chart-title'), `Answers of ${query}`, 'the chart keeps its title');
      sameShape(await shape(other), at);
      await other.close();
    }
  });

  it('re-opens an exported view from a file', async () => {
    const other = await S.browser.context.newPage();
    await openAt(other, '');
    await other.setInputFiles('#view-file', exportFile);
    await other.waitForFunction(() => window.linkchart.nodes().length > 0);
    await other.evaluate(() => window.linkchart.whenIdle());
    sameShape(await shape(other), want);
    assert.equal(await other.locator('.note[data-on="kim-yong-bok"]').count(), 1, 'with its note');
    // a file that is no view is refused with its name
    const bad = path.join(OUTPUT, 'not-a-view.json');
    await writeFile(bad, '{"hello": 1}');
    await other.setInputFiles('#view-file', bad);
    await other.waitForFunction(() => /not-a-view\.json/.test(document.querySelector('#messages').textContent));
    await other.close();
  });
});
