// One server + Chromium page per test file: session() registers the
// before/after hooks and returns accessors for the tests.
import { before, after } from 'node:test';
import { startServer } from './server.mjs';
import { launch, watch } from './browser.mjs';

export function session({ serverOptions } = {}) {
  const s = { server: null, browser: null, page: null, problems: [] };
  before(async () => {
    s.server = await startServer(serverOptions);
    s.browser = await launch();
    s.page = await s.browser.context.newPage();
    s.problems = watch(s.page);
  });
  after(async () => {
    console.log('page problems:', s.problems);
    await s.browser?.close();
    await s.server?.stop();
  });
  s.idle = () => s.page.evaluate(() => window.linkchart.whenIdle());
  // open loads the page at query and waits until it is ready and idle.
  s.open = async (query = '') => {
    await s.page.goto(`${s.server.url}/${query}`);
    await s.page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await s.idle();
  };
  return s;
}
