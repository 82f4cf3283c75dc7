// End-to-end tests of the time bar and the map (issue 18) against the real
// binary with the seed dataset, in headless Chromium: brushing a window
// changes what is shown and the URL, playback steps, the map draws the
// gazetteer's places where they are with arcs for the transport, and the
// selection is shared between the map, the chart and the time bar.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer } from './server.mjs';
import { pageSession, screenshot } from './browser.mjs';

let session, page;

const idle = () => page.evaluate(() => window.linkchart.whenIdle());
const nodes = () => page.evaluate(() => window.linkchart.nodes());
const edges = () => page.evaluate(() => window.linkchart.edges());
const filters = () => page.evaluate(() => window.linkchart.state().filters);
const mapPoints = () => page.evaluate(() => window.linkchart.map());
const mapArcs = () => page.evaluate(() => window.linkchart.mapArcs());
const query = () => page.evaluate(() => Object.fromEntries(new URLSearchParams(window.location.search)));

async function open(q = '') {
  page = session.page;
  await page.goto(`${session.server.url}/${q}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await idle();
}

// brush drags across the histogram from month a to month b.
async function brush(a, b) {
  const box = async m => page.locator(`#tb-hist rect.bar[data-month="${m}"]`).boundingBox();
  const ra = await box(a), rb = await box(b);
  assert.ok(ra && rb, `months ${a} and ${b} are on the time bar`);
  await page.mouse.move(ra.x + ra.width / 2, ra.y + 2);
  await page.mouse.down();
  await page.mouse.move(rb.x + rb.width / 2, rb.y + 2, { steps: 5 });
  await page.mouse.up();
  await idle();
}

// The seed's known cities (GeoNames) and what the map must draw.
const CITIES = {
  chongjin: [129.78, 41.80],
  hamhung: [127.54, 39.92],
  vladivostok: [131.87, 43.11],
};

describe('time bar and map', () => {
  session = pageSession(startServer, { before, after });

  it('brushing a window fades what does not hold in it and writes the URL', async () => {
    await open('?focus=nk-forces-in-russia');
    const bars = await page.locator('#tb-hist rect.bar').count();
    assert.ok(bars >= 24, `the histogram has ${bars} months`);
    const total = await page.locator('#tb-hist rect.bar').evaluateAll(rs => rs.reduce((s, r) => s + Number(r.dataset.count), 0));
    assert.ok(total > 0, 'some relations in view are dated');
    // the histogram counts what the filters show: none when every marking is hidden
    await page.evaluate(() => { for (const c of document.querySelectorAll('#filter-markings input')) if (c.checked) c.click(); });
    await idle();
    const none = await page.locator('#tb-hist rect.bar').evaluateAll(rs => rs.reduce((s, r) => s + Number(r.dataset.count), 0));
    assert.equal(none, 0, 'no bar for relations the filters hide');
    await page.evaluate(() => { for (const c of document.querySelectorAll('#filter-markings input')) if (!c.checked) c.click(); });
    await idle();
    // Before the transports (2024-10): the embarkation and arrival relations do not hold.
    await brush('2023-01', '2024-06');
    const f = await filters();
    assert.deepEqual([f.fromDate, f.toDate, f.asOf], ['2023-01', '2024-06', '']);
    const q = await query();
    assert.equal(q.from_date, '2023-01');
    assert.equal(q.to_date, '2024-06');
    assert.equal(q.focus, 'nk-forces-in-russia', 'the view stays in the URL');
    const e = new Map((await edges()).map(x => [x.id, x]));
    const arrived = [...e.values()].find(x => x.type === 'ARRIVED_AT');
    assert.ok(arrived && arrived.faded, 'ARRIVED_AT (2024-10) is faded before October 2024');
    // "hide the others" hides the nodes none of whose relations holds.
    await page.check('#asof-hide');
    await idle();
    const kept = await page.locator('#tb-hist rect.bar').evaluateAll(rs => rs.reduce((s, r) => s + Number(r.dataset.count), 0));
    assert.equal(kept, total, 'hiding by the window does not shrink the histogram');
    const hidden = (await nodes()).filter(n => !n.shown).map(n => n.id);
    // Chongjin's one relation in view is the embarkation of 2024-10;
    // Vladivostok is also LOCATED_IN Russia, undated, which holds.
    assert.ok(hidden.includes('chongjin'), `chongjin hidden in 2023-01…2024-06 (hidden: ${hidden})`);
    assert.ok(!hidden.includes('vladivostok') && !hidden.includes('nk-forces-in-russia'), `vladivostok and the forces stay (hidden: ${hidden})`);
    await screenshot(page, 'timebar-window');
    await page.uncheck('#asof-hide');
    // October 2024: the transports hold.
    await brush('2024-10', '2024-10');
    const g = await filters();
    assert.equal(g.asOf, '2024-10', 'a click is as of one month');
    assert.equal((await query()).as_of, '2024-10');
    assert.equal((await query()).from_date, undefined);
    const arrived2 = (await edges()).find(x => x.type === 'ARRIVED_AT');
    assert.ok(!arrived2.faded, 'ARRIVED_AT holds as of 2024-10');
  });

  it('restores the window from the URL and plays through time step by step', async () => {
    await open('?focus=nk-forces-in-russia&from_date=2024-10&to_date=2024-12');
    let f = await filters();
    assert.deepEqual([f.fromDate, f.toDate], ['2024-10', '2024-12'], 'window restored from the URL');
    assert.match(await page.locator('#tb-label').textContent(), /2024-10 – 2024-12/);
    await page.click('#tb-clear');
    await page.selectOption('#tb-unit', 'quarter');
    await page.click('#tb-step');
    await idle();
    f = await filters();
    const months = await page.evaluate(() => window.linkchart.state().months);
    assert.equal(f.fromDate, months[0], 'the first step starts at the first month');
    const first = f.fromDate;
    await page.click('#tb-step');
    await idle();
    f = await filters();
    const [y, m] = first.split('-').map(Number);
    const next = `${y + Math.floor((m + 2) / 12)}-${String(((m + 2) % 12) + 1).padStart(2, '0')}`;
    assert.equal(f.fromDate, next, 'a step moves the window one quarter');
    assert.equal((await query()).from_date, next);
    // Play moves on by itself, then Pause stops it.
    await page.click('#tb-play');
    await page.waitForFunction(prev => window.linkchart.state().filters.fromDate > prev, next, { timeout: 5000 });
    await page.click('#tb-play');
    const stopped = (await filters()).fromDate;
    await page.waitForTimeout(1200);
    assert.equal((await filters()).fromDate, stopped, 'pause stops playback');
  });

  it('draws the located places at their coordinates with arcs for the transports', async () => {
    await open('?focus=nk-forces-in-russia');
    await page.click('#tb-map');
    await idle();
    await page.waitForFunction(() => window.linkchart.map().length > 0);
    const pts = new Map((await mapPoints()).map(p => [p.id, p]));
    for (const [id, [lon, lat]] of Object.entries(CITIES)) {
      const p = pts.get(id);
      assert.ok(p, `${id} on the map`);
      assert.ok(Math.abs(p.lon - lon) < 1 && Math.abs(p.lat - lat) < 1, `${id} at ${p.lon}, ${p.lat}`);
    }
    for (const id of ['musudan', 'eastern-military-district', 'sergievsky-training-ground']) {
      assert.ok(!pts.has(id), `${id} has no gazetteer coordinates and is not drawn`);
    }
    // Pixels follow the projection: Vladivostok east and north of Hamhung.
    assert.ok(pts.get('vladivostok').x > pts.get('hamhung').x && pts.get('vladivostok').y < pts.get('hamhung').y);
    // Inside the map's box.
    const box = await page.locator('#map').boundingBox();
    for (const p of pts.values()) assert.ok(p.x >= 0 && p.x <= box.width && p.y >= 0 && p.y <= box.height, `${p.id} inside the map`);
    const arcs = await mapArcs();
    const moves = arcs.filter(a => a.type === 'movement' && a.via === 'nk-forces-in-russia').map(a => `${a.from}>${a.to}`).sort();
    assert.deepEqual(moves, ['chongjin>vladivostok', 'hamhung>vladivostok'], 'the transport from the departure points to Vladivostok');
    const drawn = await page.locator('#map path.arc').count();
    assert.equal(drawn, arcs.length);
    await screenshot(page, 'map-transport');
    // The deployment: the 11th Corps, BASED_IN Tokchon, is placed there,
    // and its deployment to Kursk Oblast (GeoNames 538560, drawn at its
    // administrative centre) is an arc from Tokchon to Kursk.
    await page.evaluate(() => window.linkchart.addIds(['kpa-11th-corps', 'tokchon', 'kursk-oblast']));
    await idle();
    await page.waitForFunction(() => window.linkchart.map().some(p => p.id === 'kpa-11th-corps'));
    const placed = await mapPoints();
    const corps = placed.find(p => p.id === 'kpa-11th-corps');
    assert.equal(corps.place, 'tokchon');
    assert.ok(Math.abs(corps.lon - 126.26) < 1 && Math.abs(corps.lat - 39.75) < 1);
    const kursk = placed.find(p => p.id === 'kursk-oblast');
    assert.ok(kursk && Math.abs(kursk.lon - 36.18) < 1 && Math.abs(kursk.lat - 51.73) < 1, 'Kursk Oblast at its administrative centre');
    const deployed = (await mapArcs()).filter(a => a.type === 'DEPLOYED_TO' && a.to === 'kursk-oblast').map(a => a.from);
    assert.ok(deployed.includes('kpa-11th-corps'), `the corps' deployment to Kursk is an arc (${deployed})`);
    const mapBox = await page.locator('#map').boundingBox();
    for (const p of placed) assert.ok(p.x >= 0 && p.x <= mapBox.width && p.y >= 0 && p.y <= mapBox.height, `${p.id} inside the map`);
    // The map follows the window: before October 2024 the transport arcs fade.
    await brush('2023-01', '2024-06');
    const faded = (await mapArcs()).filter(a => a.type === 'movement');
    assert.ok(faded.length === 2 && faded.every(a => a.faded), 'transport arcs faded before 2024-10');
    // The view exports as GeoJSON from the page.
    await page.selectOption('#export-format', 'geojson');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export').then(() => page.click('#export-go'))]);
    const fc = JSON.parse(await readFile(await dl.path(), 'utf8'));
    assert.equal(fc.type, 'FeatureCollection');
    const chongjin = fc.features.find(f => f.id === 'chongjin');
    assert.deepEqual(chongjin.geometry, { type: 'Point', coordinates: [129.77583, 41.79556] });
  });

  it('with nothing located the map stays shut, says so and leaves the chart whole', async () => {
    await open('?focus=kim-yong-bok');
    const full = (await page.locator('#cy').boundingBox()).width;
    await page.click('#tb-map');
    await idle();
    await page.locator('#map-empty').waitFor();
    assert.match(await page.locator('#map-empty').textContent(), /nothing in this view is located/);
    assert.equal(await page.locator('#map').isVisible(), false, 'no bare basemap');
    assert.equal(await page.getAttribute('#tb-map', 'aria-pressed'), 'true');
    assert.ok((await page.locator('#cy').boundingBox()).width >= full - 1, 'the chart keeps its width');
    await screenshot(page, 'map-nothing-located');
    // A located place brought into view opens the map.
    await page.evaluate(() => window.linkchart.addIds(['vladivostok']));
    await idle();
    await page.waitForFunction(() => window.linkchart.map().some(p => p.id === 'vladivostok'));
    assert.equal(await page.locator('#map').isVisible(), true);
    assert.equal(await page.locator('#map-empty').isVisible(), false);
    await page.click('#tb-map');
    assert.equal(await page.locator('#map').isVisible(), false);
    assert.equal(await page.locator('#map-empty').isVisible(), false);
  });

  it('shares the selection between the map, the chart and the time bar', async () => {
    await open('?focus=nk-forces-in-russia');
    await page.click('#tb-map');
    await idle();
    await page.waitForFunction(() => window.linkchart.map().some(p => p.id === 'vladivostok'));
    await page.click('#map g.pt[data-id="vladivostok"] circle', { force: true });
    await idle();
    const sel = (await nodes()).filter(n => n.selected).map(n => n.id);
    assert.deepEqual(sel, ['vladivostok'], 'a click on the map selects in the chart');
    assert.ok((await mapPoints()).find(p => p.id === 'vladivostok').selected);
    const marked = await page.locator('#tb-hist rect.bar.sel').evaluateAll(rs => rs.map(r => r.dataset.month));
    assert.ok(marked.includes('2024-10'), `the time bar marks the selected place's relation months (${marked.slice(0, 3)}…)`);
    await page.evaluate(() => window.linkchart.select('chongjin'));
    await idle();
    const pts = await mapPoints();
    assert.ok(pts.find(p => p.id === 'chongjin').selected && !pts.find(p => p.id === 'vladivostok').selected, 'a chart selection shows on the map');
    await screenshot(page, 'map-selection');
    assert.deepEqual(session.problems, [], 'no page error, console error or CSP violation');
  });
});
