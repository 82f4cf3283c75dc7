// Authoring from the page against the real binary: an editor signs in,
// creates a person, draws a COMMANDS relation to the 11th Corps citing a
// new source (then in the oversight answer and the HTML brief), edits the
// person, reverts the edit from its history, merges a duplicate and follows
// the old id's deep link; a second page editing the same person is told it
// changed (412); a viewer sees no editing controls and the API refuses it.
// Then the relation is edited (field errors, a 412 with a reload, the
// change reverted from its history), a refused relation leaves its new
// source unwritten, a relation is drawn by dragging from one node to
// another, and duplicates are merged from the list and the context menu.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launch, watch, screenshot } from './browser.mjs';

const ED = 'editor-token-h19';
const VW = 'viewer-token-h19';
let server, browser, page, problems;

async function call(method, p, { body, token = ED, raw = false } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${server.url}/api/v1${p}`, { method, headers, body: body && JSON.stringify(body) });
  if (raw) return res;
  assert.ok(res.ok, `${method} ${p}: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

async function openPage(token, url) {
  const p = await browser.context.newPage();
  await p.addInitScript(t => { if (t) sessionStorage.setItem('linkchart.token', t); }, token);
  await p.goto(url);
  await p.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await p.evaluate(() => window.linkchart.whenIdle());
  return p;
}

async function pick(p, container, text, id) {
  await p.fill(`#${container}-input`, text);
  await p.click(`#${container}-list li[data-id="${id}"]`);
}

// newRelation opens the relation form from Test Commander to the 11th
// Corps with type typ, found by filtering with filter.
async function newRelation(p, filter, typ) {
  await p.click('#new-relation');
  await pick(p, 'rel-from', 'Test Commander', 'test-commander');
  await pick(p, 'rel-to', '11th Corps', 'kpa-11th-corps');
  await p.fill('#relation-form input[name=type-filter]', filter);
  await p.selectOption('#relation-form select[name=type]', typ);
}

const idle = p => p.evaluate(() => window.linkchart.whenIdle());
const commands = p => p.evaluate(() => window.linkchart.edges().find(e => e.from === 'test-commander' && e.to === 'kpa-11th-corps' && e.type === 'COMMANDS')?.id);
const sourceCount = async () => (await call('GET', '/schema')).counts.sources;

// drag moves the mouse with the button down from node a to node b (or by
// dx, dy when b is a number pair), in page pixels.
async function drag(p, a, b) {
  const box = await p.locator('#cy').boundingBox();
  const at = id => p.evaluate(i => window.linkchart.nodes().find(n => n.id === i), id);
  const na = await at(a);
  const nb = Array.isArray(b) ? { x: na.x + b[0], y: na.y + b[1] } : await at(b);
  await p.mouse.move(box.x + na.x, box.y + na.y);
  await p.mouse.down();
  for (let i = 1; i <= 8; i++) await p.mouse.move(box.x + na.x + (nb.x - na.x) * i / 8, box.y + na.y + (nb.y - na.y) * i / 8);
  await p.mouse.up();
}
const nodeIds = p => p.evaluate(() => window.linkchart.nodes().map(n => n.id));

describe('authoring as an editor', () => {
  before(async () => {
    server = await startServer({ env: { LINKCHART_TOKENS: `ed:${ED}=editor:red,viewer:${VW}=viewer:clear` } });
    browser = await launch();
    page = await openPage(ED, `${server.url}/?focus=kpa-11th-corps`);
    problems = watch(page);
    await page.waitForFunction(() => document.body.dataset.role === 'editor');
  });

  after(async () => {
    console.log('page problems:', problems);
    await browser?.close();
    await server?.stop();
  });

  it('shows who is signed in', async () => {
    assert.match(await page.textContent('#whoami'), /Signed in as ed \(editor, cleared for TLP:RED\)/);
    assert.equal(await page.isVisible('#new-entity'), true);
  });

  it('creates a person, with field errors next to their fields first', async () => {
    await page.click('#new-entity');
    await page.selectOption('#entity-form select[name=kind]', 'Person');
    await page.fill('#entity-form input[name=name]', 'Test Commander');
    await page.fill('#entity-form input[name=id]', 'Bad Id!');
    await page.click('#entity-form button[type=submit]');
    await page.waitForSelector('#entity-form .field-error[data-field="id"]');
    await page.fill('#entity-form input[name=id]', 'test-commander');
    await page.fill('#entity-form textarea[name=summary]', 'Commander named in a new report.');
    await page.click('#entity-form button[type=submit]');
    await page.waitForFunction(() => window.linkchart.nodes().some(n => n.id === 'test-commander'));
    await idle(page);
  });

  it('draws COMMANDS to the 11th Corps citing a new source; oversight and the brief show it', async () => {
    await newRelation(page, 'comm', 'COMMANDS');
    await page.fill('#relation-form input[name=since]', '2024-11');
    await page.selectOption('#relation-form select[name=credibility]', '2');
    await page.fill('#relation-form input[name=src-title]', 'New report on the corps');
    await page.fill('#relation-form input[name=src-publisher]', 'Test Desk');
    await page.fill('#relation-form input[name=src-date]', '2024-11-20');
    await page.fill('#relation-form input[name=src-url]', 'https://example.org/report');
    await page.selectOption('#relation-form select[name=src-reliability]', 'B');
    await page.click('#relation-form button[type=submit]');
    await page.waitForFunction(() => window.linkchart.edges().some(e => e.from === 'test-commander' && e.to === 'kpa-11th-corps' && e.type === 'COMMANDS'));
    const ov = await call('GET', '/oversight?what=kpa-11th-corps');
    assert.ok(ov.answers.some(a => a.overseer === 'test-commander'), 'test-commander oversaw the 11th Corps');
    const res = await call('POST', '/export?format=html', { body: { seed: 'test-commander', depth: 1 }, raw: true });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Test Commander/);
    assert.match(html, /New report on the corps/);
    assert.match(html, /revision \d+/);
    await screenshot(page, 'authoring-relation');
  });

  it('edits the person, then reverts the edit from its history', async () => {
    await page.evaluate(() => window.linkchart.select('test-commander'));
    await page.click('#edit-selected');
    await page.fill('#entity-form textarea[name=summary]', 'Edited summary.');
    await page.click('#entity-form button[type=submit]');
    await page.waitForSelector('#entity-form', { state: 'hidden' });
    let g = await call('GET', '/entities/test-commander');
    assert.equal(g.nodes.find(n => n.id === 'test-commander').summary, 'Edited summary.');
    await page.evaluate(() => { window.linkchart.select(null); window.linkchart.select('test-commander'); });
    await page.waitForSelector('#history li:has-text("update by ed")');
    // the line says what a revert would undo, and when in UTC
    assert.match(await page.textContent('#history li:first-child'),
      /update by ed, \d{4}-\d\d-\d\d \d\d:\d\d UTC — changed summary: Commander named in a new report\. → Edited summary\./);
    await page.click('#history li:first-child .revert');
    await page.waitForSelector('#history li:has-text("revert of")');
    g = await call('GET', '/entities/test-commander');
    assert.equal(g.nodes.find(n => n.id === 'test-commander').summary, 'Commander named in a new report.');
  });

  it('tells the second of two pages editing one entity that it changed (412)', async () => {
    const other = await openPage(ED, `${server.url}/?focus=test-commander`);
    for (const p of [page, other]) {
      await p.evaluate(() => window.linkchart.select('test-commander'));
      await p.click('#edit-selected');
    }
    await page.fill('#entity-form textarea[name=summary]', 'First page wins.');
    await page.click('#entity-form button[type=submit]');
    await page.waitForSelector('#entity-form', { state: 'hidden' });
    await other.fill('#entity-form textarea[name=summary]', 'Second page loses.');
    await other.click('#entity-form button[type=submit]');
    await other.waitForSelector('#entity-form .form-error:has-text("Changed by someone else")');
    const g = await call('GET', '/entities/test-commander');
    assert.equal(g.nodes.find(n => n.id === 'test-commander').summary, 'First page wins.');
    await other.close();
  });

  it('offers each candidate of an ambiguous name in a deep link as a link', async () => {
    await call('POST', '/entities', { body: { id: 'kim-young-bok-2', kind: 'Person', name: 'Kim Young-bok' } });
    const p = await openPage(ED, `${server.url}/?from=${encodeURIComponent('Kim Young-bok')}&to=kursk-oblast`);
    await p.waitForSelector('#messages a.msg-pick[data-id="kim-yong-bok"]');
    assert.equal(await p.locator('#messages a.msg-pick[data-id="kim-young-bok-2"]').count(), 1);
    await Promise.all([p.waitForEvent('load'), p.click('#messages a.msg-pick[data-id="kim-yong-bok"]')]);
    await p.waitForSelector('body[data-ready="true"]');
    await p.waitForSelector('#answers tr.answer-row');
    assert.equal(new URL(p.url()).searchParams.get('from'), 'kim-yong-bok');
    await p.close();
    await call('DELETE', '/entities/kim-young-bok-2', { raw: true });
  });

  it('offers the near match of a mistyped name in a deep link as a link', async () => {
    const p = await openPage(ED, `${server.url}/?from=${encodeURIComponent('Kim Yong Bk')}&to=kursk-oblast`);
    await p.waitForSelector('#messages a.msg-pick[data-id="kim-yong-bok"]');
    assert.match(await p.locator('#messages .msg-detail').first().textContent(), /did you mean Kim Yong Bok/);
    await Promise.all([p.waitForEvent('load'), p.click('#messages a.msg-pick[data-id="kim-yong-bok"]')]);
    await p.waitForSelector('body[data-ready="true"]');
    await p.waitForSelector('#answers tr.answer-row');
    assert.equal(new URL(p.url()).searchParams.get('from'), 'kim-yong-bok');
    await p.close();
  });

  it('merges a duplicate; the old id deep link opens the survivor', async () => {
    await call('POST', '/entities', { body: { id: 'test-commander-dup', kind: 'Person', name: 'Test Commander Dup' } });
    await page.evaluate(() => window.linkchart.addIds(['test-commander-dup']));
    await idle(page);
    await page.evaluate(() => window.linkchart.select('test-commander-dup'));
    await pick(page, 'merge-box', 'Test Commander', 'test-commander');
    page.once('dialog', d => d.accept());
    await page.click('#merge-go');
    await page.waitForFunction(() => !window.linkchart.nodes().some(n => n.id === 'test-commander-dup'));
    const deep = await openPage(ED, `${server.url}/?focus=test-commander-dup`);
    const ids = await nodeIds(deep);
    assert.ok(ids.includes('test-commander') && !ids.includes('test-commander-dup'), `deep link opened ${ids}`);
    await deep.close();
  });

  it('edits the relation: field errors beside their fields, then the change reverted from its history', async () => {
    const id = await commands(page);
    assert.ok(id, 'the COMMANDS relation is in view');
    await page.evaluate(i => { window.linkchart.select(null); window.linkchart.select(i); }, id);
    await page.click('#panel button.edit'); // the relation's own panel offers Edit
    await page.waitForSelector('#relation-form-title:has-text("Edit relation")');
    assert.equal(await page.inputValue('#relation-form input[name=since]'), '2024-11');
    assert.equal(await page.inputValue('#relation-form select[name=credibility]'), '2');
    assert.equal(await page.isVisible('#relation-form input[name=unsourced]'), false, 'an edit offers no unsourced');
    assert.equal(await page.isVisible('#relation-form input[name=src-title]'), true, 'an edit may add a new source');
    const cited = await page.evaluate(() => [...document.querySelectorAll('#relation-form select[name=sources] option:checked')].map(o => o.value));
    assert.equal(cited.length, 1);
    await page.fill('#relation-form input[name=since]', 'Nov 2024');
    await page.click('#relation-form button[type=submit]');
    await page.waitForSelector('#relation-form .field-error[data-field="since"]');
    const other = await page.evaluate(c => [...document.querySelectorAll('#relation-form select[name=sources] option')].map(o => o.value).find(v => v !== c), cited[0]);
    await page.fill('#relation-form input[name=since]', '2024-10');
    await page.fill('#relation-form input[name=until]', '2025');
    await page.selectOption('#relation-form select[name=credibility]', '1');
    await page.fill('#relation-form textarea[name=note]', 'Confirmed by a second report.');
    await page.selectOption('#relation-form select[name=sources]', [cited[0], other]);
    await page.click('#relation-form button[type=submit]');
    await page.waitForSelector('#relation-form', { state: 'hidden' });
    let r = (await call('GET', `/relations/${id}`)).edges[0];
    assert.deepEqual([r.since, r.until, r.credibility, r.note, r.sources.length], ['2024-10', '2025', 1, 'Confirmed by a second report.', 2]);
    await page.waitForFunction(() => document.querySelector('#panel').textContent.includes('Confirmed by a second report.'));
    await page.waitForSelector('#history li:has-text("update by ed")');
    await page.click('#history li:has-text("update by ed") .revert');
    await page.waitForSelector('#history li:has-text("revert of")');
    r = (await call('GET', `/relations/${id}`)).edges[0];
    assert.deepEqual([r.since, r.until, r.credibility, r.note, r.sources], ['2024-11', '', 2, '', cited]);
  });

  it('tells the second page editing one relation that it changed, and reloads it', async () => {
    const id = await commands(page);
    const other = await openPage(ED, `${server.url}/?focus=test-commander`);
    for (const p of [page, other]) {
      await p.evaluate(i => { window.linkchart.select(null); window.linkchart.select(i); }, id);
      await p.click('#edit-selected');
      await p.waitForSelector('#relation-form-title:has-text("Edit relation")');
    }
    await page.fill('#relation-form textarea[name=note]', 'First page wins.');
    await page.click('#relation-form button[type=submit]');
    await page.waitForSelector('#relation-form', { state: 'hidden' });
    await other.fill('#relation-form textarea[name=note]', 'Second page loses.');
    await other.click('#relation-form button[type=submit]');
    await other.waitForSelector('#relation-form .form-error:has-text("Changed by someone else")');
    await other.click('#relation-form .form-error button.reload');
    await other.waitForFunction(() => document.querySelector('#relation-form textarea[name=note]').value === 'First page wins.');
    assert.equal((await call('GET', `/relations/${id}`)).edges[0].note, 'First page wins.');
    await other.close();
  });

  it('adds a second source for the claim inline while editing the relation', async () => {
    const id = await commands(page);
    const was = (await call('GET', `/relations/${id}`)).edges[0].sources;
    await page.evaluate(i => { window.linkchart.select(null); window.linkchart.select(i); }, id);
    await page.click('#panel button.edit');
    await page.waitForSelector('#relation-form-title:has-text("Edit relation")');
    await page.fill('#relation-form input[name=src-title]', 'Second report on the corps');
    await page.fill('#relation-form input[name=src-publisher]', 'Other Desk');
    await page.selectOption('#relation-form select[name=src-reliability]', 'A');
    await page.click('#relation-form button[type=submit]');
    await page.waitForSelector('#relation-form', { state: 'hidden' });
    const g = await call('GET', `/relations/${id}`);
    const added = g.sources.find(x => x.title === 'Second report on the corps');
    assert.ok(added, `the new source is stored and cited: ${JSON.stringify(g.sources)}`);
    assert.deepEqual(g.edges[0].sources, [...was, added.id].sort());
    assert.equal(added.publisher, 'Other Desk');
    await page.evaluate(i => { window.linkchart.select(null); window.linkchart.select(i); }, id);
    for (const s of g.edges[0].sources) await page.waitForSelector(`#panel li[data-source="${s}"]`);
    await page.waitForFunction(() => document.querySelector('#panel').textContent.includes('Second report on the corps'));
    await screenshot(page, 'authoring-second-source');
  });

  it('writes an unsourced relation alone: an end edited in between keeps its edit', async () => {
    await newRelation(page, 'visit', 'VISITED');
    await page.check('#relation-form input[name=unsourced]');
    // another editor changes an end while the write is on its way
    const writes = '**/api/v1/{relations,import}*';
    await page.route(writes, async route => {
      if (route.request().method() === 'POST') {
        await call('PATCH', '/entities/test-commander', { body: { summary: 'Edited in between.' } });
      }
      await route.continue();
    });
    await page.click('#relation-form button[type=submit]');
    await page.waitForFunction(() => window.linkchart.edges().some(e => e.from === 'test-commander' && e.to === 'kpa-11th-corps' && e.type === 'VISITED'));
    await page.unroute(writes);
    const id = await page.evaluate(() => window.linkchart.edges().find(e => e.from === 'test-commander' && e.to === 'kpa-11th-corps' && e.type === 'VISITED').id);
    assert.deepEqual((await call('GET', `/relations/${id}`)).edges[0].sources, ['unsourced']);
    const g = await call('GET', '/entities/test-commander');
    assert.equal(g.nodes.find(n => n.id === 'test-commander').summary, 'Edited in between.');
    const last = (await call('GET', '/history?id=test-commander&limit=1')).revisions[0];
    assert.equal(last.op, 'update', `the end's last write is the edit, not the relation's: ${JSON.stringify(last)}`);
  });

  it('writes a new source only with its relation: a refused relation leaves none', async () => {
    const before = await sourceCount();
    await page.click('#new-relation');
    await pick(page, 'rel-from', 'Test Commander', 'test-commander');
    await page.fill('#rel-to-input', 'nobody-at-all-zz');
    await page.selectOption('#relation-form select[name=type]', 'VISITED');
    await page.fill('#relation-form input[name=src-title]', 'Report that must not stay');
    await page.click('#relation-form button[type=submit]');
    await page.waitForSelector('#relation-form .field-error[data-field="to"]');
    assert.equal(await sourceCount(), before, 'no source was written');
    await page.click('#relation-form .cancel');
  });

  it('draws a relation by dragging from one node to another; without the mode a drag moves the node', async () => {
    const before = await page.evaluate(() => window.linkchart.nodes().find(n => n.id === 'test-commander'));
    await drag(page, 'test-commander', [60, 40]);
    await idle(page);
    const moved = await page.evaluate(() => window.linkchart.nodes().find(n => n.id === 'test-commander'));
    assert.ok(Math.hypot(moved.x - before.x, moved.y - before.y) > 30, `the node moved: ${JSON.stringify([before, moved])}`);
    assert.equal(await page.isVisible('#relation-form'), false);
    await page.click('#draw-mode');
    assert.equal(await page.getAttribute('#draw-mode', 'aria-pressed'), 'true');
    await drag(page, 'test-commander', 'kpa-11th-corps');
    await page.waitForSelector('#relation-form-title:has-text("New relation")');
    assert.equal(await page.getAttribute('#rel-from-input', 'data-id'), 'test-commander');
    assert.equal(await page.getAttribute('#rel-to-input', 'data-id'), 'kpa-11th-corps');
    const still = await page.evaluate(() => window.linkchart.nodes().find(n => n.id === 'test-commander'));
    assert.ok(Math.hypot(still.x - moved.x, still.y - moved.y) < 2, 'in draw mode the node stays put');
    await screenshot(page, 'authoring-draw');
    await page.keyboard.press('Escape');
    assert.equal(await page.getAttribute('#draw-mode', 'aria-pressed'), 'false');
    await page.click('#relation-form .cancel');
  });

  it('lists possible duplicates with score and reason; shows both and merges one into the other', async () => {
    await call('POST', '/entities', { body: { id: 'dup-left', kind: 'Person', name: 'Ri Song-chol Testperson' } });
    await call('POST', '/entities', { body: { id: 'dup-right', kind: 'Person', name: 'Ri Song Chol Testperson' } });
    await call('POST', '/relations', { body: { type: 'MEMBER_OF', from: 'dup-left', to: 'kpa-11th-corps', sources: ['rinaldi-clsc'] } });
    await page.click('#duplicates-open');
    const li = page.locator('#duplicates-list li[data-a="dup-left"][data-b="dup-right"], #duplicates-list li[data-a="dup-right"][data-b="dup-left"]');
    await li.waitFor();
    // the better connected one survives the first merge offered
    const first = li.locator('button.merge').first();
    assert.equal(await first.getAttribute('data-from'), 'dup-right');
    assert.equal(await first.getAttribute('data-into'), 'dup-left');
    assert.equal(await first.textContent(), 'Merge Ri Song Chol Testperson (0 relations) into Ri Song-chol Testperson (1 relation)');
    assert.match(await li.locator('.badge').textContent(), /^[01]\.\d\d$/);
    assert.ok((await li.locator('.why').textContent()).length > 3, 'a reason is given');
    await li.locator('.show-both').click();
    await page.waitForFunction(() => ['dup-left', 'dup-right'].every(i => window.linkchart.nodes().some(n => n.id === i)));
    await page.click('#duplicates-open');
    await li.waitFor();
    await screenshot(page, 'authoring-duplicates');
    let said = '';
    page.once('dialog', d => { said = d.message(); d.accept(); });
    await li.locator('button.merge[data-from="dup-right"][data-into="dup-left"]').click();
    await page.waitForFunction(() => !window.linkchart.nodes().some(n => n.id === 'dup-right'));
    assert.match(said, /Merge Ri Song Chol Testperson into Ri Song-chol Testperson\?/);
    assert.match(said, /: its 0 relations and their citations move to Ri Song-chol Testperson; the name Ri Song Chol Testperson and its aliases become aliases/);
    const g = await call('GET', '/entities/dup-right');
    assert.ok(g.nodes.some(n => n.id === 'dup-left'), 'the old id reads the survivor');
    await page.click('#duplicates-close');
  });

  it('merges from the context menu: Merge into…, pick by search, confirm', async () => {
    await call('POST', '/entities', { body: { id: 'ctx-dup', kind: 'Person', name: 'Context Duplicate' } });
    await page.evaluate(() => window.linkchart.addIds(['ctx-dup']));
    await idle(page);
    const box = await page.locator('#cy').boundingBox();
    const n = await page.evaluate(() => window.linkchart.nodes().find(x => x.id === 'ctx-dup'));
    await page.mouse.click(box.x + n.x, box.y + n.y, { button: 'right' });
    await page.click('#context-menu button:has-text("Merge into…")');
    await page.waitForFunction(() => document.activeElement?.id === 'merge-box-input');
    page.once('dialog', d => d.accept());
    await pick(page, 'merge-box', 'Ri Song', 'dup-left');
    await page.waitForFunction(() => !window.linkchart.nodes().some(x => x.id === 'ctx-dup'));
    const g = await call('GET', '/entities/dup-left');
    assert.ok(g.nodes.find(x => x.id === 'dup-left').aliases.includes('Context Duplicate'));
  });
});

describe('authoring as a viewer', () => {
  before(async () => {
    server = await startServer({ env: { LINKCHART_TOKENS: `ed:${ED}=editor:red,viewer:${VW}=viewer:clear` } });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows no editing controls and the API refuses writes', async () => {
    const p = await openPage(VW, `${server.url}/?focus=kpa-11th-corps`);
    await p.waitForFunction(() => document.body.dataset.role === 'viewer');
    assert.equal(await p.isVisible('#editor'), false);
    assert.equal(await p.isVisible('#new-entity'), false);
    const body = { id: 'x-viewer', kind: 'Person', name: 'X' };
    assert.equal((await call('POST', '/entities', { body, token: VW, raw: true })).status, 403);
    assert.equal((await call('POST', '/entities', { body, token: '', raw: true })).status, 401);
    assert.equal((await call('POST', '/history/1/revert', { token: VW, raw: true })).status, 403);
  });

  it('offers no merge to a viewer: not in the context menu, not in the duplicates list', async () => {
    await call('POST', '/entities', { body: { id: 'vw-left', kind: 'Person', name: 'Ri Song-chol Testperson' } });
    await call('POST', '/entities', { body: { id: 'vw-right', kind: 'Person', name: 'Ri Song Chol Testperson' } });
    const p = await openPage(VW, `${server.url}/?focus=kpa-11th-corps`);
    await p.waitForFunction(() => document.body.dataset.role === 'viewer');
    const box = await p.locator('#cy').boundingBox();
    const n = await p.evaluate(() => window.linkchart.nodes().find(x => x.id === 'kpa-11th-corps'));
    await p.mouse.click(box.x + n.x, box.y + n.y, { button: 'right' });
    await p.waitForSelector('#context-menu button:has-text("Expand")');

    assert.equal(await p.locator('#context-menu button:has-text("Merge into")').count(), 0);
    await p.keyboard.press('Escape');
    assert.equal(await p.isVisible('#draw-mode'), false);
    await p.evaluate(() => window.linkchart.select(window.linkchart.edges()[0].id));
    await p.waitForSelector('#panel .kicker:has-text("Relation")');
    assert.equal(await p.locator('#panel button.edit').count(), 0, 'no Edit in a viewer\'s relation panel');
    await p.click('#duplicates-open');
    const li = p.locator('#duplicates-list li[data-a^="vw-"][data-b^="vw-"]');
    await li.waitFor();
    assert.equal(await li.locator('.show-both').count(), 1);
    assert.equal(await p.locator('#duplicates-list button.merge').count(), 0);
  });
});
