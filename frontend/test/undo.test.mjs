// Undo / redo of view actions (expand, hide, filter, pin, move, layout,
// collapse and opening a fold) through the buttons and Ctrl+Z /
// Ctrl+Shift+Z, and the list of hidden entities.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { session } from './session.mjs';

let S;
const idle = () => S.idle();
const ids = async () => (await S.page.evaluate(() => window.linkchart.nodes())).map(n => n.id).sort();
const shownIds = async () => (await S.page.evaluate(() => window.linkchart.nodes())).filter(n => n.shown).map(n => n.id).sort();

describe('undo and redo', () => {
  S = session();

  it('undoes and redoes an expansion', async () => {
    await S.page.goto(`${S.server.url}/?focus=kim-yong-bok`);
    await S.page.waitForSelector('body[data-ready="true"]');
    await idle();
    const first = await ids();
    const other = first.find(id => id !== 'kim-yong-bok');
    await S.page.evaluate(id => window.linkchart.select(id), other);
    await S.page.click('#actions [data-action="expand"]');
    await idle();
    const expanded = await ids();
    assert.ok(expanded.length > first.length, 'the expansion added nodes');
    await S.page.locator('#cy').focus();
    await S.page.keyboard.press('Control+z');
    await idle();
    assert.deepEqual(await ids(), first, 'Ctrl+Z took the expansion back');
    await S.page.keyboard.press('Control+Shift+z');
    await idle();
    assert.deepEqual(await ids(), expanded, 'Ctrl+Shift+Z expanded again');
    await S.page.click('#undo');
    await idle();
    assert.deepEqual(await ids(), first, 'the Undo button too');
    await S.page.click('#redo');
    await idle();
    assert.deepEqual(await ids(), expanded);
  });

  it('undoes a hide, brings hidden entities back from the list, undoes a filter', async () => {
    const shown = await shownIds();
    const victim = shown.find(id => id !== 'kim-yong-bok');
    await S.page.evaluate(id => window.linkchart.select(id), victim);
    await S.page.click('#actions [data-action="hide"]');
    await idle();
    assert.ok(!(await shownIds()).includes(victim));
    assert.equal(await S.page.locator(`#hidden-list li[data-id="${victim}"]`).count(), 1, 'listed as hidden');
    await S.page.click('#undo');
    await idle();
    assert.ok((await shownIds()).includes(victim), 'undo shows it again');
    await S.page.click('#redo');
    await idle();
    assert.ok(!(await shownIds()).includes(victim));
    await S.page.click(`#hidden-list li[data-id="${victim}"] button`);
    await idle();
    assert.ok((await shownIds()).includes(victim), 'the hidden list brings it back');
    // a filter is undone too, and the URL follows
    await S.page.locator('#filter-kinds input[data-kind="Person"]').uncheck();
    await idle();
    assert.ok(!(await shownIds()).includes('kim-yong-bok'));
    assert.match(S.page.url(), /hk=Person/);
    await S.page.click('#undo');
    await idle();
    assert.ok((await shownIds()).includes('kim-yong-bok'));
    assert.doesNotMatch(S.page.url(), /hk=/);
    assert.equal(await S.page.locator('#filter-kinds input[data-kind="Person"]').isChecked(), true);
  });

  it('undoes a pin, a move and a layout', async () => {
    const page = S.page;
    const node = id => page.evaluate(i => window.linkchart.nodes().find(n => n.id === i), id);
    const target = (await page.evaluate(() => window.linkchart.nodes())).find(n => n.shown && n.id !== 'kim-yong-bok').id;
    await page.evaluate(id => window.linkchart.select(id), target);
    await page.click('#actions [data-action="pin"]');
    assert.equal((await node(target)).pinned, true);
    await page.click('#undo');
    assert.equal((await node(target)).pinned, false, 'undo unpins');
    // move: drag kim-yong-bok 80 px to the right
    const box = await page.locator('#cy').boundingBox();
    const a = await node('kim-yong-bok');
    await page.mouse.move(box.x + a.x, box.y + a.y);
    await page.mouse.down();
    await page.mouse.move(box.x + a.x + 40, box.y + a.y + 10, { steps: 4 });
    await page.mouse.move(box.x + a.x + 80, box.y + a.y + 20, { steps: 4 });
    await page.mouse.up();
    await S.idle();
    const moved = await node('kim-yong-bok');
    assert.ok(Math.abs(moved.x - a.x - 80) < 3, `dragged: ${moved.x - a.x}`);
    await page.click('#undo');
    await S.idle();
    const back = await node('kim-yong-bok');
    assert.ok(Math.abs(back.x - a.x) < 1 && Math.abs(back.y - a.y) < 1, 'undo moves it back');
    // layout: Hierarchy, then undo puts every node back
    const before = Object.fromEntries((await page.evaluate(() => window.linkchart.nodes())).map(n => [n.id, [n.x, n.y]]));
    await page.click('#layout-dagre');
    await S.idle();
    await page.click('#undo');
    await S.idle();
    assert.equal(await page.getAttribute('#layout-fcose', 'aria-pressed'), 'true');
    for (const n of await page.evaluate(() => window.linkchart.nodes())) {
      assert.ok(Math.abs(n.x - before[n.id][0]) < 1 && Math.abs(n.y - before[n.id][1]) < 1, `${n.id} back after undoing the layout`);
    }
  });

  it('undoes and redoes a collapse and the opening of a fold', async () => {
    const page = S.page;
    await S.open('?focus=north-korea');
    // the folds drawn, each as "id: members"
    const folds = async () => (await page.evaluate(() => window.linkchart.nodes())).filter(n => n.synthetic && n.members).map(n => `${n.id}: ${n.members.length}`).sort();
    const shownLeaves = async () => (await page.evaluate(() => window.linkchart.nodes())).filter(n => n.shown && !n.synthetic).length;
    const start = await folds();
    await page.evaluate(() => window.linkchart.select('north-korea'));
    await page.click('#collapse-leaves');
    await S.idle();
    const collapsed = await folds();
    assert.ok(collapsed.length > start.length, `Collapse leaves folded more: ${start} -> ${collapsed}`);
    const fewer = await shownLeaves();
    await page.locator('#cy').focus();
    await page.keyboard.press('Control+z');
    await S.idle();
    assert.deepEqual(await folds(), start, 'Ctrl+Z unfolds');
    assert.ok(await shownLeaves() > fewer, 'the leaves are drawn again');
    await page.keyboard.press('Control+Shift+z');
    await S.idle();
    assert.deepEqual(await folds(), collapsed, 'Ctrl+Shift+Z folds again');
    // open a fold by double-clicking it, then undo and redo that
    const g = (await page.evaluate(() => window.linkchart.nodes())).find(n => n.synthetic && n.members);
    await page.evaluate(() => window.linkchart.select(null));
    const box = await page.locator('#cy').boundingBox();
    await page.mouse.dblclick(box.x + g.x, box.y + g.y);
    await S.idle();
    const opened = await folds();
    assert.ok(!opened.some(f => f.startsWith(`${g.id}:`)), `double-click opened ${g.id}: ${opened}`);
    await page.locator('#cy').focus();
    await page.keyboard.press('Control+z');
    await S.idle();
    assert.deepEqual(await folds(), collapsed, 'Ctrl+Z folds it again');
    await page.keyboard.press('Control+Shift+z');
    await S.idle();
    assert.deepEqual(await folds(), opened, 'Ctrl+Shift+Z opens it again');
  });
});
