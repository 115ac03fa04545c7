// The InsightOS dashboard: draws data.js (window.INSIGHTOS_DASHBOARD, written by `insightos
// dashboard`) into the page. Works from file:// and from the collector's /dashboard/ route;
// loads nothing from the network.
import { charts } from './charts.js';
import { kpis } from './dom.js';
import * as fmt from './format.js';
import { renderLtv, renderModel } from './health.js';
import { LeadStore } from './lead_store.js';
import { LeadTable } from './lead_table.js';
import { renderMarketing } from './marketing.js';
import { renderProduct } from './product.js';

function renderHeader(meta) {
  document.title = meta.title + ' dashboard';
  document.getElementById('title').textContent = meta.title;
  document.getElementById('generated').textContent = 'Updated ' + fmt.dateTime(meta.generated_at) + ' · ' + meta.database;
}

function renderSales(data) {
  const tiers = data.tiers.tiers;
  const total = data.leads.total;
  kpis('sales-kpis', [
    { label: 'Leads', value: fmt.count(total), note: fmt.count(total - tiers.unscored) + ' scored' },
    { label: 'Tier A', value: fmt.count(tiers.A), note: 'top quarter of scores', tone: 'tone-a' },
    { label: 'Tier B', value: fmt.count(tiers.B), tone: 'tone-b' },
    { label: 'Not scored yet', value: fmt.count(tiers.unscored), note: tiers.unscored ? 'run the score job' : 'all leads scored' },
  ]);
  document.getElementById('sales-lede').textContent = total
    ? 'Ranked by lead score, with the reasons behind each score and how it moved since the previous scoring.'
    : 'No leads yet: once people sign up, they appear here ranked by score.';
  const store = new LeadStore(data.leads);
  const table = new LeadTable(store, tiers, data.meta.generated_at);
  return { store, table };
}

function main() {
  const data = window.INSIGHTOS_DASHBOARD;
  if (!data) {
    document.querySelector('main').textContent = 'data.js is missing: rebuild the dashboard with `insightos dashboard`.';
    return;
  }
  fmt.configure(data.meta);
  renderHeader(data.meta);
  const sales = renderSales(data);
  renderMarketing(data.campaigns);
  renderProduct(data.funnel);
  renderModel(data.model);
  renderLtv(data.ltv);
  // For people poking at the page and for the browser tests.
  window.insightosDashboard = { data, charts, leads: sales.store, table: sales.table };
}

main();
