// Every lead the page knows, in columns (a million leads as objects would cost far more
// memory). The data file brings the top page; the rest are script files (leads/NNNN.js, each
// calling insightosLeads(index, page)) added on demand: fetch() is not allowed from file://,
// script tags are.
export class LeadStore {
  constructor(leads) {
    this.total = leads.total;
    this.labels = leads.reason_labels;
    this.campaignNames = leads.campaigns;
    this.pageFiles = leads.page_files;
    this.pages = new Array(this.pageFiles.length + 1).fill(null);
    this.ids = []; this.emails = []; this.scores = []; this.tiers = []; this.trends = []; this.deltas = [];
    this.campaigns = []; this.last = []; this.reasons = [];
    this.listeners = [];
    this.loading = null;
    window.insightosLeads = (index, page) => this.addPage(index, page);
    this.addPage(0, leads.first_page);
  }

  get loaded() { return this.ids.length; }
  get complete() { return this.loaded >= this.total; }
  onChange(listener) { this.listeners.push(listener); }

  addPage(index, page) {
    if (this.pages[index]) return;
    this.pages[index] = page;
    // Pages arrive in order (loadAll waits for each), so appending keeps the ranking.
    for (let i = 0; i < page.ids.length; i++) {
      this.ids.push(page.ids[i]);
      this.emails.push(page.emails[i] || '');
      this.scores.push(page.scores[i]);
      this.tiers.push(page.tiers[i]);
      this.trends.push(page.trends[i]);
      this.deltas.push(page.deltas[i]);
      this.campaigns.push(page.campaigns[i]);
      this.last.push(page.last[i] === null ? null : page.last[i] * 1000);
      this.reasons.push(page.reasons[i]);
    }
    this.listeners.forEach((l) => l());
  }

  // Loads every remaining page, one after another; resolves when all are in.
  loadAll(onProgress) {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      for (let k = 1; k < this.pages.length; k++) {
        if (this.pages[k]) continue;
        await new Promise((resolve, reject) => {
          const script = document.createElement('script');
          script.src = this.pageFiles[k - 1];
          script.onload = () => { script.remove(); resolve(); };
          script.onerror = () => reject(new Error('cannot load ' + this.pageFiles[k - 1]));
          document.head.appendChild(script);
        });
        if (onProgress) onProgress(this.loaded, this.total);
      }
    })();
    return this.loading;
  }

  campaign(i) { return this.campaignNames[this.campaigns[i]] || ''; }

  // [{label, points}] of lead i
  reasonList(i) {
    const r = this.reasons[i];
    const out = [];
    for (let k = 0; k + 1 < r.length; k += 2) out.push({ label: this.labels[r[k]], points: r[k + 1] });
    return out;
  }
}
