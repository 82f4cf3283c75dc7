// The answers drawer: on /?oversight=… and /?from=…&to=… the answers are in
// view at once, as a sortable table whose rows light their evidence.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { session } from './session.mjs';
import { screenshot } from './browser.mjs';

let S;
const idle = () => S.idle();
const open = q => S.open(q);
// inView: the element's box lies inside the window.
const inView = sel => S.page.locator(sel).evaluate(el => {
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
});

describe('answers drawer', () => {
  S = session();

  it('shows oversight answers in view at once, grouped, each row lighting its evidence', async () => {
    await open('?oversight=kim-jong-un');
    assert.ok(await inView('#answers-section'), 'the drawer is in view');
    const rows = S.page.locator('#answers tr.answer-row');
    assert.ok(await rows.count() > 1);
    assert.ok(await inView('#answers tr.answer-row >> nth=0'), 'the first answer is in view');
    assert.ok(await S.page.locator('#answers tr.group-row').count() >= 1, 'grouped by target kind');
    await rows.nth(1).click();
    await idle();
    const hl = (await S.page.evaluate(() => window.linkchart.edges())).filter(e => e.highlighted).map(e => e.id);
    const idx = Number(await rows.nth(1).getAttribute('data-index'));
    const want = await S.page.evaluate(i => window.linkchart.state().answers.items[i].path.edges, idx);
    assert.deepEqual(hl.sort(), [...want].sort());
    assert.equal(await rows.nth(1).getAttribute('aria-selected'), 'true');
    await screenshot(S.page, 'answers-oversight');
  });

  it('shows paths in view at once and sorts them by length and grade', async () => {
    await open('?from=kim-yong-bok&to=kursk-oblast&k=5');
    assert.ok(await inView('#answers-section'));
    const rows = S.page.locator('#answers tr.answer-row');
    const n = await rows.count();
    assert.ok(n >= 2, `${n} paths`);
    await S.page.click('#answers th button[data-sort="length"]');
    await S.page.click('#answers th button[data-sort="length"]'); // descending
    const lengths = await S.page.locator('#answers tr.answer-row td:nth-child(3)').allTextContents();
    assert.deepEqual(lengths.map(Number), [...lengths.map(Number)].sort((a, b) => b - a));
    await S.page.click('#answers th button[data-sort="grade"]');
    const grades = await S.page.locator('#answers tr.answer-row td:nth-child(4)').allTextContents();
    assert.deepEqual(grades, [...grades].sort());
    await rows.first().click();
    await idle();
    assert.ok((await S.page.evaluate(() => window.linkchart.edges())).some(e => e.highlighted));
    await screenshot(S.page, 'answers-paths');
  });

  it('keeps direct answers only on /?oversight=…&direct=1 and shows when each held', async () => {
    await open('?oversight=kim-yong-bok');
    const all = await S.page.locator('#answers tr.answer-row td:nth-child(3)').allTextContents();
    await open('?oversight=kim-yong-bok&direct=1');
    assert.equal(await S.page.locator('#oversight-direct').isChecked(), true);
    const direct = await S.page.locator('#answers tr.answer-row td:nth-child(3)').allTextContents();
    assert.ok(direct.length > 0 && direct.length < all.length, `${direct.length} direct of ${all.length}`);
    assert.ok(direct.every(l => l === '1'), `direct answers are one hop: ${direct}`);
    const items = await S.page.evaluate(() => window.linkchart.state().answers.items);
    const held = await S.page.locator('#answers tr.answer-row td:nth-child(5)').allTextContents();
    assert.ok(held.some(s => /^\d{4}/.test(s)), `the window of some answer is dated: ${held}`);
    assert.deepEqual([...held].sort(), items.map(it => it.since || '—').sort());
  });

  it('walks only the types the filters show when asked', async () => {
    await open('?from=kim-yong-bok&to=kursk-oblast&k=5');
    const all = await S.page.evaluate(() => window.linkchart.state().answers.items.length);
    await S.page.locator('.type-group[data-group="reporting"] button[data-group-action="none"]').click();
    await S.page.check('#path-shown-types');
    await S.page.click('#paths-form button[type="submit"]');
    await S.page.waitForURL(/types=/);
    await S.idle();
    const edges = await S.page.evaluate(() => window.linkchart.edges());
    const byId = new Map(edges.map(e => [e.id, e.type]));
    const items = await S.page.evaluate(() => window.linkchart.state().answers.items);
    const hidden = await S.page.evaluate(() => [...window.linkchart.state().filters.hiddenTypes]);
    assert.ok(hidden.includes('IDENTIFIED') && items.length > 0, `${items.length} paths`);
    for (const it of items) for (const id of it.path.edges) assert.ok(!hidden.includes(byId.get(id)), `${id} is a ${byId.get(id)}`);
    console.log(`paths: ${all} with every type, ${items.length} without reporting types`);
  });

  it('takes path options from the form and the deep link: direction, exclusions, hubs, time, rank', async () => {
    await open('?from=kim-yong-bok&to=kursk-oblast&k=10');
    const any = await S.page.evaluate(() => window.linkchart.state().answers.items.length);
    await open('?from=kim-yong-bok&to=kursk-oblast&k=10&direction=out&exclude=ukrainian-military&max_degree=40&consistent=true&rank=grade');
    assert.equal(await S.page.locator('#path-dir').inputValue(), 'out');
    assert.equal(await S.page.locator('#path-maxdeg').inputValue(), '40');
    assert.equal(await S.page.locator('#path-exclude').inputValue(), 'ukrainian-military');
    assert.equal(await S.page.locator('#path-consistent').isChecked(), true);
    assert.equal(await S.page.locator('#path-rank').inputValue(), 'grade');
    const items = await S.page.evaluate(() => window.linkchart.state().answers.items);
    const edges = new Map((await S.page.evaluate(() => window.linkchart.edges())).map(e => [e.id, e]));
    assert.ok(items.length > 0, `${items.length} paths (${any} without options)`);
    for (const it of items) {
      it.path.edges.forEach((id, i) => assert.equal(edges.get(id).from, it.path.nodes[i], `${id} walked along its arrow`));
      assert.ok(!it.path.nodes.includes('ukrainian-military'));
      assert.equal(it.never, false, 'consistent in time');
    }
    const grades = items.map(it => it.grade);
    assert.deepEqual(grades, [...grades].sort(), 'ranked by weakest grade');
    const url = new URL(S.page.url());
    assert.equal(url.searchParams.get('direction'), 'out');
    assert.equal(url.searchParams.get('rank'), 'grade');
  });
});
