// The dashboard in a real browser, built from a simulated database: opened from file:// (no
// server) and from the collector's /dashboard/ route (behind the admin token, with its CSP).
// No console errors, every chart has data points, the worst funnel step and the best campaign
// are the ones the analytics compute from the same events, and the lead list sorts, filters
// and searches. Screenshots (laptop and phone) go to the artifacts folder.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { BIN, WEB_ROOT, launchBrowser, screenshot, waitFor } from './harness.mjs';

const FIXTURE = process.env.INSIGHTOS_DASHBOARD_FIXTURE || resolve(BIN, '../dashboard_fixture');
const CHARTS = ['chart-clv-ratio', 'chart-lead-quality', 'chart-funnel', 'chart-roc', 'chart-calibration', 'chart-lift',
  'chart-features', 'chart-holdout'];

let dir, db, site, browser, expected;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'insightos-dashboard-'));
  db = 'sqlite:' + join(dir, 'dashboard.db');
  site = join(dir, 'site');
  const events = join(dir, 'events.ndjson');
  execFileSync(FIXTURE, ['--db', db, '--visitors', '40000', '--seed', '7', '--ndjson', events], { stdio: ['ignore', 'pipe', 'ignore'] });
  execFileSync(BIN, ['dashboard', '--db', db, '--out', site, '--first-page', '300', '--page-size', '2000',
    '--currency', 'BRL', '--locale', 'pt-BR'], { stdio: 'ignore' });
  // What the analytics compute from the same events, independently of the dashboard's SQL.
  const funnel = JSON.parse(execFileSync(BIN, ['funnel', '--events', events, '--json'], { encoding: 'utf8' }));
  const campaigns = JSON.parse(execFileSync(BIN, ['campaigns', '--events', events, '--bootstrap', '0', '--json'], { encoding: 'utf8' }));
  const best = campaigns.campaigns.filter((c) => c.value_ratio !== null).sort((a, b) => b.value_ratio - a.value_ratio)[0];
  expected = { worstStep: funnel.total.worst_step.label, bestCampaign: best.campaign };
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Opens the page and collects every console error and uncaught exception.
async function open(url, viewport) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  await page.waitForFunction(() => window.insightosDashboard !== undefined);
  return { page, errors, requests };
}

const visibleLeads = (page) => page.$$eval('#lead-spacer .lead-row', (rows) => rows
  .map((r) => ({ top: r.getBoundingClientRect().top, id: r.dataset.lead, tier: r.querySelector('.tier').textContent,
    score: r.querySelector('.score-value').textContent, email: r.querySelector('.who strong').textContent }))
  .sort((a, b) => a.top - b.top));

test('from file://: charts with data, the analytics\' worst step and best campaign, no errors', async () => {
  const { page, errors, requests } = await open(pathToFileURL(join(site, 'index.html')).href, { width: 1366, height: 900 });
  const points = await page.evaluate((ids) => Object.fromEntries(ids.map((id) => {
    const chart = window.insightosDashboard.charts[id];
    if (!chart) return [id, 0];
    const values = chart.data.datasets[0].data.filter((v) => v !== null && v !== undefined);
    return [id, values.length];
  })), CHARTS);
  for (const id of CHARTS) assert.ok(points[id] > 1, `${id} has ${points[id]} data points`);
  assert.ok(await page.$$eval('#alive-matrix td.cell', (cells) => cells.length) >= 4, 'the P(alive) matrix has cells');

  const worst = await page.$eval('[data-worst-step]', (e) => e.dataset.worstStep);
  assert.equal(worst, expected.worstStep);
  const best = await page.$eval('[data-best-campaign]', (e) => e.dataset.bestCampaign);
  assert.equal(best, expected.bestCampaign);
  // Money in the configured currency, numbers in the configured locale.
  assert.match(await page.$eval('#campaign-table tbody', (t) => t.textContent), /R\$/);

  await screenshot(page, 'dashboard-laptop');
  assert.deepEqual(errors, []);
  assert.ok(requests.every((u) => u.startsWith('file://')), 'nothing requested from the network: ' + requests.join(', '));
  await page.close();
});

test('the lead list ranks, sorts, filters, searches and loads every lead', async () => {
  const { page, errors } = await open(pathToFileURL(join(site, 'index.html')).href, { width: 1366, height: 900 });
  const total = await page.evaluate(() => window.insightosDashboard.data.leads.total);
  let rows = await visibleLeads(page);
  assert.ok(rows.length >= 5 && rows.length < 60, `a virtual list draws only what is in view (${rows.length} rows)`);
  const scores = rows.map((r) => parseFloat(r.score.replace(',', '.')));
  for (let i = 1; i < scores.length; i++) assert.ok(scores[i - 1] >= scores[i], 'ranked by score');

  // Sorting by email asks for every lead, then orders them.
  await page.selectOption('#lead-sort', 'email');
  await page.waitForFunction(() => window.insightosDashboard.leads.complete);
  await page.waitForFunction((n) => window.insightosDashboard.table.order.length === n, total);
  rows = await visibleLeads(page);
  const emails = rows.map((r) => r.email);
  assert.deepEqual(emails, [...emails].sort((a, b) => a.localeCompare(b)));

  await page.click('#tier-filter [data-tier="B"]');
  await page.waitForFunction(() => [...document.querySelectorAll('#lead-spacer .tier')].every((t) => t.textContent === 'B'));
  rows = await visibleLeads(page);
  assert.ok(rows.length > 0 && rows.every((r) => r.tier === 'B'));

  // A lead from the last page, found by its email.
  const lastLead = await page.evaluate(() => {
    const s = window.insightosDashboard.leads;
    return { email: s.emails[s.loaded - 1], id: s.ids[s.loaded - 1] };
  });
  await page.click('#tier-filter [data-tier=""]');
  await page.fill('#lead-search', lastLead.email);
  await waitFor('the search result', async () => (await visibleLeads(page)).some((r) => r.id === lastLead.id));
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a phone: one column, readable, no errors', async () => {
  const { page, errors } = await open(pathToFileURL(join(site, 'index.html')).href, { width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no sideways scrolling (${overflow}px too wide)`);
  await screenshot(page, 'dashboard-phone');
  assert.deepEqual(errors, []);
  await page.close();
});

test('from /dashboard/ behind the admin token, under its content security policy', async () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const collector = spawn(BIN, ['serve', '--db', db, '--port', String(port), '--web-root', WEB_ROOT,
    '--write-key', 'demo:wk_dashboard_test', '--admin-token', 'dashboard-admin-token', '--spool-dir', ''], {
    stdio: 'ignore', env: { ...process.env, INSIGHTOS_DASHBOARD_DIR: site },
  });
  try {
    const origin = `http://127.0.0.1:${port}`;
    await waitFor('the collector', async () => { try { return (await fetch(origin + '/healthz')).ok; } catch (e) { return false; } });
    assert.equal((await fetch(origin + '/dashboard/')).status, 401);
    const { page, errors } = await open(origin + '/dashboard/?token=dashboard-admin-token', { width: 1366, height: 900 });
    assert.equal(new URL(page.url()).search, '', 'the token leaves the address bar');
    const drawn = await page.evaluate(() => Object.keys(window.insightosDashboard.charts).length);
    assert.equal(drawn, CHARTS.length);
    await page.click('#lead-load-all');
    await page.waitForFunction(() => window.insightosDashboard.leads.complete);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    collector.kill('SIGTERM');
  }
});
