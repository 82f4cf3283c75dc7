// The workbench's filters: grouped relation types (all / none / only, type
// search), every filter in the URL and restored from it, orphans hidden,
// status line and side panel following the filters.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { session } from './session.mjs';
import { screenshot } from './browser.mjs';

let S;
const idle = () => S.idle();
const shownEdges = async () => (await S.page.evaluate(() => window.linkchart.edges())).filter(e => e.shown);
const shownNodes = async () => (await S.page.evaluate(() => window.linkchart.nodes())).filter(n => n.shown);
const open = q => S.open(q);

describe('filters', () => {
  S = session({ serverOptions: { env: { LINKCHART_TOKENS: 'filters-amber=viewer:amber' } } });

  it('groups relation types with all / none / only and a type search', async () => {
    await open('?focus=kim-jong-un');
    const groups = await S.page.locator('#filter-types .type-group:not([hidden])').evaluateAll(els => els.map(e => e.dataset.group));
    assert.ok(groups.includes('oversight') && groups.includes('location'), `groups shown: ${groups}`);
    const before = await shownEdges();
    assert.ok(before.some(e => e.type === 'OVERSAW') && before.some(e => e.type !== 'OVERSAW'));
    // "only" on the oversight group: only oversight types stay
    await S.page.locator('.type-group[data-group="oversight"] button[data-group-action="only"]').click();
    await idle();
    const only = await shownEdges();
    assert.ok(only.length > 0 && only.every(e => ['OVERSAW', 'LEADS', 'DIRECTS', 'HOLDS_POST', 'FORMERLY_COMMANDED'].includes(e.type)), `only oversight: ${only.map(e => e.type)}`);
    // every shown node has a shown relation (orphans hidden by default)
    const ends = new Set(only.flatMap(e => [e.from, e.to]));
    for (const n of await shownNodes()) assert.ok(ends.has(n.id), `${n.id} is left without a shown relation`);
    assert.match(await S.page.locator('#status').textContent(), new RegExp(`${(await shownNodes()).length} shown, ${only.length} relations shown`));
    // the export follows the filters: shown entities and relations only
    await S.page.selectOption('#export-format', 'json');
    const [dl] = await Promise.all([S.page.waitForEvent('download'), S.page.click('#export').then(() => S.page.click('#export-go'))]);
    const file = JSON.parse(await readFile(await dl.path(), 'utf8'));
    assert.deepEqual(file.edges.map(e => e.id).sort(), only.map(e => e.id).sort(), 'exported relations = shown ones');
    assert.deepEqual(file.nodes.map(n => n.id).sort(), (await shownNodes()).map(n => n.id).sort(), 'exported entities = shown ones');
    // "none": nothing of the group; "all" brings it back
    await S.page.locator('.type-group[data-group="oversight"] button[data-group-action="none"]').click();
    await idle();
    assert.equal((await shownEdges()).length, 0);
    await S.page.locator('.type-group[data-group="oversight"] button[data-group-action="all"]').click();
    await idle();
    assert.equal((await shownEdges()).length, only.length);
    // the type search narrows the list
    await S.page.fill('#type-search', 'overs');
    const visibleTypes = await S.page.locator('#filter-types label.check:not([hidden])').evaluateAll(els => els.map(e => e.dataset.typeLabel));
    assert.deepEqual(visibleTypes, ['OVERSAW']);
    await screenshot(S.page, 'filters-groups');
  });

  it('keeps every filter in the URL and restores it', async () => {
    await open('?focus=kim-jong-un');
    await S.page.locator('#filter-kinds input[data-kind="Place"]').uncheck();
    await S.page.locator('.type-group[data-group="location"] button[data-group-action="none"]').click();
    await S.page.selectOption('#min-rel', 'C');
    await S.page.selectOption('#min-cred', '4');
    await S.page.locator('#filter-markings input[data-marking="TLP:CLEAR"]').uncheck();
    await S.page.fill('#filter-prop', 'role=directed');
    await S.page.press('#filter-prop', 'Enter');
    await S.page.locator('#hide-orphans').uncheck();
    const src = await S.page.locator('#filter-source option').nth(1).getAttribute('value');
    await S.page.selectOption('#filter-source', src);
    await S.page.locator('#asof-on').check();
    await S.page.locator('#asof-hide').check();
    await idle();
    const want = await S.page.evaluate(() => {
      const f = window.linkchart.state().filters;
      return JSON.stringify({ ...f, hiddenKinds: [...f.hiddenKinds].sort(), hiddenTypes: [...f.hiddenTypes].sort(), hiddenMarkings: [...f.hiddenMarkings].sort() });
    });
    const url = new URL(S.page.url());
    for (const k of ['hk', 'ht', 'rel', 'cred', 'hm', 'prop', 'orphans', 'src', 'as_of', 'asofhide']) assert.ok(url.searchParams.get(k), `${k} in ${url.search}`);
    assert.equal(url.searchParams.get('focus'), 'kim-jong-un');
    await S.page.goto('about:blank');
    await open(url.search);
    const got = await S.page.evaluate(() => {
      const f = window.linkchart.state().filters;
      return JSON.stringify({ ...f, hiddenKinds: [...f.hiddenKinds].sort(), hiddenTypes: [...f.hiddenTypes].sort(), hiddenMarkings: [...f.hiddenMarkings].sort() });
    });
    assert.equal(got, want);
    // and the controls show them
    assert.equal(await S.page.locator('#filter-kinds input[data-kind="Place"]').isChecked(), false);
    assert.equal(await S.page.locator('#min-rel').inputValue(), 'C');
    assert.equal(await S.page.locator('#filter-prop').inputValue(), 'role=directed');
    assert.equal(await S.page.locator('#filter-source').inputValue(), src);
    assert.equal(await S.page.locator('#hide-orphans').isChecked(), false);
    assert.equal(await S.page.locator('#asof-on').isChecked(), true);
    assert.equal(await S.page.locator('#filter-markings input[data-marking="TLP:CLEAR"]').isChecked(), false);
  });

  it('offers only the markings within the caller\'s clearance', async () => {
    const offered = () => S.page.locator('#filter-markings input').evaluateAll(cs => cs.map(c => c.dataset.marking));
    await open('?focus=kim-jong-un'); // anonymous: cleared for TLP:CLEAR
    await S.page.waitForFunction(() => document.body.dataset.role === 'viewer');
    assert.deepEqual(await offered(), ['TLP:CLEAR']);
    const amber = await S.browser.context.newPage();
    try {
      await amber.addInitScript(() => sessionStorage.setItem('linkchart.token', 'filters-amber'));
      await amber.goto(`${S.server.url}/?focus=kim-jong-un`);
      await amber.waitForSelector('#filter-markings input[data-marking="TLP:AMBER"]');
      const marks = await amber.locator('#filter-markings input').evaluateAll(cs => cs.map(c => c.dataset.marking));
      assert.deepEqual(marks, ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER']);
    } finally { await amber.close(); }
  });

  it('hides an entity with a property filter and the side panel lists shown relations only', async () => {
    await open('?focus=kim-jong-un');
    await S.page.evaluate(() => window.linkchart.select('kim-jong-un'));
    const all = await S.page.locator('#panel h3', { hasText: 'Relations in view' }).textContent();
    await S.page.locator('.type-group[data-group="oversight"] button[data-group-action="only"]').click();
    await idle();
    await S.page.evaluate(() => window.linkchart.select('kim-jong-un'));
    const some = await S.page.locator('#panel h3', { hasText: 'Relations in view' }).textContent();
    const n = s => Number(/\((\d+)\)/.exec(s)[1]);
    assert.ok(n(some) < n(all), `${some} < ${all}`);
    assert.equal(n(some), (await shownEdges()).filter(e => e.from === 'kim-jong-un' || e.to === 'kim-jong-un').length);
  });

  it('offers to reset the filters when they hide the view, keeping the time window', async () => {
    await open('?focus=kim-jong-un&hm=TLP:CLEAR&prop=bogus&as_of=2024-11');
    assert.equal((await shownNodes()).length, 0, 'the filters hide everything');
    await S.page.click('#filters-reset');
    await idle();
    assert.ok((await shownNodes()).length > 1, 'the view is back');
    const q = new URL(S.page.url()).searchParams;
    assert.deepEqual([q.get('hm'), q.get('prop'), q.get('as_of')], [null, null, '2024-11']);
    assert.equal(await S.page.locator('#filters-reset').isVisible(), false, 'gone once nothing is filtered');
    assert.equal(await S.page.locator('#filter-prop').inputValue(), '');
  });
});
