// An entity whose name holds HTML and script is shown as text and runs
// nothing: created through the API with an editor token, then searched,
// added and selected in the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, api } from './server.mjs';
import { launch, watch, screenshot } from './browser.mjs';

const NAME = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const TOKEN = 'e2e-editor-token';

test('a name holding markup is rendered as text and runs nothing', async () => {
  const server = await startServer({ env: { LINKCHART_TOKENS: `${TOKEN}=editor:clear` } });
  const browser = await launch();
  try {
    await api(server.url, 'POST', '/entities', {
      token: TOKEN,
      body: { id: 'xss-probe', kind: 'Person', name: NAME, aliases: ['<b>bold alias</b>'], summary: '<i>summary</i>', props: { role: '<u>x</u>' } },
    });
    const page = await browser.context.newPage();
    const problems = watch(page);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#search-input', 'img src');
    await page.waitForSelector('#search-list[data-query="img src"]:not([hidden])');
    const hit = page.locator('#search-list li.hit', { hasText: 'onerror' }).first();
    await hit.waitFor();
    assert.ok((await hit.textContent()).includes(NAME), 'the hit shows the raw name');
    await hit.click();
    await page.waitForFunction(() => window.linkchart.nodes().some(n => n.id === 'xss-probe' && n.selected));
    const panelText = await page.locator('#panel').textContent();
    assert.ok(panelText.includes(NAME), 'the panel shows the raw string');
    assert.ok(panelText.includes('<b>bold alias</b>'));
    assert.equal(await page.locator('#panel img, #panel script, #panel b, #search-list img').count(), 0, 'no element was made from the data');
    assert.equal(await page.evaluate(() => window.linkchart.nodes().find(n => n.id === 'xss-probe').label), NAME);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing ran');
    await screenshot(page, '10-xss-as-text');
    // The SVG export carries the name as escaped text, not as markup.
    await page.selectOption('#export-format', 'svg');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const svg = await readFile(await dl.path(), 'utf8');
    assert.ok(!svg.includes('<script>window.__pwned'), 'no raw script element in the SVG');
    assert.ok(!/<img[\s>]/.test(svg), 'no raw img element in the SVG');
    assert.ok(svg.includes('&lt;img src=x'), 'the (ellipsized) name is in the SVG as escaped text');
    assert.deepEqual(problems.filter(p => !/Failed to load resource/.test(p)), []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
