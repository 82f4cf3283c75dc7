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
    // each column's heading stands over its cells (a flex table would not)
    for (const col of [2, 3, 4]) {
      const x = sel => S.page.locator(sel).first().evaluate(el => el.getBoundingClientRect().left);
      const [th, td] = [await x(`#answers th:nth-child(${col})`), await x(`#answers tr.answer-row td:nth-child(${col})`)];
      assert.ok(Math.abs(th - td) < 2, `column ${col}: heading at ${th}, cell at ${td}`);
    }
    await rows.first().click();
    await idle();
    assert.ok((await S.page.evaluate(() => window.linkchart.edges())).some(e => e.highlighted));
    await screenshot(S.page, 'answers-paths');
  });

  it('"Paths to…" then a picked end: Enter on the focused "Find paths" runs it', async () => {
    await open('?focus=kim-jong-un');
    const longest = (await S.page.evaluate(() => window.linkchart.nodes())).filter(n => n.shown).sort((a, b) => b.label.length - a.label.length)[0];
    await S.page.evaluate(id => window.linkchart.select(id), longest.id);
    assert.equal(await S.page.getAttribute('#actions-label', 'title'), longest.label, 'the cut name whole on hover');
    await S.page.evaluate(() => window.linkchart.select('kim-jong-un'));
    await S.page.click('#actions [data-action="paths"]');
    await S.page.keyboard.type('Kursk Oblast');
    await S.page.waitForSelector('#path-to-list li[data-id="kursk-oblast"]');
    await S.page.keyboard.press('Enter');
    assert.equal(await S.page.evaluate(() => document.activeElement?.textContent), 'Find paths', 'the next step has the focus');
    assert.equal(await S.page.locator('#answers tr.answer-row').count(), 0, 'the pick alone asks nothing');
    await S.page.keyboard.press('Enter');
    await S.page.waitForSelector('#answers tr.answer-row');
    await idle();
    const q = new URL(S.page.url()).searchParams;
    assert.deepEqual([q.get('from'), q.get('to')], ['kim-jong-un', 'kursk-oblast']);
    // the oversight picker likewise
    await S.page.fill('#oversight-pick-input', 'Kim Yong Bok');
    await S.page.waitForSelector('#oversight-pick-list li[data-id="kim-yong-bok"]');
    await S.page.keyboard.press('Enter');
    await S.page.keyboard.press('Enter');
    await S.page.waitForFunction(() => /What Kim Yong Bok oversaw/.test(document.querySelector('#answers-title').textContent));
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
  it('excludes hubs picked by name, listed by name', async () => {
    await open('?from=kim-yong-bok&to=kursk-oblast&k=10');
    const before = await S.page.evaluate(() => window.linkchart.state().answers.items.map(it => it.path.nodes));
    // the entity most paths go through (the ends aside)
    const seen = new Map();
    for (const p of before) for (const id of p.slice(1, -1)) seen.set(id, (seen.get(id) || 0) + 1);
    const [hub] = [...seen].sort((a, b) => b[1] - a[1])[0];
    const { nodes } = await S.page.evaluate(id => fetch(`/api/v1/entities/${id}`).then(r => r.json()), hub);
    const name = nodes.find(n => n.id === hub).name;
    await S.page.fill('#path-hub-input', name);
    await S.page.waitForSelector(`#path-hub-list li.hit`);
    await S.page.press('#path-hub-input', 'Enter');
    await S.page.waitForSelector(`#path-exclude-list li[data-id="${hub}"]`);
    assert.equal(await S.page.locator(`#path-exclude-list li[data-id="${hub}"] span`).textContent(), name, 'listed by name');
    assert.equal(await S.page.locator('#path-hub-input').inputValue(), '', 'the picker is cleared for the next');
    await S.page.locator('#path-exclude-list').scrollIntoViewIfNeeded();
    await screenshot(S.page, 'paths-hub-by-name');
    assert.match(await S.page.locator('#path-exclude').inputValue(), new RegExp(`\\b${hub}\\b`));
    await S.page.click('#paths-form button[type="submit"]');
    await idle();
    const after = await S.page.evaluate(() => window.linkchart.state().answers.items.map(it => it.path.nodes));
    assert.ok(after.length > 0, 'other paths remain');
    for (const p of after) assert.ok(!p.includes(hub), `${p} avoids ${hub}`);
    assert.ok(new URL(S.page.url()).searchParams.get('exclude').split(',').includes(hub));
    console.log(`paths: ${before.length} with ${name}, ${after.length} without`);
    await S.page.click(`#path-exclude-list li[data-id="${hub}"] button`);
    assert.equal(await S.page.locator(`#path-exclude-list li[data-id="${hub}"]`).count(), 0, 'taken back out');
    assert.equal(await S.page.locator('#path-exclude').inputValue(), '');
  });

  it('passes the time bar\'s window with consistent in time', async () => {
    const asked = [];
    const seen = req => { if (req.url().includes('/api/v1/paths')) asked.push(new URL(req.url())); };
    S.page.on('request', seen);
    await open('?from=kim-yong-bok&to=kursk-oblast&k=10&consistent=true&from_date=2024-11&to_date=2024-12');
    S.page.off('request', seen);
    const q = asked.at(-1).searchParams;
    assert.equal(q.get('consistent'), 'true');
    assert.equal(q.get('from_date'), '2024-11');
    assert.equal(q.get('to_date'), '2024-12');
    const items = await S.page.evaluate(() => window.linkchart.state().answers.items);
    assert.ok(items.length > 0, 'paths held in the window');
    for (const it of items) {
      assert.ok(!it.since || it.since.slice(0, 7) <= '2024-12', `${it.label} held from ${it.since}`);
      assert.ok(!it.until || it.until.slice(0, 7) >= '2024-11', `${it.label} held until ${it.until}`);
    }
    // without consistency the window is the filters' business, not the question's
    asked.length = 0;
    S.page.on('request', seen);
    await S.page.locator('#path-consistent').uncheck();
    await S.page.click('#paths-form button[type="submit"]');
    await idle();
    S.page.off('request', seen);
    assert.equal(asked.at(-1).searchParams.get('from_date'), null);
  });
});
