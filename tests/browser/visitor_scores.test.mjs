// On-page scoring parity in Chromium: insightos.score() on a real page, with the model a real
// collector serves from its database (GET /v1/model?format=compact) and the visitor's
// history, traits and first-touch campaign as the tracker keeps them in localStorage, gives
// the native core's scores (native_visitor_scores, run just before) within 1e-9.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertSameScore, parityInputs } from '../wasm/score_parity.mjs';
import { clearSiteData, launchBrowser, servePage, startCollector, trackerLoaded, trackerPage } from './harness.mjs';

const { native, visitors } = parityInputs();
let browser;
before(async () => (browser = await launchBrowser()));
after(async () => browser?.close());

const sql = (text) => "'" + text.replace(/'/g, "''") + "'";
function publish(collector, model) {
  collector.query(`INSERT INTO models (version, kind, model_json, trained_at, is_current) VALUES
    (${sql(model.version)}, ${sql(model.model.kind)}, ${sql(JSON.stringify(model.model))}, 0, 1)`);
}

// Loads the tracker (no automatic page view: it would add to the history) for a visitor
// whose stored state is set first, and resolves insightos.score() at the fixture's time.
async function scoreInBrowser(collector, visitor) {
  await clearSiteData(browser.context, collector);
  const page = await browser.context.newPage();
  await page.route(collector.origin + '/blank', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '' }));
  await page.goto(collector.origin + '/blank');
  await page.evaluate((v) => {
    localStorage.setItem('insightos.history', JSON.stringify(v.history));
    localStorage.setItem('insightos.traits', JSON.stringify(v.traits));
    if (v.campaign) localStorage.setItem('insightos.first', JSON.stringify({ campaign: { name: v.campaign }, ts: 0 }));
  }, visitor);
  const modelRequests = [];
  page.on('response', (r) => r.url().includes('/v1/model') && modelRequests.push([r.url(), r.status()]));
  await page.goto(await servePage(browser.context, collector, '/test/score.html', trackerPage({ attrs: { 'auto-page': 'false' } })));
  await trackerLoaded(page);
  const score = await page.evaluate((at) => insightos.score({ at }), visitor.at);
  await page.close();
  return { score, modelRequests };
}

test('without a published model score() resolves null', async () => {
  const collector = await startCollector();
  try {
    const { score, modelRequests } = await scoreInBrowser(collector, visitors[1]);
    assert.equal(score, null);
    assert.deepEqual(modelRequests.map(([, status]) => status), [404]);
  } finally {
    await collector.close();
  }
});

for (const model of native.models) {
  test(`insightos.score() in Chromium equals the native score: ${model.version}`, async () => {
    const collector = await startCollector();
    try {
      publish(collector, model);
      for (const [i, visitor] of visitors.entries()) {
        const { score, modelRequests } = await scoreInBrowser(collector, visitor);
        assertSameScore(score, model.visitors[i], model.version + ' / ' + visitor.name);
        assert.ok(modelRequests.length <= 1 && modelRequests.every(([url]) => url.endsWith('/v1/model?format=compact')));
      }
    } finally {
      await collector.close();
    }
  });
}
