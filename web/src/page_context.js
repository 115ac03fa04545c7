// The context an event carries (SPEC §2): page, campaign, user agent, locale, time zone,
// screen, library. Built once per page view, not per track(): events of one page share
// the object, which keeps track() cheap.
import { parseJson } from './identity.js';

const FIRST_TOUCH = 'insightos.first';
const UTM = [['utm_source', 'source'], ['utm_medium', 'medium'], ['utm_campaign', 'name'], ['utm_term', 'term'],
  ['utm_content', 'content']];

export function campaignFrom(search) {
  const params = new URLSearchParams(search);
  let campaign = null;
  for (const [param, field] of UTM) {
    const value = params.get(param);
    if (value) (campaign = campaign || {})[field] = value;
  }
  return campaign;
}

export function currentPage() {
  return { url: location.href, path: location.pathname, referrer: document.referrer, title: document.title,
    search: location.search };
}

// First touch: the campaign and external referrer of the visitor's first page view with
// either, kept for good so a sign-up pages later still carries the campaign that brought
// the visitor (SPEC §5). Returns the campaign to attach now: this page's UTM tags, else
// the first touch's.
export function touchCampaign(store, page) {
  const campaign = campaignFrom(page.search);
  const external = page.referrer && !page.referrer.startsWith(location.origin) ? page.referrer : '';
  let first = parseJson(store.get(FIRST_TOUCH));
  if (!first && (campaign || external)) {
    first = { campaign, referrer: external, landing: page.url, ts: Date.now() };
    store.set(FIRST_TOUCH, JSON.stringify(first));
  }
  return campaign || (first && first.campaign) || null;
}

let fixed;  // what does not change during a page's life
// The first-touch campaign's name ('' when the visitor came without one): the campaign a
// lead is scored with, as the server attributes it.
export function firstCampaignName(store) {
  const first = parseJson(store.get(FIRST_TOUCH));
  return (first && first.campaign && first.campaign.name) || '';
}

export function buildContext(page, campaign, sessionId, library) {
  if (!fixed) {
    let timezone;
    try {
      timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {}
    fixed = { userAgent: navigator.userAgent, locale: navigator.language, timezone,
      screen: { width: screen.width, height: screen.height } };
  }
  const context = Object.assign({ page }, fixed, { library, sessionId });
  if (campaign) context.campaign = campaign;
  return context;
}
