// Events waiting for the collector's acknowledgement, oldest first, persisted as the
// versioned document of shared/include/insightos/tracker_storage.h:
//   {"v":1,"events":[...],"dropped":N}
// Capped: when full the oldest event is dropped and counted. Each page load writes its own
// key and adopts (moves into itself) the keys left by earlier loads of any tab, so a queue
// survives reloads and offline periods and two tabs never overwrite each other's events.
// A tab that is still open keeps its copies in memory and may send them again: harmless,
// since an event keeps its messageId and the collector stores each id once.
import { parseJson } from './identity.js';

export function createQueue(store, prefix, version, cap, pageId) {
  const key = prefix + pageId;
  const queue = { events: [], dropped: 0 };
  const text = () => queue.events.length || queue.dropped
    ? JSON.stringify({ v: version, events: queue.events, dropped: queue.dropped }) : null;
  const trim = () => {
    while (queue.events.length > cap) {
      queue.events.shift();
      queue.dropped++;
    }
  };

  const seen = new Set();
  for (const other of store.keys(prefix)) {
    const doc = parseJson(store.get(other));
    if (doc && doc.v === version && Array.isArray(doc.events)) {
      for (const e of doc.events) {
        if (e && !seen.has(e.messageId)) {
          seen.add(e.messageId);
          queue.events.push(e);
        }
      }
      queue.dropped += doc.dropped | 0;
    }
    store.set(other, null);
  }
  trim();

  Object.assign(queue, {
    push(event) {
      queue.events.push(event);
      trim();
      queue.save();
    },
    save() {
      store.setSoon(key, text);
    },
    saveNow() {
      store.setSoon(key, text);
      store.writeNow();
    },
    remove(sent) {
      const gone = new Set(sent);
      queue.events = queue.events.filter((e) => !gone.has(e));
      queue.save();
    },
    drop(events) {
      queue.dropped += events.length;
      queue.remove(events);
    },
    clear() {
      queue.events = [];
      queue.save();
    },
  });
  if (queue.events.length || queue.dropped) queue.saveNow();
  return queue;
}
