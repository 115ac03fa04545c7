// Consent, Do-Not-Track, a CSP that forbids WebAssembly, and validation by the WebAssembly
// core once it has loaded - in a real browser against a real collector.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import {
  clearSiteData, screenshot, servePage, sleep, trackerLoaded, trackerPage, waitFor,
  useCollectorAndBrowser,
} from './harness.mjs';

let collector, browser;
useCollectorAndBrowser(async (suite) => {
  ({ collector, browser } = suite);
});
beforeEach(() => clearSiteData(browser.context, collector));

const count = (event) => collector.query(`SELECT COUNT(*) AS n FROM events WHERE event = '${event}'`)[0].n;
const siteData = (page) => page.evaluate(() => ({
  keys: Object.keys(localStorage).filter((k) => k.startsWith('insightos')),
  cookie: document.cookie,
}));
const watchBatches = (page) => {
  const sent = [];
  page.on('request', (r) => r.url().includes('/v1/batch') && sent.push(r.url()));
  return sent;
};

test('consent pending: nothing stored or sent; granted: what was captured is sent', async () => {
  const page = await browser.context.newPage();
  const sent = watchBatches(page);
  const url = await servePage(browser.context, collector, '/test/consent.html', trackerPage({ attrs: { consent: 'pending' } }));
  await page.goto(url);
  await trackerLoaded(page);
  await page.evaluate(() => {
    insightos.track('before_consent', { a: 1 });
    insightos.flush();
  });
  await sleep(1000);
  assert.deepEqual(sent, []);
  assert.deepEqual(await siteData(page), { keys: [], cookie: '' });
  assert.equal(count('before_consent'), 0);

  await page.evaluate(() => insightos.consent(true));
  await waitFor('the events captured before consent', () => count('before_consent') === 1);
  const data = await siteData(page);
  assert.ok(data.keys.includes('insightos.aid'), data.keys.join());
  assert.match(data.cookie, /insightos_aid=/);
  // The page view made before consent went too.
  const anonymousId = await page.evaluate(() => insightos.status().anonymousId);
  assert.equal(collector.query(`SELECT COUNT(*) AS n FROM events WHERE type = 'page' AND anonymous_id = '${anonymousId}'`)[0].n, 1);
  await page.close();
});

test('consent refused: what was captured is discarded, nothing stored or sent', async () => {
  const page = await browser.context.newPage();
  const sent = watchBatches(page);
  const url = await servePage(browser.context, collector, '/test/consent-no.html', trackerPage({ attrs: { consent: 'pending' } }));
  await page.goto(url);
  await trackerLoaded(page);
  await page.evaluate(() => {
    insightos.track('refused_consent');
    insightos.consent(false);
    insightos.track('after_refusal');
    insightos.flush();
  });
  await page.evaluate(() => dispatchEvent(new Event('pagehide')));
  await sleep(800);
  assert.deepEqual(sent, []);
  assert.deepEqual(await siteData(page), { keys: [], cookie: '' });
  assert.equal(await page.evaluate(() => insightos.status().queued), 0);
  await page.close();
});

test('Do-Not-Track respected when the site asks for it', async () => {
  const page = await browser.context.newPage();
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }));
  const sent = watchBatches(page);
  const url = await servePage(browser.context, collector, '/test/dnt.html', trackerPage({ attrs: { dnt: 'respect' } }));
  await page.goto(url);
  await trackerLoaded(page);
  assert.equal(await page.evaluate(() => insightos.track('dnt_event')), undefined);
  await page.evaluate(() => insightos.flush());
  await sleep(600);
  assert.deepEqual(sent, []);
  assert.deepEqual(await siteData(page), { keys: [], cookie: '' });
  await page.close();
});

test('a CSP without wasm-unsafe-eval blocks the core, and events are still delivered', async () => {
  const page = await browser.context.newPage();
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  const url = await servePage(browser.context, collector, '/test/csp.html', trackerPage(), {
    'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src 'self'",
  });
  await page.goto(url);
  await trackerLoaded(page);
  const core = await page.evaluate(() => insightos.ready().then(() => insightos.status().core));
  assert.equal(core, 'unavailable');
  assert.ok(warnings.some((w) => w.includes('no WebAssembly core') && /wasm-unsafe-eval|WebAssembly/.test(w)), warnings.join('\n'));
  await page.evaluate(() => {
    insightos.track('csp_event', { blocked: 'wasm' });
    insightos.flush();
  });
  await waitFor('the event sent without the core', () => count('csp_event') === 1);
  await screenshot(page, 'csp-without-wasm');
  await page.close();
});

test('with the core loaded, an event the collector would reject is dropped in the browser', async () => {
  const page = await browser.context.newPage();
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  const url = await servePage(browser.context, collector, '/test/core.html', trackerPage());
  await page.goto(url);
  await trackerLoaded(page);
  assert.equal(await page.evaluate(() => insightos.ready().then(() => insightos.status().core)), 'ready');
  const before = collector.query('SELECT COUNT(*) AS n FROM rejected_events')[0].n;
  await page.evaluate(() => {
    insightos.track('x'.repeat(201));  // over the 200-character name limit
    insightos.track('valid_after_invalid');
    insightos.flush();
  });
  await waitFor('the valid event', () => count('valid_after_invalid') === 1);
  assert.equal(collector.query('SELECT COUNT(*) AS n FROM rejected_events')[0].n, before, 'nothing reached the collector');
  assert.ok(warnings.some((w) => w.includes('invalid event: event is 201 characters long, over the limit of 200')),
    warnings.join('\n'));
  await page.close();
});
