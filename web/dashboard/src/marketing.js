// Marketing: per campaign leads, lead quality, conversion, customers and customer value, with
// the campaign whose customers are worth most made obvious.
import { colors, emptyChart, makeChart } from './charts.js';
import { el, lede, table, withInterval } from './dom.js';
import * as fmt from './format.js';

export function renderMarketing(section) {
  const rows = section.rows;
  const best = section.best_campaign;
  const pct = (c) => Math.round(section.confidence * 100) + '% interval ';
  const bestRow = rows.find((r) => r.campaign === best);
  if (bestRow) {
    const strong = el('strong', 'best-campaign', best);
    strong.dataset.bestCampaign = best;
    lede('marketing-lede', [strong, ' brings the most valuable customers: ' + fmt.ratio(bestRow.clv_ratio) +
      ' the customer lifetime value of the other campaigns' +
      (bestRow.clv_ratio_interval ? ' (' + pct() + fmt.interval(bestRow.clv_ratio_interval, fmt.ratio) + ')' : '') +
      ', with ' + fmt.integer(bestRow.customers) + ' customers from ' + fmt.integer(bestRow.leads) + ' leads.']);
  } else {
    lede('marketing-lede', ['No customer-value fit yet: run the ltv job to compare campaigns by customer value.']);
  }

  const valued = rows.filter((r) => r.clv_ratio !== null).sort((a, b) => b.clv_ratio - a.clv_ratio);
  if (valued.length) {
    makeChart('chart-clv-ratio', {
      type: 'bar',
      data: {
        labels: valued.map((r) => r.campaign),
        datasets: [{
          label: 'CLV relative to the other campaigns',
          data: valued.map((r) => r.clv_ratio),
          intervals: valued.map((r) => r.clv_ratio_interval),
          backgroundColor: valued.map((r) => (r.campaign === best ? colors.primary : colors.muted)),
          borderRadius: 4,
        }, {
          type: 'line', label: 'Same as the others (1×)', data: valued.map(() => 1),
          borderColor: colors.warn, borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5,
        }],
      },
      options: {
        indexAxis: 'y',
        scales: { x: { beginAtZero: true, ticks: { callback: (v) => fmt.ratio(v) } }, y: { grid: { display: false } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (c) => (c.datasetIndex === 0 ? fmt.ratio(c.raw) + (valued[c.dataIndex].clv_ratio_interval
            ? ' (' + fmt.interval(valued[c.dataIndex].clv_ratio_interval, fmt.ratio) + ')' : '') : '1×') } },
        },
      },
    });
  } else {
    emptyChart('chart-clv-ratio', 'No campaign has enough valued customers yet.');
  }

  const byLeads = [...rows].sort((a, b) => b.leads - a.leads);
  makeChart('chart-lead-quality', {
    type: 'bar',
    data: {
      labels: byLeads.map((r) => r.campaign),
      datasets: [
        { label: 'Mean lead score', data: byLeads.map((r) => r.mean_lead_score), backgroundColor: colors.primary, borderRadius: 4, yAxisID: 'y' },
        { label: 'Conversion', type: 'line', data: byLeads.map((r) => r.conversion_rate * 100),
          intervals: byLeads.map((r) => (r.conversion_interval ? r.conversion_interval.map((x) => x * 100) : null)),
          borderColor: colors.good, backgroundColor: colors.good, yAxisID: 'y1', pointRadius: 4, showLine: false },
      ],
    },
    options: {
      scales: {
        y: { beginAtZero: true, suggestedMax: 10, title: { display: true, text: 'mean lead score (0–100)' } },
        y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false },
          ticks: { callback: (v) => v + '%' }, title: { display: true, text: 'conversion' } },
        x: { grid: { display: false } },
      },
      plugins: { tooltip: { callbacks: { label: (c) => (c.datasetIndex === 0 ? 'score ' + fmt.decimal(c.raw, 1) : 'conversion ' + fmt.percent(c.raw / 100)) } } },
    },
  });

  const ci = (pair, f) => fmt.interval(pair, f);
  table('campaign-table', [
    { title: 'Campaign', cell: (r) => { const s = el('span', 'campaign-name', r.campaign); if (r.campaign === best) s.appendChild(el('b', 'badge', 'best value')); return s; } },
    { title: 'Leads', numeric: true, cell: (r) => fmt.integer(r.leads) },
    { title: 'Mean score', numeric: true, cell: (r) => fmt.decimal(r.mean_lead_score, 1) },
    { title: 'Tier A', numeric: true, cell: (r) => fmt.integer(r.tier_a_leads) },
    { title: 'Conversion', numeric: true, cell: (r) => withInterval(fmt.percent(r.conversion_rate), ci(r.conversion_interval, (x) => fmt.percent(x))) },
    { title: 'Customers', numeric: true, cell: (r) => fmt.integer(r.customers) },
    { title: 'Mean CLV', numeric: true, cell: (r) => withInterval(fmt.money(r.mean_clv), ci(r.mean_clv_interval, fmt.money)) },
    { title: 'CLV vs others', numeric: true, cell: (r) => withInterval(fmt.ratio(r.clv_ratio), ci(r.clv_ratio_interval, fmt.ratio)) },
  ], byLeads, (r) => (r.campaign === best ? 'highlight' : ''));
}
