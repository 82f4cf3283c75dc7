// The export dialog against the real binary, as an analyst cleared for
// TLP:AMBER viewing an AMBER record: the marked SVG and PNG made in the page
// carry TLP:AMBER (SVG text; the PNG's banner pixels in the TLP amber), and
// the PDF brief made by the server from the dialog carries the marking, the
// dialog's fields and the arrangement on screen (read with poppler).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { startServer } from './server.mjs';
import { launch, watch, screenshot, OUTPUT } from './browser.mjs';

const run = promisify(execFile);
const TOKEN = 'amber-analyst-token';
let server, browser, page, problems;

async function api(method, p, body) {
  const res = await fetch(`${server.url}/api/v1${p}`, {
    method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${p}: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

// exportAs fills the dialog and returns the downloaded file.
async function exportAs(format, fields = {}) {
  await page.click('#export');
  await page.locator('#export-dialog').waitFor();
  await page.selectOption('#export-dialog-format', format);
  for (const [name, value] of Object.entries(fields)) await page.fill(`#export-${name}`, value);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-go')]);
  console.log(`export ${format}: ${dl.suggestedFilename()}`);
  return { name: dl.suggestedFilename(), data: await readFile(await dl.path()) };
}

describe('export dialog and marked images', () => {
  before(async () => {
    server = await startServer({ env: { LINKCHART_TOKENS: `${TOKEN}=editor:amber` } });
    // An AMBER unit inside the 11th Corps, cited like the corps' own relations.
    const corps = await api('GET', '/entities/kpa-11th-corps');
    await api('POST', '/entities', { id: 'amber-recon-cell', kind: 'Unit', name: 'Amber Recon Cell', marking: 'TLP:AMBER' });
    await api('POST', '/relations', { type: 'PART_OF', from: 'amber-recon-cell', to: 'kpa-11th-corps', sources: [corps.edges[0].sources[0]], credibility: 3, marking: 'TLP:AMBER' });
    browser = await launch();
    page = await browser.context.newPage();
    await page.addInitScript(t => sessionStorage.setItem('linkchart.token', t), TOKEN);
    problems = watch(page);
    await page.goto(`${server.url}/?focus=kpa-11th-corps&depth=2`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.evaluate(() => window.linkchart.whenIdle());
  });

  after(async () => {
    console.log('page problems:', problems);
    await browser?.close();
    await server?.stop();
  });

  it('shows the AMBER record and says the product is marked TLP:AMBER', async () => {
    const ids = (await page.evaluate(() => window.linkchart.nodes())).map(n => n.id);
    assert.ok(ids.includes('amber-recon-cell'), 'the AMBER unit is in the view');
    await page.click('#export');
    await page.locator('#export-dialog').waitFor();
    assert.match(await page.textContent('#export-marking-note'), /TLP:AMBER/);
    await page.fill('#export-title', '11th Corps, two hops');
    await page.fill('#export-author', 'Amber analyst');
    await page.fill('#export-judgments', 'The corps fought in Kursk.\nA recon cell sits inside it.');
    await screenshot(page, 'export-dialog');
    await page.click('#export-cancel');
  });

  it('exports an SVG carrying TLP:AMBER, the title, a legend and the date', async () => {
    // a note on the corps, through its context menu: the images and the briefs show it
    const n = (await page.evaluate(() => window.linkchart.nodes())).find(x => x.id === 'kpa-11th-corps');
    const box = await page.locator('#cy').boundingBox();
    await page.mouse.click(box.x + n.x, box.y + n.y, { button: 'right' });
    await page.locator('#context-menu button', { hasText: 'Add a note' }).click();
    await page.fill('#note-text', 'Check the strength figures.');
    await page.click('#note-save');
    await page.waitForSelector('.note[data-on="kpa-11th-corps"]');
    const { data, name } = await exportAs('svg', { title: '11th Corps, two hops' });
    assert.equal(name, `linkchart-11th-corps-two-hops-${new Date().toISOString().slice(0, 10)}.svg`, 'named by its title');
    const svg = data.toString('utf8');
    const banners = [...svg.matchAll(/<g id="marking-(top|bottom)"[^>]*>.*?<text[^>]*fill="([^"]+)"[^>]*>([^<]*)<\/text>/gs)];
    assert.equal(banners.length, 2, 'a banner at the top and at the bottom');
    for (const b of banners) {
      assert.equal(b[3], 'TLP:AMBER');
      assert.equal(b[2].toLowerCase(), '#ffc000', 'the label in TLP amber');
    }
    assert.match(svg, />11th Corps, two hops</);
    assert.match(svg, /<g id="legend"[^>]*>.*>Unit</s);
    assert.match(svg, new RegExp(`>[^<]*${new Date().toISOString().slice(0, 10)}`));
    // every arrow says what it is, and the header names the revision
    assert.match(svg, />PART_OF</, 'relation types drawn on their edges');
    assert.match(svg, /<g id="notes"[^>]*>.*>Check the strength figures\.</s, 'the note');
    const { revision } = await api('GET', '/schema');
    assert.ok(revision >= 2, `revision ${revision}`);
    assert.match(svg, new RegExp(`entities · revision ${revision}<`));
    await mkdir(OUTPUT, { recursive: true });
    await writeFile(path.join(OUTPUT, 'marked-view.svg'), data);
  });

  it('exports a PNG whose banners are TLP:AMBER: amber label pixels on black', async () => {
    const { data } = await exportAs('png', { title: '11th Corps, two hops' });
    assert.deepEqual([...data.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await writeFile(path.join(OUTPUT, 'marked-view.png'), data);
    // Decode it in the page and count the banner strips' colours.
    const counts = await page.evaluate(async b64 => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const strip = y0 => {
        const d = ctx.getImageData(0, y0, c.width, 40).data; // the banner is 26 px at 2× = 52 px
        let black = 0, amber = 0, other = 0;
        for (let i = 0; i < d.length; i += 4) {
          const [r, g, bl] = [d[i], d[i + 1], d[i + 2]];
          if (r < 30 && g < 30 && bl < 30) black++;
          else if (r > 230 && g > 170 && g < 215 && bl < 50) amber++;
          else other++;
        }
        return { black, amber, other };
      };
      return { top: strip(6), bottom: strip(img.height - 46), w: img.width, h: img.height };
    }, data.toString('base64'));
    console.log('PNG banner pixels:', counts);
    for (const s of [counts.top, counts.bottom]) {
      assert.ok(s.black > s.amber && s.amber > 200, `banner strip: ${JSON.stringify(s)}`);
    }
  });

  it('exports a PDF brief from the dialog: marked TLP:AMBER, the dialog fields, the screen arrangement', async () => {
    const { name, data } = await exportAs('pdf', {
      title: '11th Corps, two hops', author: 'Amber analyst', product: '7',
      summary: 'The 11th Corps and its neighbourhood.', judgments: 'The corps fought in Kursk.\nA recon cell sits inside it.',
    });
    assert.match(name, /\.pdf$/);
    assert.equal(data.subarray(0, 5).toString(), '%PDF-');
    const file = path.join(OUTPUT, '11th-corps-2hop-page.pdf');
    await writeFile(file, data);
    let text;
    try {
      text = (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout;
    } catch (err) {
      if (err.code === 'ENOENT' && process.env.CI !== 'true') { console.log('pdftotext not installed: PDF text not checked'); return; }
      throw err;
    }
    const flat = text.replace(/\s+/g, ' ');
    for (const want of ['TLP:AMBER', '11th Corps, two hops', 'Amber analyst', 'Product 7', 'The corps fought in Kursk.', 'Amber Recon Cell', 'as arranged on screen',
      "Analyst's notes", '11th Corps: Check the strength figures.']) {
      assert.ok(flat.includes(want), `the PDF lacks ${want}`);
    }
    await run('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '3', file, path.join(OUTPUT, '11th-corps-2hop-page')]);
    console.log(`kept ${file} and its first pages as PNG`);
  });

  it('sends the answers on screen: the PDF of an oversight view lists them with their weakest grades', async () => {
    await page.goto(`${server.url}/?oversight=kpa-11th-corps`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.evaluate(() => window.linkchart.whenIdle());
    const question = await page.evaluate(() => window.linkchart.state().answers.title);
    const { data } = await exportAs('pdf', { title: 'Who oversaw the 11th Corps' });
    const file = path.join(OUTPUT, 'oversight-page.pdf');
    await writeFile(file, data);
    let text;
    try {
      text = (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout.replace(/\s+/g, ' ');
    } catch (err) {
      if (err.code === 'ENOENT' && process.env.CI !== 'true') return;
      throw err;
    }
    assert.ok(text.includes(`Answers: ${question}`), `the PDF lacks the question ${question}`);
    assert.match(text, /1\. .*weakest grade [A-F][1-6]/);
  });
});
