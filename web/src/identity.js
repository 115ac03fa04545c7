// Who the visitor is and which session they are in: the anonymous id (first-party cookie
// and localStorage, so either surviving is enough), the user id and traits from identify(),
// and 30-minute idle sessions (SPEC §5).
import { readCookie, writeCookie } from './browser_storage.js';

const ANONYMOUS_ID = 'insightos.aid';
const COOKIE = 'insightos_aid';
const USER_ID = 'insightos.uid';
const TRAITS = 'insightos.traits';
const SESSION = 'insightos.session';
const SESSION_IDLE_MS = 30 * 60 * 1000;

export function createIdentity(store, newId) {
  let anonymousId = store.get(ANONYMOUS_ID) || readCookie(COOKIE) || newId();
  let session = parseJson(store.get(SESSION)) || { id: 0, last: 0 };
  let sessionWritten = 0;

  const save = () => {
    store.set(ANONYMOUS_ID, anonymousId);
    if (store.persistent) writeCookie(COOKIE, anonymousId);
  };
  save();

  return {
    get anonymousId() {
      return anonymousId;
    },
    get userId() {
      return store.get(USER_ID);
    },
    traits() {
      return parseJson(store.get(TRAITS)) || {};
    },
    identify(userId, traits) {
      if (userId != null) store.set(USER_ID, String(userId));
      if (traits) store.set(TRAITS, JSON.stringify(Object.assign(this.traits(), traits)));
    },
    // Forget the user (logout): new anonymous id, no user id or traits, a new session.
    reset() {
      anonymousId = newId();
      store.set(USER_ID, null);
      store.set(TRAITS, null);
      session = { id: 0, last: 0 };
      save();
    },
    // The session id (its start time in ms) for an event at now; starts a new session
    // after 30 idle minutes. Written at most once a second: track() stays cheap.
    session(now) {
      if (now - session.last > SESSION_IDLE_MS) session = { id: now, last: now };
      if (now > session.last) session.last = now;
      if (now - sessionWritten > 1000) {
        sessionWritten = now;
        store.set(SESSION, JSON.stringify(session));
      }
      return session.id;
    },
    // Writes everything out again (consent was just granted).
    persist() {
      save();
      store.set(SESSION, JSON.stringify(session));
    },
  };
}

export function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}
