// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core.
import { chromium } from 'playwright-core';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const OUTPUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-output');

export function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && existsSync(p)) return p;
  }
  throw new Error('Chromium not found: install Debian\'s chromium (apt-get install -y chromium) or set CHROMIUM_PATH');
}

// launch starts Chromium with a fresh profile; close() removes it.
export async function launch() {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'linkchart-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() { await context.close().catch(() => {}); await rm(profile, { recursive: true, force: true }); },
  };
}

// watch records page errors, console errors and CSP violations.
export function watch(page) {
  const problems = [];
  page.on('pageerror', err => problems.push(`pageerror: ${err.message}`));
  page.on('console', msg => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  return problems;
}

export async function screenshot(page, name) {
  await mkdir(OUTPUT, { recursive: true });
  const file = path.join(OUTPUT, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`screenshot: ${file}`);
  return file;
}

// pageSession starts the server (start) and Chromium with one page before
// a suite's tests and stops both after them; the returned object's server,
// page and problems are set once the suite runs.
export function pageSession(start, { before, after }) {
  const s = { server: null, browser: null, page: null, problems: [] };
  before(async () => {
    s.server = await start();
    s.browser = await launch();
    s.page = await s.browser.context.newPage();
    s.problems = watch(s.page);
  });
  after(async () => {
    if (s.page) console.log('page problems:', s.problems);
    await s.browser?.close();
    await s.server?.stop();
  });
  return s;
}
