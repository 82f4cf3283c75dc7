// Undo / redo of view actions (expand, hide, filter) through the buttons and
// Ctrl+Z / Ctrl+Shift+Z, and the list of hidden entities.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launch, watch } from './browser.mjs';

let server, browser, page, problems;
const idle = () => page.evaluate(() => window.linkchart.whenIdle());
const ids = async () => (await page.evaluate(() => window.linkchart.nodes())).map(n => n.id).sort();
const shownIds = async () => (await page.evaluate(() => window.linkchart.nodes())).filter(n => n.shown).map(n => n.id).sort();

describe('undo and redo', () => {
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

  it('undoes and redoes an expansion', async () => {
    await page.goto(`${server.url}/?focus=kim-yong-bok`);
    await page.waitForSelector('body[data-ready="true"]');
    await idle();
    const first = await ids();
    const other = first.find(id => id !== 'kim-yong-bok');
    await page.evaluate(id => window.linkchart.select(id), other);
    await page.click('#actions [data-action="expand"]');
    await idle();
    const expanded = await ids();
    assert.ok(expanded.length > first.length, 'the expansion added nodes');
    await page.locator('#cy').focus();
    await page.keyboard.press('Control+z');
    await idle();
    assert.deepEqual(await ids(), first, 'Ctrl+Z took the expansion back');
    await page.keyboard.press('Control+Shift+z');
    await idle();
    assert.deepEqual(await ids(), expanded, 'Ctrl+Shift+Z expanded again');
    await page.click('#undo');
    await idle();
    assert.deepEqual(await ids(), first, 'the Undo button too');
    await page.click('#redo');
    await idle();
    assert.deepEqual(await ids(), expanded);
  });

  it('undoes a hide, brings hidden entities back from the list, undoes a filter', async () => {
    const shown = await shownIds();
    const victim = shown.find(id => id !== 'kim-yong-bok');
    await page.evaluate(id => window.linkchart.select(id), victim);
    await page.click('#actions [data-action="hide"]');
    await idle();
    assert.ok(!(await shownIds()).includes(victim));
    assert.equal(await page.locator(`#hidden-list li[data-id="${victim}"]`).count(), 1, 'listed as hidden');
    await page.click('#undo');
    await idle();
    assert.ok((await shownIds()).includes(victim), 'undo shows it again');
    await page.click('#redo');
    await idle();
    assert.ok(!(await shownIds()).includes(victim));
    await page.click(`#hidden-list li[data-id="${victim}"] button`);
    await idle();
    assert.ok((await shownIds()).includes(victim), 'the hidden list brings it back');
    // a filter is undone too, and the URL follows
    await page.locator('#filter-kinds input[data-kind="Person"]').uncheck();
    await idle();
    assert.ok(!(await shownIds()).includes('kim-yong-bok'));
    assert.match(page.url(), /hk=Person/);
    await page.click('#undo');
    await idle();
    assert.ok((await shownIds()).includes('kim-yong-bok'));
    assert.doesNotMatch(page.url(), /hk=/);
    assert.equal(await page.locator('#filter-kinds input[data-kind="Person"]').isChecked(), true);
  });
});
