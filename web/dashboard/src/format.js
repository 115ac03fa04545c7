// Numbers and times for people, in the dashboard's locale and currency (data.meta).
let locale = 'en-US';
let currency = 'USD';
const cache = new Map();

function formatter(key, options) {
  if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(locale, options));
  return cache.get(key);
}

export function configure(meta) {
  try {
    new Intl.NumberFormat(meta.locale);
    locale = meta.locale;
  } catch (e) {
    locale = 'en-US';  // an unknown locale must not break the page
  }
  currency = meta.currency || 'USD';
  cache.clear();
}

const missing = '—';
const ok = (v) => v !== null && v !== undefined && Number.isFinite(v);

// 950, 12.3k, 4.5M
export function count(n) {
  if (!ok(n)) return missing;
  if (Math.abs(n) < 1000) return formatter('int', { maximumFractionDigits: 0 }).format(n);
  return formatter('compact', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

// 12,345
export function integer(n) {
  return ok(n) ? formatter('int', { maximumFractionDigits: 0 }).format(n) : missing;
}

export function decimal(n, digits = 1) {
  return ok(n) ? formatter('dec' + digits, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n) : missing;
}

// R$ 1.234,50 / $1,234.50; compact above 100k: $1.2M
export function money(v) {
  if (!ok(v)) return missing;
  if (Math.abs(v) >= 100000) {
    return formatter('money-compact', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(v);
  }
  return formatter('money', { style: 'currency', currency, maximumFractionDigits: Math.abs(v) < 100 ? 2 : 0 }).format(v);
}

// 0.123 -> 12.3%
export function percent(r, digits = 1) {
  return ok(r) ? formatter('pct' + digits, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(r) : missing;
}

export function ratio(r) {
  return ok(r) ? decimal(r, r >= 10 ? 0 : 1) + '×' : missing;
}

export function interval(pair, one) {
  return Array.isArray(pair) && ok(pair[0]) && ok(pair[1]) ? one(pair[0]) + ' – ' + one(pair[1]) : '';
}

// 45 s, 12 min, 3.4 h, 2.1 days — units in the page's language
function unit(value, name, digits) {
  return formatter('unit-' + name + digits, { style: 'unit', unit: name, unitDisplay: name === 'day' ? 'long' : 'short',
    maximumFractionDigits: digits }).format(value);
}

export function duration(seconds) {
  if (!ok(seconds)) return missing;
  if (seconds < 90) return unit(seconds, 'second', 0);
  if (seconds < 90 * 60) return unit(seconds / 60, 'minute', 0);
  if (seconds < 36 * 3600) return unit(seconds / 3600, 'hour', 1);
  return unit(seconds / 86400, 'day', 1);
}

// "3 days ago" relative to `now` (both epoch ms)
export function ago(ms, now) {
  if (!ok(ms)) return missing;
  if (!cache.has('rtf')) cache.set('rtf', new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }));
  const rtf = cache.get('rtf');
  const s = (ms - now) / 1000;
  const units = [[60, 1, 'second'], [3600, 60, 'minute'], [86400, 3600, 'hour'], [30 * 86400, 86400, 'day'],
    [365 * 86400, 30 * 86400, 'month']];
  for (const [below, size, unit] of units) {
    if (Math.abs(s) < below) return rtf.format(Math.round(s / size), unit);
  }
  return rtf.format(Math.round(s / (365 * 86400)), 'year');
}

export function dateTime(ms) {
  return ok(ms) ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms)) : missing;
}

// "user_verified" -> "User verified"
export function stepName(name) {
  const s = String(name).replace(/^page:/, 'page ').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
