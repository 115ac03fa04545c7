// The demo site's funnel in a real browser: every step's event is stored with its id,
// the first-touch campaign and the context; calls made before insightos.js loads are kept;
// a navigation right after track() loses nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  UUID_V7, clearSiteData, screenshot, servePage, sleep, trackerLoaded, trackerPage, waitFor,
  useCollectorAndBrowser,
} from './harness.mjs';

let collector, browser;
useCollectorAndBrowser(async (suite) => {
  ({ collector, browser } = suite);
});

const eventsOf = (anonymousId) => collector.query(
  `SELECT message_id, type, event, user_id, anonymous_id, utm_source, utm_medium, utm_campaign, page_path, context,
          properties, sent_at, ts FROM events WHERE anonymous_id = '${anonymousId}' ORDER BY ts, id`);

test('calls made before the script loads are replayed with their own time', async () => {
  await clearSiteData(browser.context, collector);
  const page = await browser.context.newPage();
  // Hold the tracker back so the page's own calls certainly come first.
  await page.route(collector.origin + '/insightos.js', async (route) => {
    await sleep(400);
    await route.continue();
  });
  const url = await servePage(browser.context, collector, '/test/early.html', trackerPage({
    body: `<script>insightos.track('early_call', {n: 1}); window.calledAt = Date.now();
           insightos.identify('early-user', {plan: 'pro'});</script>`,
  }));
  await page.goto(url + '?utm_source=newsletter&utm_medium=email&utm_campaign=email_newsletter');
  await trackerLoaded(page);
  const anonymousId = await page.evaluate(() => insightos.status().anonymousId);
  const calledAt = await page.evaluate(() => window.calledAt);
  await page.evaluate(() => insightos.flush());
  const rows = await waitFor('3 events', () => {
    const r = eventsOf(anonymousId);
    return r.length >= 3 && r;
  });
  assert.deepEqual(rows.map((r) => r.type + ':' + (r.event ?? '')), ['page:', 'track:early_call', 'identify:']);
  const early = rows[1];
  assert.ok(Math.abs(early.ts - calledAt) < 50, `early_call stored at ${early.ts}, made at ${calledAt}`);
  assert.equal(early.utm_campaign, 'email_newsletter');
  assert.equal(rows[2].user_id, 'early-user');
  for (const r of rows) assert.match(r.message_id, UUID_V7);
  await page.close();
});

test('the demo funnel: ids, first-touch campaign, context, SPA page views', async () => {
  await clearSiteData(browser.context, collector);
  const page = await browser.context.newPage();
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  const ids = [];
  await page.goto(collector.origin + '/demo/index.html');
  await page.click('#campaign-google');  // arrive from the campaign
  await trackerLoaded(page);
  const anonymousId = await page.evaluate(() => insightos.status().anonymousId);
  await page.click('#cta');
  await page.waitForURL('**/signup.html');
  await page.fill('#name', 'Ana Souza');
  await page.fill('#email', 'ana@example.com');
  await page.fill('#company', 'Souza Ltda');
  await page.click('button[type=submit]');  // identify + user_created, then leaves at once
  await page.waitForURL('**/verify.html');
  await page.click('button[type=submit]');
  await page.waitForURL('**/app.html');
  await page.fill('#project', 'Website relaunch');
  await page.click('#project-form button');
  await page.click('text=Settings');  // SPA route change
  await page.waitForFunction(() => location.search === '?tab=settings');
  ids.push(await page.evaluate(() => insightos.track('checkout_viewed', { step: 1 })));
  await page.evaluate(() => insightos.flush());
  await page.waitForFunction(() => insightos.status().queued === 0);
  await screenshot(page, 'demo-funnel-app');

  const rows = await waitFor('the whole funnel', () => {
    const r = eventsOf(anonymousId);
    return r.some((e) => e.event === 'checkout_viewed') && r.length >= 11 && r;
  });
  const steps = rows.map((r) => r.type === 'track' ? r.event : r.type === 'page' ? 'page:' + r.page_path.split('/').pop() : r.type);
  assert.deepEqual(steps.filter((s) => !s.startsWith('page:index.html')), [
    'cta_clicked', 'page:signup.html', 'identify', 'user_created', 'page:verify.html', 'user_verified',
    'page:app.html', 'project_created', 'page:app.html', 'checkout_viewed']);
  // Every event once, with a UUIDv7 made in the browser.
  assert.equal(new Set(rows.map((r) => r.message_id)).size, rows.length);
  for (const r of rows) assert.match(r.message_id, UUID_V7);
  assert.equal(rows.find((r) => r.event === 'checkout_viewed').message_id, ids[0]);
  // The campaign of the first touch stays with the visitor through sign-up.
  const landing = rows.findIndex((r) => r.utm_campaign === 'google_gestao_agil');
  for (const r of rows.slice(landing)) {
    assert.equal(r.utm_campaign, 'google_gestao_agil', r.event ?? r.type);
    assert.equal(r.utm_source, 'google');
  }
  const created = rows.find((r) => r.event === 'user_created');
  assert.match(created.user_id, /^user_\d+$/);
  assert.equal(rows.find((r) => r.event === 'project_created').user_id, created.user_id);
  const context = JSON.parse(created.context);
  assert.equal(context.library.name, 'insightos.js');
  assert.equal(context.page.path, '/demo/signup.html');
  assert.ok(context.userAgent.includes('Chrome'));
  assert.ok(context.locale && context.timezone && context.screen.width > 0);
  assert.ok(context.sessionId > 0);
  assert.equal(new Set(rows.map((r) => JSON.parse(r.context).sessionId)).size, 1, 'one session');
  const spa = rows.filter((r) => r.type === 'page').pop();
  assert.equal(JSON.parse(spa.properties).search, '?tab=settings');
  for (const r of rows) assert.ok(r.sent_at > 0, 'sentAt set at send time');
  assert.deepEqual(warnings, []);
  assert.equal(collector.query('SELECT COUNT(*) AS n FROM rejected_events')[0].n, 0);
  await page.close();
});

test('navigating away right after track() loses nothing', async () => {
  await clearSiteData(browser.context, collector);
  const page = await browser.context.newPage();
  const url = await servePage(browser.context, collector, '/test/leave.html', trackerPage({
    attrs: { 'flush-interval': '60000' },
  }));
  await page.goto(url);
  await trackerLoaded(page);
  // Tracked and gone in the same task: only the pagehide path can deliver it, and the
  // next page has no tracker that could send it later.
  const id = await page.evaluate(() => {
    const messageId = insightos.track('outbound_click', { to: 'partner' });
    location.href = 'about:blank';
    return messageId;
  });
  await page.waitForURL('about:blank');
  const rows = await waitFor('the event sent on unload', () => {
    const r = collector.query(`SELECT message_id FROM events WHERE message_id = '${id}'`);
    return r.length && r;
  }, 10000);
  assert.equal(rows.length, 1);
  await page.close();
});
