// The visitor's own recent events (type, name, time, a few scalar properties), kept for
// on-page feature extraction by the core once a lead-scoring model is published. Layout:
// the versioned history document of shared/include/insightos/tracker_storage.h.
import { parseJson } from './identity.js';

const KEY = 'insightos.history';
const MAX_EVENTS = 100;
const MAX_PROPS = 8;

export function createHistory(store, version) {
  const doc = parseJson(store.get(KEY));
  let events = doc && doc.v === version && Array.isArray(doc.events) ? doc.events : [];
  const text = () => JSON.stringify({ v: version, events });
  return {
    get events() {
      return events;
    },
    add(type, name, ts, properties) {
      const props = {};
      let n = 0;
      for (const k in properties) {
        const v = properties[k];
        if (n < MAX_PROPS && (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 100))) {
          props[k] = v;
          n++;
        }
      }
      events.push({ type, name, ts, props });
      if (events.length > MAX_EVENTS) events = events.slice(-MAX_EVENTS);
      store.setSoon(KEY, text);
    },
    clear() {
      events = [];
      store.setSoon(KEY, text);
    },
  };
}
