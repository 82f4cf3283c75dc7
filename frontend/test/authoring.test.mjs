// Authoring from the page against the real binary: an editor signs in,
// creates a person, draws a COMMANDS relation to the 11th Corps citing a
// new source (then in the oversight answer and the HTML brief), edits the
// person, reverts the edit from its history, merges a duplicate and follows
// the old id's deep link; a second page editing the same person is told it
// changed (412); a viewer sees no editing controls and the API refuses it.
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

const idle = p => p.evaluate(() => window.linkchart.whenIdle());
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
    await page.click('#new-relation');
    await pick(page, 'rel-from', 'Test Commander', 'test-commander');
    await pick(page, 'rel-to', '11th Corps', 'kpa-11th-corps');
    await page.fill('#relation-form input[name=type-filter]', 'comm');
    await page.selectOption('#relation-form select[name=type]', 'COMMANDS');
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
});
