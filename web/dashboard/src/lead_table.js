// The sales lead list: search, tier filter and sort over every loaded lead, drawn as a
// virtual list (only the rows in view exist in the page), so 100k and 1M leads scroll as
// smoothly as 100.
import * as fmt from './format.js';

const TIERS = ['A', 'B', 'C', 'D'];
const OVERSCAN = 6;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class LeadTable {
  constructor(store, tierCounts, now) {
    this.store = store;
    this.now = now;
    this.viewport = document.getElementById('lead-viewport');
    this.spacer = document.getElementById('lead-spacer');
    this.status = document.getElementById('lead-status');
    this.loadButton = document.getElementById('lead-load-all');
    this.search = document.getElementById('lead-search');
    this.sortSelect = document.getElementById('lead-sort');
    this.query = '';
    this.tier = '';
    this.sort = 'score';
    this.descending = true;
    this.haystack = [];
    this.order = new Int32Array(0);
    this.rows = new Map();
    this.buildTierChips(tierCounts);
    this.bind();
    store.onChange(() => this.scheduleRefresh());
    this.refresh();
  }

  buildTierChips(tierCounts) {
    const box = document.getElementById('tier-filter');
    const add = (value, label) => {
      const chip = el('button', 'chip' + (value ? ' tier-' + value : ''), label);
      chip.type = 'button';
      chip.dataset.tier = value;
      chip.setAttribute('aria-pressed', value === this.tier ? 'true' : 'false');
      chip.addEventListener('click', () => {
        this.tier = value;
        box.querySelectorAll('.chip').forEach((c) => c.setAttribute('aria-pressed', c === chip ? 'true' : 'false'));
        this.changed();
      });
      box.appendChild(chip);
    };
    add('', 'All');
    for (const t of TIERS) add(t, t + ' · ' + fmt.count(tierCounts[t] || 0));
  }

  bind() {
    let timer = null;
    this.search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => { this.query = this.search.value.trim().toLowerCase(); this.changed(); }, 120);
    });
    this.sortSelect.addEventListener('change', () => this.setSort(this.sortSelect.value, this.sortSelect.value !== 'email'));
    document.querySelectorAll('.lead-header [data-sort]').forEach((h) => h.addEventListener('click', () => {
      const key = h.dataset.sort;
      this.setSort(key, key === this.sort ? !this.descending : key !== 'email');
    }));
    this.viewport.addEventListener('scroll', () => this.scheduleDraw(), { passive: true });
    window.addEventListener('resize', () => this.scheduleDraw());
    this.loadButton.addEventListener('click', () => this.loadAll());
  }

  setSort(key, descending) {
    this.sort = key;
    this.descending = descending;
    this.sortSelect.value = key;
    document.querySelectorAll('.lead-header [data-sort]').forEach((h) => {
      h.setAttribute('aria-sort', h.dataset.sort === key ? (descending ? 'descending' : 'ascending') : 'none');
    });
    this.changed();
  }

  // A search, filter or sort should see every lead, not only the loaded ones.
  changed() {
    if (!this.store.complete && (this.query || this.tier || this.sort !== 'score')) this.loadAll();
    this.refresh();
  }

  loadAll() {
    this.loadButton.disabled = true;
    this.store.loadAll((loaded, total) => { this.status.textContent = 'Loading leads… ' + fmt.count(loaded) + ' of ' + fmt.count(total); })
      .catch((e) => { this.status.textContent = e.message; });
  }

  scheduleRefresh() {
    if (this.refreshPending) return;
    this.refreshPending = true;
    requestAnimationFrame(() => { this.refreshPending = false; this.refresh(); });
  }

  scheduleDraw() {
    if (this.drawPending) return;
    this.drawPending = true;
    requestAnimationFrame(() => { this.drawPending = false; this.draw(); });
  }

  matches(i) {
    const s = this.store;
    if (this.tier && s.tiers[i] !== this.tier) return false;
    if (!this.query) return true;
    if (this.haystack.length <= i) {
      for (let k = this.haystack.length; k < s.loaded; k++) {
        this.haystack.push((s.emails[k] + ' ' + s.ids[k] + ' ' + s.campaign(k)).toLowerCase());
      }
    }
    return this.haystack[i].includes(this.query);
  }

  refresh() {
    const s = this.store;
    const picked = [];
    for (let i = 0; i < s.loaded; i++) if (this.matches(i)) picked.push(i);
    const sign = this.descending ? -1 : 1;
    const missingLast = (a, b, key) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : sign * (a - b) || key);
    if (this.sort === 'score') {
      // Loaded in score order already; ascending just reverses it (unscored leads stay last).
      if (!this.descending) picked.sort((a, b) => missingLast(s.scores[a], s.scores[b], a - b));
    } else if (this.sort === 'trend') {
      picked.sort((a, b) => sign * (s.deltas[a] - s.deltas[b]) || a - b);
    } else if (this.sort === 'last') {
      picked.sort((a, b) => missingLast(s.last[a], s.last[b], a - b));
    } else if (this.sort === 'email') {
      picked.sort((a, b) => sign * (s.emails[a] || s.ids[a]).localeCompare(s.emails[b] || s.ids[b]) || a - b);
    }
    this.order = Int32Array.from(picked);
    this.rows.forEach((row) => row.remove());
    this.rows.clear();
    this.spacer.style.height = this.order.length * this.rowHeight() + 'px';
    this.draw();
    const loaded = s.complete ? fmt.integer(s.total) + ' leads'
      : 'top ' + fmt.integer(s.loaded) + ' of ' + fmt.integer(s.total) + ' leads loaded';
    this.status.textContent = fmt.integer(this.order.length) + ' shown · ' + loaded;
    this.loadButton.hidden = s.complete;
    this.loadButton.disabled = !!s.loading && !s.complete;
  }

  rowHeight() {
    return parseFloat(getComputedStyle(this.viewport).getPropertyValue('--row-height')) || 60;
  }

  draw() {
    const height = this.rowHeight();
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / height) - OVERSCAN);
    const last = Math.min(this.order.length, Math.ceil((this.viewport.scrollTop + this.viewport.clientHeight) / height) + OVERSCAN);
    for (const [position, row] of this.rows) {
      if (position < first || position >= last) { row.remove(); this.rows.delete(position); }
    }
    for (let p = first; p < last; p++) {
      if (this.rows.has(p)) continue;
      const row = this.renderRow(this.order[p]);
      row.style.transform = 'translateY(' + p * height + 'px)';
      this.spacer.appendChild(row);
      this.rows.set(p, row);
    }
  }

  renderRow(i) {
    const s = this.store;
    const row = el('div', 'lead-row');
    row.setAttribute('role', 'row');
    row.dataset.lead = s.ids[i];

    const who = el('span', 'who');
    who.appendChild(el('strong', '', s.emails[i] || s.ids[i]));
    who.appendChild(el('small', '', s.ids[i]));
    row.appendChild(who);

    const score = el('span', 'score');
    const tier = s.tiers[i];
    score.appendChild(el('b', 'tier tier-' + (tier === '-' ? 'none' : tier), tier === '-' ? '–' : tier));
    score.appendChild(el('span', 'score-value', s.scores[i] === null ? 'not scored' : fmt.decimal(s.scores[i], 1)));
    const bar = el('i', 'score-bar');
    bar.style.setProperty('--w', (s.scores[i] || 0) + '%');
    score.appendChild(bar);
    row.appendChild(score);

    const trend = s.trends[i];
    const delta = s.deltas[i];
    const arrows = { u: ['up', '▲ +' + fmt.decimal(delta, 1)], d: ['down', '▼ ' + fmt.decimal(delta, 1)], s: ['steady', '● steady'], n: ['new', 'new'] };
    const [kind, text] = arrows[trend] || arrows.n;
    row.appendChild(el('span', 'trend trend-' + kind, text));

    const why = el('span', 'why');
    for (const r of s.reasonList(i)) {
      const chip = el('span', 'reason ' + (r.points >= 0 ? 'plus' : 'minus'));
      chip.appendChild(el('span', '', r.label));
      chip.appendChild(el('b', '', (r.points >= 0 ? '+' : '') + fmt.decimal(r.points, 1)));
      why.appendChild(chip);
    }
    row.appendChild(why);
    row.appendChild(el('span', 'campaign', s.campaign(i)));
    row.appendChild(el('span', 'last', fmt.ago(s.last[i], this.now)));
    return row;
  }
}
