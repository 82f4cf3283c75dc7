// The workbench's filters: grouped relation types (all / none / only, type
// search), every filter in the URL and restored from it, orphans hidden,
// status line and side panel following the filters.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launch, watch, screenshot } from './browser.mjs';

let server, browser, page, problems;
const idle = () => page.evaluate(() => window.linkchart.whenIdle());
const shownEdges = async () => (await page.evaluate(() => window.linkchart.edges())).filter(e => e.shown);
const shownNodes = async () => (await page.evaluate(() => window.linkchart.nodes())).filter(n => n.shown);
async function open(query = '') {
  await page.goto(`${server.url}/${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await idle();
}

describe('filters', () => {
  before(async () => {
    server = await startServer();
    browser = await launch();
    page = await browser.context.newPage();
    problems = watch(page);
  });
  after(async () => {
    console.log('page problems:', problems);
    await browser?.close();
    await server?.stop();
  });

  it('groups relation types with all / none / only and a type search', async () => {
    await open('?focus=kim-jong-un');
    const groups = await page.locator('#filter-types .type-group:not([hidden])').evaluateAll(els => els.map(e => e.dataset.group));
    assert.ok(groups.includes('oversight') && groups.includes('location'), `groups shown: ${groups}`);
    const before = await shownEdges();
    assert.ok(before.some(e => e.type === 'OVERSAW') && before.some(e => e.type !== 'OVERSAW'));
    // "only" on the oversight group: only oversight types stay
    await page.locator('.type-group[data-group="oversight"] button[data-group-action="only"]').click();
    await idle();
    const only = await shownEdges();
    assert.ok(only.length > 0 && only.every(e => ['OVERSAW', 'LEADS', 'DIRECTS', 'HOLDS_POST', 'FORMERLY_COMMANDED'].includes(e.type)), `only oversight: ${only.map(e => e.type)}`);
    // every shown node has a shown relation (orphans hidden by default)
    const ends = new Set(only.flatMap(e => [e.from, e.to]));
    for (const n of await shownNodes()) assert.ok(ends.has(n.id), `${n.id} is left without a shown relation`);
    assert.match(await page.locator('#status').textContent(), new RegExp(`${(await shownNodes()).length} shown, ${only.length} relations shown`));
    // "none": nothing of the group; "all" brings it back
    await page.locator('.type-group[data-group="oversight"] button[data-group-action="none"]').click();
    await idle();
    assert.equal((await shownEdges()).length, 0);
    await page.locator('.type-group[data-group="oversight"] button[data-group-action="all"]').click();
    await idle();
    assert.equal((await shownEdges()).length, only.length);
    // the type search narrows the list
    await page.fill('#type-search', 'overs');
    const visibleTypes = await page.locator('#filter-types label.check:not([hidden])').evaluateAll(els => els.map(e => e.dataset.typeLabel));
    assert.deepEqual(visibleTypes, ['OVERSAW']);
    await screenshot(page, 'filters-groups');
  });

  it('keeps every filter in the URL and restores it', async () => {
    await open('?focus=kim-jong-un');
    await page.locator('#filter-kinds input[data-kind="Place"]').uncheck();
    await page.locator('.type-group[data-group="location"] button[data-group-action="none"]').click();
    await page.selectOption('#min-rel', 'C');
    await page.selectOption('#min-cred', '4');
    await page.locator('#filter-markings input[data-marking="TLP:RED"]').uncheck();
    await page.fill('#filter-prop', 'role=directed');
    await page.press('#filter-prop', 'Enter');
    await page.locator('#hide-orphans').uncheck();
    const src = await page.locator('#filter-source option').nth(1).getAttribute('value');
    await page.selectOption('#filter-source', src);
    await page.locator('#asof-on').check();
    await page.locator('#asof-hide').check();
    await idle();
    const want = await page.evaluate(() => {
      const f = window.linkchart.state().filters;
      return JSON.stringify({ ...f, hiddenKinds: [...f.hiddenKinds].sort(), hiddenTypes: [...f.hiddenTypes].sort(), hiddenMarkings: [...f.hiddenMarkings].sort() });
    });
    const url = new URL(page.url());
    for (const k of ['hk', 'ht', 'rel', 'cred', 'hm', 'prop', 'orphans', 'src', 'asof', 'asofhide']) assert.ok(url.searchParams.get(k), `${k} in ${url.search}`);
    assert.equal(url.searchParams.get('focus'), 'kim-jong-un');
    await page.goto('about:blank');
    await open(url.search);
    const got = await page.evaluate(() => {
      const f = window.linkchart.state().filters;
      return JSON.stringify({ ...f, hiddenKinds: [...f.hiddenKinds].sort(), hiddenTypes: [...f.hiddenTypes].sort(), hiddenMarkings: [...f.hiddenMarkings].sort() });
    });
    assert.equal(got, want);
    // and the controls show them
    assert.equal(await page.locator('#filter-kinds input[data-kind="Place"]').isChecked(), false);
    assert.equal(await page.locator('#min-rel').inputValue(), 'C');
    assert.equal(await page.locator('#filter-prop').inputValue(), 'role=directed');
    assert.equal(await page.locator('#filter-source').inputValue(), src);
    assert.equal(await page.locator('#hide-orphans').isChecked(), false);
    assert.equal(await page.locator('#asof-on').isChecked(), true);
    assert.equal(await page.locator('#filter-markings input[data-marking="TLP:RED"]').isChecked(), false);
  });

  it('hides an entity with a property filter and the side panel lists shown relations only', async () => {
    await open('?focus=kim-jong-un');
    await page.evaluate(() => window.linkchart.select('kim-jong-un'));
    const all = await page.locator('#panel h3', { hasText: 'Relations in view' }).textContent();
    await page.locator('.type-group[data-group="oversight"] button[data-group-action="only"]').click();
    await idle();
    await page.evaluate(() => window.linkchart.select('kim-jong-un'));
    const some = await page.locator('#panel h3', { hasText: 'Relations in view' }).textContent();
    const n = s => Number(/\((\d+)\)/.exec(s)[1]);
    assert.ok(n(some) < n(all), `${some} < ${all}`);
    assert.equal(n(some), (await shownEdges()).filter(e => e.from === 'kim-jong-un' || e.to === 'kim-jong-un').length);
  });
});
