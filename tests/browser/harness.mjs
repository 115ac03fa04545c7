// What the browser tests share: a real collector (`insightos serve` on a free loopback
// port, a fresh migrated SQLite database, the built web root), Debian's Chromium driven by
// playwright-core with a fresh profile, the database read back with the sqlite3 CLI, and
// test pages served on the collector's own origin.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.INSIGHTOS_BIN || join(repo, 'build/bin/insightos');
export const WEB_ROOT = process.env.INSIGHTOS_WEB_ROOT || join(repo, 'build/web');
export const ARTIFACTS = process.env.INSIGHTOS_ARTIFACTS_DIR || join(repo, 'build/test-artifacts/browser');
export const WRITE_KEY = 'wk_demo_public';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what, check, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await sleep(100);
  }
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// A collector on its own database. stop() and start() restart it on the same port (the
// tracker must notice the outage and recover).
export async function startCollector(extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'insightos-browser-'));
  const db = join(dir, 'events.db');
  execFileSync(BIN, ['migrate', '--db', 'sqlite:' + db], { stdio: 'ignore' });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let child = null;
  const collector = {
    port, origin, db,
    async start() {
      // Each collector has its own spool: a spool directory is locked by the collector using it.
      child = spawn(BIN, ['serve', '--db', 'sqlite:' + db, '--port', String(port), '--web-root', WEB_ROOT,
        '--spool-dir', join(dir, 'spool'), '--write-key', `demo:${WRITE_KEY}@${origin}`, ...extraArgs],
      { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise((r) => child.once('exit', r));
      collector.exited = exited;
      await waitFor('the collector on ' + origin + ' ' + stderr, async () => {
        try {
          return (await fetch(origin + '/healthz')).ok;
        } catch (e) {
          return false;
        }
      }, 10000);
    },
    async stop() {
      if (!child) return;
      child.kill('SIGTERM');
      await collector.exited;
      child = null;
    },
    // Rows of a query against the collector's database.
    query(sql) {
      const out = execFileSync('sqlite3', ['-json', db, sql], { encoding: 'utf8' });
      return out.trim() ? JSON.parse(out) : [];
    },
    async close() {
      await collector.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await collector.start();
  return collector;
}

// Chromium from Debian with a fresh profile; never a downloaded browser.
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'insightos-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

// A page served on the collector's origin by the test itself (through a route), with the
// snippet stub and the tracker script tag. attrs: extra data-* attributes of the tag.
export function trackerPage({ attrs = {}, head = '', body = '', scriptSrc = '/insightos.js' } = {}) {
  const data = Object.entries({ 'write-key': WRITE_KEY, 'flush-interval': '200', ...attrs })
    .map(([k, v]) => ` data-${k}="${v}"`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>tracker test</title>${head}
<script>window.insightos=window.insightos||[];["track","identify","page","reset","consent","flush","ready","score"].forEach(function(m){insightos[m]=insightos[m]||function(){insightos.push([m,[].slice.call(arguments),Date.now()])}})</script>
<script src="${scriptSrc}"${data} async></script></head><body>${body}</body></html>`;
}

// Serves html at path on the collector's origin for this browser context.
export async function servePage(context, collector, path, html, headers = {}) {
  const origin = new URL(collector.origin);
  await context.route((url) => url.host === origin.host && url.pathname === path, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', headers: { 'Cache-Control': 'no-store', ...headers }, body: html }));
  return collector.origin + path;
}

// Resolves once insightos.js has replaced the stub.
export function trackerLoaded(page) {
  return page.waitForFunction(() => window.insightos && !Array.isArray(window.insightos));
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name + '.png'), fullPage: true });
}

// Forgets everything the tracker keeps in this browser (between tests sharing a profile).
export async function clearSiteData(context, collector) {
  await context.clearCookies();
  const page = await context.newPage();
  await page.route(collector.origin + '/blank', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '' }));
  await page.goto(collector.origin + '/blank');
  await page.evaluate(() => localStorage.clear());
  await page.close();
}

export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// One collector and one browser for a test file, started before the first test (then
// setup({collector, browser}) runs) and closed after the last. Node 20 starts root-level
// before() hooks without waiting for each other, so a file's own setup goes through here.
export function useCollectorAndBrowser(setup) {
  const suite = {};
  before(async () => {
    suite.collector = await startCollector();
    suite.browser = await launchBrowser();
    if (setup) await setup(suite);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.collector?.close();
  });
  return suite;
}
