// Every byte the tracker keeps in the browser goes through one store, so consent can hold
// it in memory (nothing written) and, once granted, write it out in one place (SPEC §5).
// localStorage can be missing, full or forbidden (private modes, sandboxed frames): the
// store then carries on in memory.
//
// Documents that change with every event (the queue, the history) are written at most
// every WRITE_DELAY_MS and at once when the page is hidden or unloaded: rewriting them on
// every track() would make its cost grow with the queue (about 1 ms per call with 1000
// events waiting offline). A crash of the tab within that delay can lose what it tracked.
const WRITE_DELAY_MS = 200;

function local() {
  try {
    return window.localStorage;
  } catch (e) {
    return null;
  }
}

export function createStore(persistent) {
  const memory = new Map();
  const deferred = new Map();  // key -> function making the text to write
  let timer = 0;
  const write = (key, value) => {
    try {
      if (value === null) local().removeItem(key);
      else local().setItem(key, value);
    } catch (e) {
      // full or forbidden: the value still lives in memory for this page
    }
  };
  const writeDeferred = () => {
    clearTimeout(timer);
    timer = 0;
    deferred.forEach((text, key) => store.set(key, text()));
    deferred.clear();
  };
  addEventListener('pagehide', writeDeferred);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && writeDeferred());

  const store = {
    get persistent() {
      return persistent;
    },
    get(key) {
      if (memory.has(key)) return memory.get(key);
      let value = null;
      if (persistent) {
        try {
          value = local().getItem(key);
        } catch (e) {}
      }
      memory.set(key, value);
      return value;
    },
    // value null removes the key.
    set(key, value) {
      memory.set(key, value);
      if (persistent) write(key, value);
    },
    // Writes text() for key within WRITE_DELAY_MS; writes of one key in between coalesce.
    setSoon(key, text) {
      deferred.set(key, text);
      if (!timer) timer = setTimeout(writeDeferred, WRITE_DELAY_MS);
    },
    // Writes what setSoon() holds now.
    writeNow: writeDeferred,
    // Keys in localStorage that start with prefix (for adopting other page loads' queues).
    keys(prefix) {
      const out = [];
      const ls = persistent && local();
      if (ls) for (let i = 0; i < ls.length; i++) if (ls.key(i).startsWith(prefix)) out.push(ls.key(i));
      return out;
    },
    // Consent granted: from now on write through, starting with what memory holds.
    persist() {
      if (persistent) return;
      persistent = true;
      memory.forEach((value, key) => value !== null && write(key, value));
    },
  };
  return store;
}

export function readCookie(name) {
  const match = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
  return match ? decodeURIComponent(match[1]) : null;
}

// A first-party cookie on the page's own host, for a year.
export function writeCookie(name, value) {
  document.cookie = name + '=' + encodeURIComponent(value) + '; Max-Age=31536000; Path=/; SameSite=Lax' +
    (location.protocol === 'https:' ? '; Secure' : '');
}
