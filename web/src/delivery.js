// Sends the queue to the collector (SPEC §5): batches of at most limits.trackerMaxBatchEvents
// events and limits.trackerMaxRequestBytes bytes, as text/plain with ?writeKey= so the
// browser sends without a CORS preflight; sentAt is set when a batch is built, and the
// collector corrects the client's clock from it.
//
// One request at a time while the page lives. An event leaves the queue only when the
// collector acknowledged it (2xx) or refused it for good (a 4xx other than 408/429); on
// 408, 429, 5xx or a network failure the batch is retried after the Retry-After delay or
// an exponential backoff with jitter. When the page is hidden or unloaded, everything
// queued goes out at once with keepalive fetch (sendBeacon as a fallback) without waiting
// for anything, and stays persisted until acknowledged: if the page dies first, the next
// page load sends it again with the same ids, and the collector keeps one copy.
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 60000;

export function createDelivery({ queue, url, limits, flushMs, core, enabled, warn }) {
  const encoder = new TextEncoder();
  const inFlight = new Set();
  let timer = 0;
  let busy = false;
  let attempts = 0;
  let retryAt = 0;

  const later = (ms) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = 0;
      flush();
    }, ms);
  };

  const refuse = (events, why) => {
    if (events.length) {
      warn('dropped ' + events.length + ' event(s): ' + why);
      queue.drop(events);
    }
  };

  // The next batch from the head of the queue, skipping events already on their way.
  function nextBatch() {
    const events = [];
    const texts = [];
    const tooLarge = [];
    let bytes = 64;  // the {"batch":[...],"sentAt":"..."} envelope
    for (const event of queue.events) {
      if (inFlight.has(event)) continue;
      const text = JSON.stringify(event);
      const size = encoder.encode(text).length + 1;
      if (size > limits.maxEventBytes) {
        tooLarge.push(event);
        continue;
      }
      if (events.length === limits.trackerMaxBatchEvents || bytes + size > limits.trackerMaxRequestBytes) break;
      events.push(event);
      texts.push(text);
      bytes += size;
    }
    refuse(tooLarge, 'over ' + limits.maxEventBytes + ' bytes');
    return events.length ? check(events, texts) : null;
  }

  const body = (texts) => '{"batch":[' + texts.join(',') + '],"sentAt":"' + new Date().toISOString() + '"}';

  // With the core loaded, events the collector would reject are dropped here, by the same
  // code. Without it (still loading, or blocked by CSP) the batch goes as it is.
  function check(events, texts) {
    let text = body(texts);
    const validator = core();
    if (validator) {
      let result;
      try {
        result = validator.validateBatch(text, Date.now());
      } catch (e) {
        return { events, text };  // the collector will say what is wrong
      }
      if (result.rejected.length) {
        const bad = new Set();
        for (const r of result.rejected) {
          warn('invalid event: ' + r.field + ' ' + r.error);
          bad.add(r.index);
        }
        refuse(events.filter((_, i) => bad.has(i)), 'invalid');
        events = events.filter((_, i) => !bad.has(i));
        if (!events.length) return nextBatch();
        text = body(texts.filter((_, i) => !bad.has(i)));
      }
    }
    return { events, text };
  }

  function retryLater(batch, retryAfter) {
    batch.events.forEach((e) => inFlight.delete(e));
    attempts++;
    const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);
    const seconds = retryAfter == null ? NaN : +retryAfter;
    const asked = retryAfter == null ? 0 : seconds === seconds ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    const delay = asked > 0 ? Math.min(asked, 3600e3) : backoff;
    retryAt = Date.now() + delay;
    later(delay);
  }

  function settle(batch, response) {
    const status = response.status;
    if (response.ok) {
      batch.events.forEach((e) => inFlight.delete(e));
      queue.remove(batch.events);
      attempts = 0;
      response.json().then((reply) => {
        for (const r of reply.rejected || []) warn('rejected event: ' + r.field + ' ' + r.error);
      }, () => {});
    } else if (status === 408 || status === 429 || status >= 500) {
      retryLater(batch, response.headers.get('Retry-After'));
    } else {
      batch.events.forEach((e) => inFlight.delete(e));
      refuse(batch.events, 'HTTP ' + status);
    }
  }

  function send(batch, keepalive) {
    batch.events.forEach((e) => inFlight.add(e));
    let request;
    try {
      request = fetch(url, { method: 'POST', body: batch.text, keepalive, credentials: 'omit' });
    } catch (e) {
      request = Promise.reject(e);
    }
    return request.then((response) => settle(batch, response), () => {
      // keepalive requests share a 64 KB budget per page; a beacon may still fit
      if (keepalive && navigator.sendBeacon && navigator.sendBeacon(url, batch.text)) return;
      retryLater(batch, null);
    });
  }

  function flush() {
    if (!enabled() || busy || Date.now() < retryAt) return;
    clearTimeout(timer);
    timer = 0;
    const batch = nextBatch();
    if (!batch) return;
    busy = true;
    send(batch, false).then(() => {
      busy = false;
      if (Date.now() >= retryAt && queue.events.some((e) => !inFlight.has(e))) flush();
    });
  }

  // The page may be going away: send everything now, wait for nothing.
  function flushOnHide() {
    queue.saveNow();
    if (!enabled()) return;
    for (let batch; (batch = nextBatch());) send(batch, true);
  }

  addEventListener('pagehide', flushOnHide);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flushOnHide());
  addEventListener('online', () => {
    attempts = 0;
    retryAt = 0;
    flush();
  });

  return {
    flush,
    // After an event was queued: send soon, or at once when a batch is full.
    queued() {
      if (Date.now() < retryAt) return;
      const waiting = queue.events.length - inFlight.size;
      if (waiting >= limits.trackerMaxBatchEvents) later(0);
      else if (!timer) later(flushMs);
    },
  };
}
