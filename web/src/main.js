// insightos.js: the one script a site embeds (SPEC §5).
//   <script>window.insightos=window.insightos||[];["track","identify","page","reset","consent",
//     "flush","ready","score"].forEach(function(m){insightos[m]=insightos[m]||function(){
//     insightos.push([m,[].slice.call(arguments),Date.now()])}})</script>
//   <script src="https://collector.example/insightos.js" data-write-key="wk_..." async></script>
// Attributes: data-write-key (required), data-host (collector origin; default: the
// script's), data-api (batch path; default /v1/batch), data-consent="pending",
// data-dnt="respect", data-auto-page="false", data-flush-interval (ms), data-core="off".
// The stub above queues calls made before this script runs; they are replayed here with
// the time they were made.
import { coreJs, coreWasm, limits, version } from 'insightos:build';
import { createTracker } from './tracker.js';

// Calls whose last argument is an options object that can carry the original time.
const ARITY = { track: 2, page: 2, identify: 2 };

(function () {
  const stub = window.insightos;
  if (stub && !Array.isArray(stub)) return;  // loaded twice
  const script = document.currentScript || document.querySelector('script[data-write-key]');
  const data = (script && script.dataset) || {};
  const src = new URL((script && script.src) || location.href, location.href);
  const api = createTracker({
    writeKey: data.writeKey || '',
    host: (data.host || src.origin).replace(/\/$/, ''),
    api: data.api || '/v1/batch',
    base: new URL('.', src).href,
    consentPending: data.consent === 'pending',
    respectDnt: data.dnt === 'respect',
    autoPage: data.autoPage !== 'false',
    flushMs: +data.flushInterval || 5000,
    loadCore: data.core !== 'off',
  }, { coreJs, coreWasm, limits, version });
  window.insightos = api;
  for (const [method, args, time] of stub || []) {
    if (!api[method]) continue;
    const list = Array.from(args);
    if (method in ARITY) {
      list.length = ARITY[method];
      list.push({ timestamp: time });
    }
    api[method].apply(api, list);
  }
})();
