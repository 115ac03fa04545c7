// SPEC §12 P4: the tracker's download size and the cost of track() in Chromium, each next
// to a baseline measured in the same run.
//   sizes: gzip -9 of the initial script, and of everything a page ends up loading
//          (insightos.js + the core's loader + .wasm), against the bars (5 KB, 30 KB);
//   speed: median cost of one track() call in headless Debian Chromium, against the
//          least a tracker can do (push the event object, JSON.stringify it).
// usage: node bench/tracker_size_speed.mjs   (after scripts/build.sh; or the bench_tracker target)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WEB_ROOT, launchBrowser, servePage, startCollector, trackerLoaded, trackerPage } from '../tests/browser/harness.mjs';

const KB = 1024;
const gz = (file) => gzipSync(readFileSync(join(WEB_ROOT, file)), { level: 9 }).length;
const manifest = JSON.parse(readFileSync(join(WEB_ROOT, 'build-manifest.json'), 'utf8'));
const sizes = { initial: gz('insightos.js'), loader: gz(manifest.coreJs), wasm: gz(manifest.coreWasm) };
sizes.total = sizes.initial + sizes.loader + sizes.wasm;

const collector = await startCollector();
const browser = await launchBrowser();
let speed;
try {
  // Cross-origin isolation gives performance.now() 5 us resolution instead of 100 us.
  const url = await servePage(browser.context, collector, '/bench/track.html', trackerPage({ attrs: { 'flush-interval': '5000' } }), {
    'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp',
  });
  const page = await browser.context.newPage();
  await page.goto(url);
  await trackerLoaded(page);
  speed = await page.evaluate(async () => {
    await insightos.ready();
    const props = { plan: 'pro', seats: 3, source: 'pricing_page' };
    const ROUNDS = 400;
    const PER_ROUND = 10;  // one batch: the queue stays as small as in real use
    const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const pause = () => new Promise((r) => setTimeout(r, 20));  // let the batch go out between rounds

    // What every tracker must at least do: build the event, keep it, serialize it.
    const baseline = [];
    const kept = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      for (let i = 0; i < PER_ROUND; i++) {
        const event = { type: 'track', event: 'bench_event', properties: props, messageId: String(r * PER_ROUND + i),
          timestamp: new Date().toISOString() };
        kept.push(JSON.stringify(event));
      }
      baseline.push((performance.now() - t0) / PER_ROUND);
      kept.length = 0;
      await pause();
    }

    // insightos.track(): the id, context, session, queue and history; what the caller
    // waits for.
    const track = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      for (let i = 0; i < PER_ROUND; i++) insightos.track('bench_event', props);
      track.push((performance.now() - t0) / PER_ROUND);
      await pause();
    }

    // The work track() defers: the queue document's write to localStorage, at most once per
    // 200 ms. Timed here on a queue of 10 such events (a full batch), per event.
    await new Promise((r) => setTimeout(r, 1000));
    for (let i = 0; i < 9; i++) insightos.track('bench_event', props);
    await new Promise((r) => setTimeout(r, 400));
    const key = Object.keys(localStorage).find((k) => k.startsWith('insightos.queue.') && localStorage[k].length > 1000);
    const doc = JSON.parse(localStorage[key]);
    const write = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      for (let i = 0; i < PER_ROUND; i++) localStorage.setItem('insightos.bench', JSON.stringify(doc));
      write.push((performance.now() - t0) / PER_ROUND / doc.events.length);
    }
    localStorage.removeItem('insightos.bench');
    return { isolated: crossOriginIsolated, core: insightos.status().core, baselineUs: median(baseline) * 1000,
      trackUs: median(track) * 1000, deferredWriteUs: median(write) * 1000, queuedInWrite: doc.events.length,
      calls: ROUNDS * PER_ROUND };
  });
  await page.close();
} finally {
  await browser.close();
  await collector.close();
}

const kb = (n) => (n / KB).toFixed(2) + ' KB';
console.log('InsightOS tracker (SPEC §12 P4), gzip -9:');
console.log(`  initial JS  insightos.js                     ${kb(sizes.initial).padStart(9)}   bar 5 KB   ${sizes.initial <= 5 * KB ? 'ok' : 'OVER'}`);
console.log(`  core loader ${manifest.coreJs.padEnd(33)}${kb(sizes.loader).padStart(9)}`);
console.log(`  core wasm   ${manifest.coreWasm.padEnd(33)}${kb(sizes.wasm).padStart(9)}`);
console.log(`  JS + WASM   (all three)                      ${kb(sizes.total).padStart(9)}   bar 30 KB  ${sizes.total <= 30 * KB ? 'ok' : 'OVER'}`);
console.log(`track() in Chromium (median of ${speed.calls / 10} rounds of 10 calls; core ${speed.core}, ` +
  `timer resolution ${speed.isolated ? '5' : '100'} us):`);
console.log(`  insightos.track()                 ${speed.trackUs.toFixed(2).padStart(7)} us   bar 20 us  ${speed.trackUs <= 20 ? 'ok' : 'OVER'}`);
console.log(`  baseline: build + JSON.stringify  ${speed.baselineUs.toFixed(2).padStart(7)} us   ` +
  `(track() = ${(speed.trackUs / speed.baselineUs).toFixed(1)}x baseline)`);
console.log(`  deferred queue write, per event   ${speed.deferredWriteUs.toFixed(2).padStart(7)} us   ` +
  `(one localStorage write of ${speed.queuedInWrite} events / ${speed.queuedInWrite}; at most every 200 ms)`);
console.log(JSON.stringify({ sizes, speed }));
