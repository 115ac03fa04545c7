// Delivery under failure, in a real browser against a real collector: offline periods,
// the collector stopped and restarted (same port), a real 429 and a 503 with Retry-After, and a 400
// that must not be retried. Every event must end up stored exactly once, or - for the
// 400 - dropped for good.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import {
  clearSiteData, servePage, sleep, startCollector, trackerLoaded, trackerPage, waitFor,
  useCollectorAndBrowser,
} from './harness.mjs';

let collector, browser, url;
useCollectorAndBrowser(async (suite) => {
  ({ collector, browser } = suite);
  url = await servePage(browser.context, collector, '/test/resilience.html', trackerPage());
});
beforeEach(() => clearSiteData(browser.context, collector));

const stored = (ids) => collector.query(
  `SELECT message_id, COUNT(*) AS n FROM events WHERE message_id IN (${ids.map((i) => `'${i}'`).join(',')})
   GROUP BY message_id`);
const trackMany = (page, name, n) => page.evaluate(([name, n]) =>
  Array.from({ length: n }, (_, i) => insightos.track(name, { i })), [name, n]);
const batchRequests = (page) => {
  const seen = [];
  page.on('request', (r) => r.url().includes('/v1/batch') && seen.push({ at: Date.now(), body: r.postData() }));
  return seen;
};

test('offline, then online: every event arrives exactly once', async () => {
  const page = await browser.context.newPage();
  await page.goto(url);
  await trackerLoaded(page);
  await browser.context.setOffline(true);
  const ids = await trackMany(page, 'offline_event', 12);
  await sleep(1500);  // a flush fails, a retry is scheduled
  assert.equal(stored(ids).length, 0);
  const persisted = await page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('insightos.queue.')).map((k) => JSON.parse(localStorage[k]).events.length));
  assert.ok(persisted.reduce((a, b) => a + b, 0) >= 12, 'the queue is in localStorage: ' + persisted);
  await browser.context.setOffline(false);
  const rows = await waitFor('all 12 events', () => stored(ids).length === 12 && stored(ids));
  assert.ok(rows.every((r) => r.n === 1));
  await page.waitForFunction(() => insightos.status().queued === 0);
  await page.close();
});

test('collector down, page reloaded, collector back: every event arrives exactly once', async () => {
  const page = await browser.context.newPage();
  await page.goto(url);
  await trackerLoaded(page);
  await collector.stop();
  const ids = await trackMany(page, 'outage_event', 5);
  await sleep(800);  // the first attempt fails (connection refused)
  assert.equal(await page.evaluate(() => insightos.status().queued >= 5), true);
  await collector.start();
  // The reload's new page adopts the stored queue; the old page may also get its retry out
  // before it goes: the collector keeps one copy of each id either way.
  await page.reload();
  await trackerLoaded(page);
  await page.evaluate(() => insightos.flush());
  const rows = await waitFor('all 5 events', () => stored(ids).length === 5 && stored(ids));
  assert.ok(rows.every((r) => r.n === 1));
  await page.waitForFunction(() => insightos.status().queued === 0, null, { timeout: 10000 });
  await page.close();
});

// A real 429: a second collector limited to one request every 2 s per address. The page
// view takes the only token; the tracked batch gets 429 with Retry-After from the collector.
test('a real 429 from the collector is honoured with its Retry-After', async () => {
  const limited = await startCollector(['--rate-limit-per-address', '0.5']);
  try {
    const limitedUrl = await servePage(browser.context, limited, '/test/limited.html', trackerPage());
    const page = await browser.context.newPage();
    const answers = [];
    page.on('response', (r) => r.url().includes('/v1/batch') &&
      answers.push({ at: Date.now(), status: r.status(), retryAfter: r.headers()['retry-after'] }));
    await page.goto(limitedUrl);
    await trackerLoaded(page);
    await waitFor('the page view', () => answers.some((a) => a.status === 200), 10000);
    const ids = await trackMany(page, 'rate_limited_event', 3);
    await page.evaluate(() => insightos.flush());
    const rows = () => limited.query(`SELECT message_id, COUNT(*) AS n FROM events WHERE message_id IN
      (${ids.map((i) => `'${i}'`).join(',')}) GROUP BY message_id`);
    await waitFor('the retried batch', () => rows().length === 3, 15000);
    const refused = answers.find((a) => a.status === 429);
    assert.ok(refused, 'the collector answered 429');
    const retryAfter = Number(refused.retryAfter);
    assert.ok(retryAfter >= 1, `Retry-After ${refused.retryAfter}`);
    const next = answers.find((a) => a.at > refused.at);
    assert.ok(next.at - refused.at >= retryAfter * 1000 - 50, `retried ${next.at - refused.at} ms later`);
    assert.ok(rows().every((r) => r.n === 1));
    await page.close();
  } finally {
    await limited.close();
  }
});

// A 503 needs a database that cannot be written and no spool to fall back on, which a
// SQLite collector cannot produce on demand in a test; a route in front of the real
// collector answers the first batch with it, later ones reach the collector.
test('a 503 with Retry-After: 2 is honoured', async () => {
  const status = 503;
  const retryAfter = 2;
  const page = await browser.context.newPage();
  const attempts = [];
  await page.route('**/v1/batch?*', (route) => {
    attempts.push(Date.now());
    if (attempts.length === 1) {
      return route.fulfill({ status, headers: { 'Retry-After': String(retryAfter) }, body: '{"error":"later"}' });
    }
    return route.continue();
  });
  await page.goto(url);
  await trackerLoaded(page);
  const ids = await trackMany(page, 'retry_after_event', 3);
  await waitFor('the retried batch', () => stored(ids).length === 3, 10000);
  assert.ok(attempts.length >= 2);
  const gap = attempts[1] - attempts[0];
  assert.ok(gap >= retryAfter * 1000, `retried after ${gap} ms, asked to wait ${retryAfter} s`);
  assert.ok(gap < retryAfter * 1000 + 1500, `retried after ${gap} ms, not promptly after ${retryAfter} s`);
  assert.ok(stored(ids).every((r) => r.n === 1));
  await page.close();
});

test('a 400 is not retried: the batch is dropped and later events still flow', async () => {
  const page = await browser.context.newPage();
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  let refused = 0;
  await page.route('**/v1/batch?*', (route) => {
    if (route.request().postData().includes('refused_event')) {
      refused++;
      return route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":"bad request"}' });
    }
    return route.continue();
  });
  await page.goto(url, { waitUntil: 'load' });
  await trackerLoaded(page);
  await page.evaluate(() => insightos.flush());
  await sleep(300);  // let the page view go first, alone
  const [bad] = await trackMany(page, 'refused_event', 1);
  await waitFor('the 400', () => refused === 1);
  const good = await trackMany(page, 'accepted_event', 2);
  await waitFor('the later events', () => stored(good).length === 2);
  await sleep(2500);  // long enough for any retry of the refused batch
  assert.equal(refused, 1, 'the refused batch was sent again');
  assert.equal(stored([bad]).length, 0);
  const status = await page.evaluate(() => insightos.status());
  assert.equal(status.queued, 0);
  assert.ok(status.dropped >= 1);
  assert.ok(warnings.some((w) => w.includes('HTTP 400')), warnings.join('\n'));
  await page.close();
});
