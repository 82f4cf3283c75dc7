// The import dialog, end to end in headless Chromium against the real
// binary with the seed: pick files, preview, map columns, see the dry
// run's problems and duplicates, import.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, REPO } from './server.mjs';
import { launch, watch, screenshot } from './browser.mjs';

const TOKEN = 'e2e-import-editor';
const TESTDATA = path.join(REPO, 'graph', 'imports', 'testdata');

let server, browser, page, problems, tmp;

const KIM_BUNDLE = JSON.stringify({
  type: 'bundle', id: 'bundle--1', objects: [
    { type: 'identity', spec_version: '2.1', id: 'identity--9d4f7bc1-1d31-4bd5-a2c9-3b1c7d1e2f11', name: 'Kim Young-bok', identity_class: 'individual' },
  ],
});

async function openDialog() {
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.click('#import-open');
  await page.waitForSelector('#import-dialog[open]');
}

async function dryRun() {
  await page.click('#import-check');
  await page.waitForSelector('#import-result .import-verdict');
}

describe('import dialog', () => {
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'linkchart-import-'));
    server = await startServer({ env: { LINKCHART_TOKENS: `${TOKEN}=editor:amber` } });
    browser = await launch();
    page = await browser.context.newPage();
    await page.addInitScript(token => sessionStorage.setItem('linkchart.token', token), TOKEN);
    problems = watch(page);
  });

  after(async () => {
    if (page) console.log('page problems:', problems);
    await browser?.close();
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('previews a spreadsheet, maps its columns, shows problems, then imports', async () => {
    await openDialog();
    await page.setInputFiles('#import-files', [path.join(TESTDATA, 'people.csv'), path.join(TESTDATA, 'links.csv')]);
    // Preview: the first rows of each file, as text.
    await page.waitForSelector('.import-file[data-file="people.csv"] table td');
    const cells = await page.locator('.import-file[data-file="people.csv"] td').allTextContents();
    assert.ok(cells.includes('Kim Yong Bok') && cells.includes('Storm Corps'), `preview cells: ${cells}`);
    // Mapping: columns guessed from the headers, rows guessed from them.
    const people = '.map-table[data-file="people.csv"]';
    const links = '.map-table[data-file="links.csv"]';
    assert.equal(await page.locator(`${people} .map-rows`).inputValue(), 'entities');
    assert.equal(await page.locator(`${people} .map-col[data-field="name"]`).inputValue(), 'Full name');
    assert.equal(await page.locator(`${links} .map-rows`).inputValue(), 'relations');
    assert.equal(await page.locator(`${links} .map-col[data-field="from"]`).inputValue(), 'Who');
    await page.selectOption(`${people} .map-col[data-field="id"]`, 'Ref');
    await page.selectOption(`${people} .map-col[data-field="summary"]`, 'Notes');

    // The second link has no source: the dry run names the file, line and field.
    await dryRun();
    const verdict = await page.textContent('#import-result .import-verdict');
    assert.match(verdict, /1 problem/);
    const problem = await page.textContent('.import-problems li');
    assert.match(problem, /links\.csv:3/);
    assert.match(problem, /sources/);
    assert.equal(await page.isDisabled('#import-run'), true, 'Import is enabled with problems');
    await screenshot(page, 'import-problems');

    // A constant source for rows without one; the dry run passes and names
    // the seed's 11th Corps as the entity Storm Corps may duplicate.
    await page.fill(`${links} .map-const[data-field="source"]`, 'analyst-sheet');
    await dryRun();
    assert.match(await page.textContent('#import-result .import-verdict'), /No problems: would import 3 entities, 2 relations/);
    await page.waitForSelector('.import-duplicates li[data-a="kpa-11th-corps"][data-b="storm-corps"]');
    await screenshot(page, 'import-dry-run');

    await page.click('#import-run');
    await page.waitForFunction(() => /Imported 3 entities/.test(document.querySelector('#import-result').textContent));
    await page.click('#import-close');
    await page.evaluate(() => window.linkchart.addIds(['storm-corps', 'russia']));
    await page.evaluate(() => window.linkchart.whenIdle());
    const ids = (await page.evaluate(() => window.linkchart.nodes())).map(n => n.id);
    assert.ok(ids.includes('storm-corps'), `imported entity not in the view: ${ids}`);
    const deployed = (await page.evaluate(() => window.linkchart.edges())).find(e => e.from === 'storm-corps' && e.to === 'russia');
    assert.equal(deployed?.type, 'DEPLOYED_TO');
  });

  it('finds the seed\'s Kim Yong Bok in a STIX bundle naming Kim Young-bok', async () => {
    const file = path.join(tmp, 'kim.stix.json');
    await writeFile(file, KIM_BUNDLE);
    await openDialog();
    await page.setInputFiles('#import-files', file);
    await page.waitForSelector('.import-file pre');
    assert.equal(await page.isHidden('#import-mapping'), true, 'a mapping is offered for STIX');
    await dryRun();
    const dup = page.locator('.import-duplicates li[data-a="kim-yong-bok"][data-b="kim-young-bok"]');
    await dup.waitFor();
    assert.match(await dup.textContent(), /Kim Young-bok/);
  });

  it('shows file contents as text, never as markup', async () => {
    const file = path.join(tmp, 'nodes-x.csv');
    await writeFile(file, 'Name,<img src=x onerror=window.__xss=1>\n<b>bold</b>,x\n');
    await openDialog();
    await page.setInputFiles('#import-files', file);
    await page.waitForSelector('.import-file table th');
    const th = await page.locator('.import-file th').allTextContents();
    assert.ok(th.includes('<img src=x onerror=window.__xss=1>'), `headers: ${th}`);
    assert.equal(await page.locator('.import-file img, .import-file b').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(problems.filter(p => !p.includes('Failed to load resource')), []);
  });
});
