// End-to-end tests of the page against the real binary with the seed
// dataset, in headless Chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer } from './server.mjs';
import { launch, watch, screenshot } from './browser.mjs';

let server, browser, page, problems;

// Records CSP violations: the page must run under its policy untouched.
const CSP_PROBE = () => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
};

async function open(query = '') {
  await page.goto(`${server.url}/${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}

// The picture, read through the page's automation hook (window.linkchart).
const idle = () => page.evaluate(() => window.linkchart.whenIdle());
const nodes = () => page.evaluate(() => window.linkchart.nodes());
const edges = () => page.evaluate(() => window.linkchart.edges());
const selectedId = async () => (await nodes()).find(n => n.selected)?.id;
const positions = async () => Object.fromEntries((await nodes()).filter(n => n.shown).map(n => [n.id, { x: Math.round(n.x), y: Math.round(n.y) }]));
const since2024 = e => (e.since || '').startsWith('2024');

async function pick(containerSel, text, name) {
  const input = page.locator(`${containerSel} input`);
  await input.fill(text);
  await page.waitForSelector(`${containerSel} ul[data-query="${text}"]:not([hidden])`);
  const hit = page.locator(`${containerSel} li.hit`, { hasText: name }).first();
  await hit.waitFor();
  await hit.click();
}

describe('linkchart page', () => {
  before(async () => {
    server = await startServer();
    browser = await launch();
    page = await browser.context.newPage();
    await page.addInitScript(CSP_PROBE);
    await page.bringToFront();
    problems = watch(page);
  });

  after(async () => {
    if (page) {
      const csp = await page.evaluate(() => window.__csp).catch(() => []);
      console.log('CSP violations:', csp);
      console.log('page problems:', problems);
    }
    await browser?.close();
    await server?.stop();
  });

  it('serves the page under its CSP with a legend and the schema filters', async () => {
    const res = await page.goto(`${server.url}/`);
    console.log('page CSP header:', res.headers()['content-security-policy'] || '(none; the page carries its own meta policy)');
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.locator('#legend li').count(), 7);
    assert.ok(await page.locator('#filter-types input').count() > 3, 'relation types come from GET /schema');
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
  });

  it('searches "Kim Yong Bok" with autocomplete and adds the hit', async () => {
    await open();
    await page.locator('h1.brand').click(); // focus the page, not a control
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input', '/ focuses the search box');
    await page.keyboard.type('Kim Yong Bok');
    await page.waitForSelector('#search-list[data-query="Kim Yong Bok"]:not([hidden])');
    const hit = page.locator('#search-list li.hit').first();
    assert.match(await hit.textContent(), /Kim Yong Bok/);
    assert.equal(await hit.getAttribute('aria-selected'), 'true', 'the first hit is active for Enter');
    await hit.click();
    await page.waitForFunction(() => window.linkchart.nodes().length >= 1);
    await idle();
    const id = await selectedId();
    assert.equal(id, 'kim-yong-bok');
    const panelText = await page.locator('#panel').textContent();
    assert.match(panelText, /Kim Yong Bok/);
    assert.doesNotMatch(panelText, /\bnull\b|\bundefined\b/);
    await page.waitForURL(/focus=kim-yong-bok/); // the URL follows the view
    await screenshot(page, '01-search-add');
  });

  it('expands a node by double-click', async () => {
    await idle(); // layout and centring done
    const pos = (await nodes()).find(n => n.id === 'kim-yong-bok');
    const box = await page.locator('#cy').boundingBox();
    await page.mouse.dblclick(box.x + pos.x, box.y + pos.y);
    await page.waitForFunction(() => window.linkchart.nodes().length > 1 && window.linkchart.edges().length > 0);
    await idle();
    console.log('after expand:', (await nodes()).length, 'nodes,', (await edges()).length, 'edges');
    assert.match(await page.locator('#panel').textContent(), /Citations/);
    await screenshot(page, '02-expand');
  });

  it('filters by date: as of 2023 fades, then hides, the 2024 relations; positions stay', async () => {
    // Make sure relations starting in 2024 are in view (expand the neighbours).
    let dated = (await edges()).filter(since2024).length;
    if (dated === 0) {
      await page.goto(`${server.url}/?focus=kim-yong-bok&depth=2`);
      await page.waitForSelector('body[data-ready="true"]');
      await idle();
      dated = (await edges()).filter(since2024).length;
    }
    assert.ok(dated > 0, 'the view holds relations that start in 2024');
    await idle();
    const before = await positions();
    await page.check('#asof-on');
    await page.evaluate(() => {
      const s = document.querySelector('#asof');
      s.value = String(window.linkchart.state().months.indexOf('2023-12'));
      s.dispatchEvent(new Event('input', { bubbles: true }));
    });
    assert.equal(await page.locator('#asof-label').textContent(), '2023-12');
    const faded = (await edges()).filter(since2024);
    assert.ok(faded.every(e => e.faded && (e.shown || e.bundled)), `2024 relations are faded: ${JSON.stringify(faded)}`);
    await screenshot(page, '03-asof-2023-faded');
    await page.check('#asof-hide');
    const hidden = (await edges()).filter(since2024).filter(e => e.shown).length;
    assert.equal(hidden, 0, 'with "hide", no 2024 relation is drawn');
    const after = await positions();
    for (const [id, p] of Object.entries(after)) assert.deepEqual(p, before[id], `node ${id} kept its position`);
    await screenshot(page, '04-asof-2023-hidden');
    // Undated or 2023 relations stay.
    await page.uncheck('#asof-hide');
    await page.uncheck('#asof-on');
    assert.equal((await edges()).filter(e => e.faded).length, 0);
  });

  it('filters by kind and by grade without moving nodes', async () => {
    await idle();
    const before = await positions();
    await page.uncheck('#filter-kinds input[data-kind="Person"]');
    assert.equal((await nodes()).filter(n => n.kind === 'Person' && n.shown).length, 0);
    await page.check('#filter-kinds input[data-kind="Person"]');
    await page.selectOption('#min-rel', 'A');
    await idle();
    const shown = (await edges()).filter(e => e.shown).map(e => e.grade);
    const f = await page.evaluate(() => JSON.stringify({ ...window.linkchart.state().filters, hiddenKinds: [...window.linkchart.state().filters.hiddenKinds] }));
    assert.ok(shown.every(g => g.startsWith('A')), `only A-graded relations: ${shown} ${f}`);
    await page.selectOption('#min-rel', '');
    const after = await positions();
    for (const [id, p] of Object.entries(before)) assert.deepEqual(after[id], p);
  });

  it('autocomplete: arrow keys move through the hits, Enter adds one, Esc closes', async () => {
    await page.fill('#search-input', 'Kim');
    await page.waitForSelector('#search-list[data-query="Kim"]:not([hidden])');
    const hits = await page.locator('#search-list li.hit').evaluateAll(ls => ls.map(l => l.dataset.id));
    assert.ok(hits.length >= 2, `several hits for Kim: ${hits}`);
    await page.press('#search-input', 'ArrowDown');
    assert.equal(await page.locator('#search-list li.active').getAttribute('data-id'), hits[1]);
    assert.equal(await page.getAttribute('#search-input', 'aria-activedescendant'), 'search-list-opt-1');
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(id => window.linkchart.nodes().some(n => n.id === id && n.selected), hits[1]);
    await page.fill('#search-input', 'Kim');
    await page.waitForSelector('#search-list:not([hidden])');
    await page.press('#search-input', 'Escape');
    assert.equal(await page.locator('#search-list').isHidden(), true);
    await idle();
  });

  it('finds a path with the paths form, and by deep link', async () => {
    await page.click('#clear');
    await pick('#path-from', 'Kim Yong Bok', 'Kim Yong Bok');
    await pick('#path-to', 'Kursk', 'Kursk');
    await page.click('#paths-form button[type="submit"]');
    await page.waitForSelector('#answers tr.answer-row');
    const text = await page.locator('#answers').textContent();
    console.log('path:', text);
    assert.match(text, /Kim Yong Bok.*Kursk/s);
    assert.ok((await edges()).filter(e => e.highlighted).length >= 1, 'the first path is highlighted');
    await page.waitForURL(/from=kim-yong-bok&to=kursk/);
    await screenshot(page, '05-path-form');

    await open('?from=kim-yong-bok&to=kursk-oblast');
    await page.waitForSelector('#answers tr.answer-row');
    assert.ok((await edges()).filter(e => e.highlighted).length >= 1);
    const hl = (await nodes()).filter(n => n.highlighted).map(n => n.id);
    assert.ok(hl.includes('kim-yong-bok') && hl.includes('kursk-oblast'), `path ends highlighted: ${hl}`);
    assert.equal(await page.inputValue('#path-from input'), 'Kim Yong Bok', 'the form shows the ends by name');
    await screenshot(page, '06-path-deeplink');
  });

  it('answers an oversight query by deep link; clicking an answer highlights its path', async () => {
    await open('?oversight=kim-jong-un');
    await page.waitForSelector('#answers tr.answer-row');
    const n = await page.locator('#answers tr.answer-row').count();
    console.log('oversight answers for kim-jong-un:', n);
    assert.ok(n >= 1);
    assert.match(await page.locator('#answers-title').textContent(), /oversaw/i);
    assert.equal(await page.getAttribute('#layout-dagre', 'aria-pressed'), 'true', 'oversight uses the hierarchical layout');
    await page.waitForFunction(() => / layout \d+ ms/.test(document.querySelector('#status').textContent));
    assert.match(await page.locator('#status').textContent(), /Hierarchy layout \d+ ms/, 'the status line names the layout as the toolbar does');
    const last = page.locator('#answers tr.answer-row').nth(n - 1);
    await last.click();
    assert.equal(await last.getAttribute('aria-selected'), 'true');
    const hl = { nodes: (await nodes()).filter(n => n.highlighted).map(n => n.id), edges: (await edges()).filter(e => e.highlighted).length };
    assert.ok(hl.nodes.includes('kim-jong-un') && hl.edges >= 1, JSON.stringify(hl));
    const evidence = page.locator('#panel');
    assert.match(await evidence.textContent(), /Evidence/);
    assert.equal(await evidence.locator('ol.hops li').count(), hl.edges, 'one line per hop');
    assert.ok(await evidence.locator('ol.citations li').count() >= 1, 'the sources of every hop');
    await page.waitForURL(/oversight=kim-jong-un/);
    await screenshot(page, '07-oversight');
  });

  it('shows an edge\'s grade and numbered citations with safe links', async () => {
    const lit = (await edges()).find(e => e.highlighted);
    await page.evaluate(id => window.linkchart.select(id), lit.id);
    const panel = page.locator('#panel');
    assert.match(await panel.textContent(), /grade/);
    assert.ok(await panel.locator('ol.citations li').count() >= 1);
    for (const a of await panel.locator('ol.citations a').all()) {
      assert.equal(await a.getAttribute('rel'), 'noopener noreferrer');
      assert.match(await a.getAttribute('href'), /^https?:/);
    }
    await screenshot(page, '08-edge-citations');
  });

  it('exports PNG, SVG and a server format of the view', async () => {
    const save = async format => {
      await page.selectOption('#export-format', format);
      await page.click('#export'); // opens the export dialog with that format
      await page.locator('#export-dialog').waitFor();
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-go')]);
      const file = await dl.path();
      console.log(`export ${format}: ${dl.suggestedFilename()}`);
      return readFile(file);
    };
    const png = await save('png');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = (await save('svg')).toString('utf8');
    assert.match(svg, /<svg/);
    const json = JSON.parse((await save('json')).toString('utf8'));
    const ids = (await nodes()).filter(n => n.shown).map(n => n.id);
    assert.ok(JSON.stringify(json).includes(ids[0]), 'the JSON export holds the visible nodes');
    const brief = (await save('html')).toString('utf8');
    assert.match(brief, /<h1>[^<]*Kim Jong Un/, 'the brief is titled after the view (the oversight question)');
  });

  it('shows problem+json errors with their title and field messages', async () => {
    await open('?focus=kim-yong-bok&types=not-a-type');
    const msg = page.locator('#messages .message.error').first();
    await msg.waitFor();
    const text = await msg.textContent();
    console.log('error shown:', text);
    assert.match(text, /types/);
    await open('?focus=no-such-entity-anywhere-zzzz');
    await page.locator('#messages .message.error').first().waitFor();
    await screenshot(page, '09-error');
  });

  it('shows a progress bar while a request takes longer than 150 ms', async () => {
    const slow = async route => { await new Promise(r => setTimeout(r, 800)); await route.continue(); };
    await page.route('**/api/v1/entities/*/neighborhood*', slow);
    try {
      await page.goto(`${server.url}/?focus=kim-jong-un`);
      await page.locator('#progress').waitFor({ state: 'visible', timeout: 5000 });
      await page.waitForSelector('body[data-ready="true"]');
      await page.locator('#progress').waitFor({ state: 'hidden', timeout: 5000 });
    } finally {
      await page.unroute('**/api/v1/entities/*/neighborhood*', slow);
    }
  });

  it('actions on the selected node: pin, expand by type, paths to…, oversight', async () => {
    await open('?focus=kim-yong-bok');
    await idle();
    const corps = (await nodes()).some(n => n.id === 'kpa-11th-corps');
    await page.evaluate(id => window.linkchart.select(id), corps ? 'kpa-11th-corps' : 'kim-yong-bok');
    const id = await selectedId();
    const pinned = async i => (await nodes()).find(n => n.id === i).pinned;
    await page.click('#actions [data-action="pin"]');
    assert.equal(await pinned(id), true, 'pinned');
    assert.equal(await page.locator('#actions [data-action="pin"]').textContent(), 'Unpin');
    // expand by type offers the entity's own types, most frequent first, with counts
    const ent = await page.evaluate(i => fetch(`/api/v1/entities/${i}`).then(r => r.json()), id);
    const counts = {};
    for (const e of ent.edges) counts[e.type] = (counts[e.type] || 0) + 1;
    await page.waitForSelector('#expand-type option[value="PART_OF"]', { state: 'attached' });
    const offered = await page.$$eval('#expand-type option', os => os.filter(o => o.value).map(o => [o.value, o.textContent]));
    assert.deepEqual(offered.map(o => o[0]).sort(), Object.keys(counts).sort(), 'only the types the entity has');
    for (const [t, text] of offered) assert.match(text, new RegExp(`^${t} \\(${counts[t]}[,)]`), `${text} counts ${counts[t]}`);
    assert.ok(offered.every((o, i) => i === 0 || counts[offered[i - 1][0]] >= counts[o[0]]), 'most frequent first');
    const before = (await edges()).length;
    await page.selectOption('#expand-type', 'PART_OF');
    await page.waitForURL(/types=PART_OF/);
    await idle();
    const newTypes = (await edges()).slice(before).map(e => e.type);
    console.log(`expand ${id} by PART_OF added`, newTypes.length, 'relations');
    assert.ok(newTypes.every(t => t === 'PART_OF'), `only PART_OF relations were added: ${newTypes}`);
    assert.equal(await pinned(id), true, 'still pinned after a layout');
    await page.evaluate(() => window.linkchart.select('kim-yong-bok'));
    await page.click('#actions [data-action="paths"]');
    assert.equal(await page.inputValue('#path-from input'), 'Kim Yong Bok');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'path-to-input', 'the second end is picked by search');
    await page.click('#actions [data-action="oversight"]');
    await page.waitForSelector('#answers tr.answer-row');
    assert.match(await page.locator('#answers-title').textContent(), /What Kim Yong Bok oversaw/);
    await screenshot(page, '11-actions');
  });

  it('deep links may name the entity instead of giving its id', async () => {
    await open('?focus=Kursk%20Oblast');
    assert.ok((await nodes()).some(n => n.id === 'kursk-oblast'));
    await page.waitForURL(/focus=kursk-oblast/);
    await open('?oversight=Kim%20Jong%20Un');
    await page.waitForSelector('#answers tr.answer-row');
    await page.waitForURL(/oversight=kim-jong-un/);
  });

  it('keyboard: e expands, Del hides, f fits, Esc clears, ? helps', async () => {
    await open('?focus=kim-yong-bok');
    await idle();
    const n0 = (await nodes()).length;
    const other = (await nodes()).find(n => n.id !== 'kim-yong-bok').id;
    await page.evaluate(id => window.linkchart.select(id), other);
    await page.locator('#cy').focus().catch(() => {});
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.keyboard.press('e');
    await page.waitForFunction(n => window.linkchart.nodes().length > n, n0).catch(() => {});
    await idle();
    const sel = await selectedId();
    const focused = await page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));
    await page.keyboard.press('Delete');
    const all = await nodes();
    const state = { visible: all.find(n => n.id === sel).shown, hidden: all.filter(n => !n.shown).map(n => n.id) };
    assert.equal(state.visible, false, `Del hides ${sel} (focus on ${focused}): ${JSON.stringify(state)}`);
    await page.keyboard.press('f');
    await page.keyboard.press('?');
    assert.equal(await page.locator('#help').evaluate(d => d.open), true);
    await page.keyboard.press('Escape');
    assert.deepEqual(problems.filter(p => !/Failed to load resource/.test(p)), []);
  });
});
