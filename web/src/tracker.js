// The tracker's public API (SPEC §5): track, identify, page, reset, consent, flush, ready,
// score, status; automatic page views, also for SPA route changes (history API).
// Everything on the delivery path is plain JS; the WebAssembly core is loaded once the
// page has loaded and only adds validation and on-page scoring.
import { createStore } from './browser_storage.js';
import { loadCore } from './core_client.js';
import { createDelivery } from './delivery.js';
import { createQueue } from './event_queue.js';
import { createIdentity } from './identity.js';
import { buildContext, currentPage, firstCampaignName, touchCampaign } from './page_context.js';
import { createUuidV7Generator, cryptoRandom } from './uuid_v7.js';
import { createHistory } from './visitor_history.js';

const CONSENT = 'insightos.consent';
const QUEUE_CAP = 1000;  // events kept while the collector is unreachable; then the oldest go
const CORE_TIMEOUT_MS = 15000;

export function createTracker(config, build) {
  const limits = build.limits;
  const warn = (message) => console.warn('insightos: ' + message);
  const newId = createUuidV7Generator(cryptoRandom());
  const dnt = config.respectDnt &&
    (navigator.doNotTrack === '1' || window.doNotTrack === '1' || navigator.globalPrivacyControl === true);
  let consented = !config.consentPending || readGrant();
  let denied = dnt;
  const store = createStore(consented && !denied);
  const identity = createIdentity(store, () => newId(Date.now()));
  const queue = createQueue(store, 'insightos.queue.' + config.writeKey + '.', limits.trackerStorageVersion,
    QUEUE_CAP, newId(Date.now()));
  const visits = createHistory(store, limits.trackerStorageVersion);
  const library = { name: 'insightos.js', version: build.version };
  let core = null;
  let coreState = 'loading';
  let page, campaign, context, contextSession;
  let model = null;  // the compact model text, fetched once per page (the HTTP cache revalidates it)

  const delivery = createDelivery({
    queue, limits, warn, flushMs: config.flushMs,
    url: config.host + config.api + '?writeKey=' + encodeURIComponent(config.writeKey),
    core: () => core,
    enabled: () => consented && !denied,
  });

  function readPage(referrer) {
    page = currentPage();
    if (referrer) page.referrer = referrer;
    campaign = touchCampaign(store, page);
    context = null;
  }

  function enqueue(type, fields, options) {
    if (denied) return undefined;
    const now = (options && options.timestamp) || Date.now();
    const event = Object.assign({ type, messageId: newId(now), anonymousId: identity.anonymousId }, fields);
    const userId = identity.userId;
    if (userId) event.userId = userId;
    const session = identity.session(now);
    if (!context || session !== contextSession) {
      contextSession = session;
      context = buildContext(page, campaign, session, library);
    }
    event.context = context;
    event.timestamp = new Date(now).toISOString();
    queue.push(event);
    if (type !== 'identify') visits.add(type, type === 'track' ? fields.event : page.path, now, fields.properties);
    delivery.queued();
    return event.messageId;
  }

  function pageView(name, properties, options) {
    const fields = { properties: Object.assign({}, page, properties) };
    if (name) fields.name = String(name);
    return enqueue('page', fields, options);
  }

  let resolveReady;
  const ready = new Promise((resolve) => (resolveReady = resolve));

  const api = {
    version: build.version,
    // Returns the event's messageId (undefined when tracking is off).
    track(name, properties, options) {
      return enqueue('track', { event: String(name), properties: properties || {} }, options);
    },
    page(name, properties, options) {
      readPage();
      return pageView(name, properties, options);
    },
    identify(userId, traits, options) {
      if (denied) return undefined;
      identity.identify(userId, traits);
      return enqueue('identify', { traits: identity.traits() }, options);
    },
    // Logout: forget the user and start a new anonymous visitor.
    reset() {
      identity.reset();
      visits.clear();
      context = null;
    },
    // With data-consent="pending" nothing is written or sent until consent(true); what was
    // captured meanwhile is then written and sent. consent(false) discards it.
    consent(granted) {
      if (dnt) return;
      if (granted) {
        consented = true;
        denied = false;
        store.persist();
        identity.persist();
        queue.saveNow();
        try {
          localStorage.setItem(CONSENT, 'granted');
        } catch (e) {}
        delivery.flush();
      } else {
        consented = false;
        denied = true;
        queue.clear();
        visits.clear();
      }
    },
    flush() {
      delivery.flush();
    },
    ready(callback) {
      return ready.then(() => (callback && callback(api), api));
    },
    // The visitor's lead score, computed on the page by the core from the locally kept
    // history, identify() traits and first-touch campaign with the model of GET /v1/model:
    // resolves {score, tier, reasons}, or null without a published model or the core.
    // options.at: the scoring time in ms (default: now).
    score(options) {
      return ready.then(() => {
        if (!core) return null;
        model = model || fetch(config.host + '/v1/model?format=compact').then((r) => (r.ok ? r.text() : null), () => null);
        return model.then((text) => {
          if (!text) return (model = null);
          const history = JSON.stringify({ v: limits.trackerStorageVersion, events: visits.events });
          return core.scoreVisitor(text, history, JSON.stringify(identity.traits()), firstCampaignName(store),
            (options && options.at) || Date.now());
        });
      });
    },
    status() {
      return { queued: queue.events.length, dropped: queue.dropped, core: coreState, anonymousId: identity.anonymousId };
    },
  };

  readPage();
  if (config.autoPage) {
    // The first page view happened when navigation started, before any call made while
    // this script was loading.
    pageView(0, 0, { timestamp: Math.round(performance.timeOrigin) });
    let last = location.pathname + location.search;
    const routeChanged = () => {
      const now = location.pathname + location.search;
      if (now !== last) {
        const referrer = page.url;
        last = now;
        readPage(referrer);
        pageView();
      }
    };
    for (const method of ['pushState', 'replaceState']) {
      const original = history[method];
      history[method] = function () {
        const result = original.apply(this, arguments);
        routeChanged();
        return result;
      };
    }
    addEventListener('popstate', routeChanged);
  }

  const settle = (state) => {
    coreState = state;
    resolveReady();
  };
  const startCore = () => {
    if (!config.loadCore) return settle('off');
    const timeout = setTimeout(() => settle('unavailable'), CORE_TIMEOUT_MS);
    loadCore(config.base, build.coreJs, build.coreWasm).then((loaded) => {
      core = loaded;
      dropInvalidQueued(loaded);
      clearTimeout(timeout);
      settle('ready');
    }, (error) => {
      warn('no WebAssembly core (' + error.message + '); still sending events');
      clearTimeout(timeout);
      settle('unavailable');
    });
  };
  // Events queued before the core arrived (or by an earlier page) get the collector's
  // checks too, through the core's own reading of the stored queue document.
  function dropInvalidQueued(loaded) {
    try {
      const doc = JSON.stringify({ v: limits.trackerStorageVersion, events: queue.events, dropped: queue.dropped });
      const result = loaded.checkQueue(doc, Date.now());
      const bad = result.rejected.map((r) => queue.events[r.index]);
      for (const r of result.rejected) warn('invalid event: ' + r.field + ' ' + r.error);
      if (bad.length) queue.drop(bad);
    } catch (e) {
      warn(e.message);
    }
  }
  if (document.readyState === 'complete') setTimeout(startCore, 0);
  else addEventListener('load', () => setTimeout(startCore, 0));

  return api;
}

function readGrant() {
  try {
    return localStorage.getItem(CONSENT) === 'granted';
  } catch (e) {
    return false;
  }
}
