// Model health: is the lead score any good (ROC, calibration, lift, what it weighs), and does
// the customer-value model predict purchases it did not see (holdout, P(alive)).
import { colors, emptyChart, makeChart } from './charts.js';
import { el, kpis, lede } from './dom.js';
import * as fmt from './format.js';

const square = { x: { type: 'linear', min: 0, max: 1 }, y: { type: 'linear', min: 0, max: 1 } };
const diagonal = (label) => ({ type: 'line', label, data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: colors.muted,
  borderDash: [5, 5], pointRadius: 0, borderWidth: 1.5 });

export function renderModel(model) {
  if (!model) {
    lede('health-lede', ['No lead-scoring model yet: run the train and score jobs.']);
    ['chart-roc', 'chart-calibration', 'chart-lift', 'chart-features'].forEach((id) => emptyChart(id, 'No model yet.'));
    return;
  }
  lede('health-lede', ['Lead model ', el('code', '', model.version), ' (' + (model.kind === 'logreg' ? 'logistic regression' : 'gradient-boosted trees') +
    '), checked on ' + fmt.integer(model.validation_rows) + ' leads it was not trained on: AUC ' + fmt.decimal(model.auc, 3) +
    (model.lift.length ? ', and the top tenth of scores converts ' + fmt.ratio(model.lift[0].lift) + ' as often as the average lead.' : '.')]);
  document.getElementById('roc-caption').textContent = 'ROC curve · AUC ' + fmt.decimal(model.auc, 3);
  if (model.roc.length) {
    makeChart('chart-roc', {
      type: 'scatter',
      data: { datasets: [
        { type: 'line', label: 'Model', data: model.roc.map(([x, y]) => ({ x, y })), borderColor: colors.primary,
          backgroundColor: colors.primarySoft, fill: true, pointRadius: 0, borderWidth: 2 },
        diagonal('Random'),
      ] },
      options: { scales: { x: { ...square.x, title: { display: true, text: 'false positive rate' } },
        y: { ...square.y, title: { display: true, text: 'true positive rate' } } } },
    });
  } else {
    emptyChart('chart-roc', 'This model version stored no ROC points.');
  }
  makeChart('chart-calibration', {
    type: 'scatter',
    data: { datasets: [
      { type: 'line', label: 'Model', data: model.calibration.map((b) => ({ x: b.mean_predicted, y: b.observed_rate, n: b.count })),
        borderColor: colors.primary, backgroundColor: colors.primary, pointRadius: 4 },
      diagonal('Perfectly calibrated'),
    ] },
    options: {
      scales: { x: { ...square.x, ticks: { callback: (v) => fmt.percent(v, 0) }, title: { display: true, text: 'predicted' } },
        y: { ...square.y, ticks: { callback: (v) => fmt.percent(v, 0) }, title: { display: true, text: 'observed' } } },
      plugins: { tooltip: { callbacks: { label: (c) => fmt.percent(c.raw.x) + ' predicted, ' + fmt.percent(c.raw.y) +
        ' observed' + (c.raw.n ? ' (' + fmt.integer(c.raw.n) + ' leads)' : '') } } },
    },
  });
  makeChart('chart-lift', {
    type: 'bar',
    data: { labels: model.lift.map((d) => String(d.decile)), datasets: [
      { label: 'Lift', data: model.lift.map((d) => d.lift), backgroundColor: model.lift.map((d) => (d.lift >= 1 ? colors.primary : colors.muted)), borderRadius: 4 },
      { type: 'line', label: 'Average lead (1×)', data: model.lift.map(() => 1), borderColor: colors.warn, borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5 },
    ] },
    options: { scales: { x: { title: { display: true, text: 'score decile (1 = highest)' }, grid: { display: false } },
      y: { beginAtZero: true, ticks: { callback: (v) => fmt.ratio(v) } } } },
  });
  const features = model.features;
  makeChart('chart-features', {
    type: 'bar',
    data: { labels: features.map((f) => f.column), datasets: [{
      label: model.kind === 'logreg' ? 'log-odds per standard deviation' : 'splits using the feature',
      data: features.map((f) => f.weight),
      backgroundColor: features.map((f) => (f.weight >= 0 ? colors.good : colors.bad)), borderRadius: 3,
    }] },
    options: { indexAxis: 'y', scales: { y: { grid: { display: false }, ticks: { autoSkip: false, font: { size: 11 } } } },
      plugins: { legend: { display: true, position: 'bottom' } } },
  });
}

export function renderLtv(ltv) {
  if (!ltv) {
    kpis('ltv-kpis', [{ label: 'Customer-value model', value: 'not fitted yet', note: 'run the ltv job' }]);
    emptyChart('chart-holdout', 'No customer-value fit yet.');
    document.getElementById('alive-matrix').replaceChildren(el('p', 'empty', 'No customer-value fit yet.'));
    return;
  }
  const unit = ltv.time_unit;
  const totals = ltv.totals || {};
  kpis('ltv-kpis', [
    { label: 'Customers', value: fmt.count(totals.customers) },
    { label: 'Expected still active', value: fmt.count(totals.expected_alive), note: fmt.percent(totals.expected_alive / totals.customers) + ' of customers' },
    { label: 'Purchases expected', value: fmt.count(totals.expected_purchases), note: 'next ' + fmt.integer(ltv.horizon) + ' ' + unit + 's' },
    { label: 'Customer lifetime value', value: fmt.money(totals.clv_total), note: 'all customers, discounted' },
  ]);
  const holdout = ltv.holdout;
  if (holdout && holdout.by_calibration_frequency && holdout.by_calibration_frequency.length) {
    const bins = holdout.by_calibration_frequency;
    document.getElementById('holdout-caption').textContent = 'Repeat purchases in the ' + fmt.decimal(holdout.duration, 0) + '-' +
      holdout.duration_unit + ' holdout: predicted ' + fmt.count(holdout.predicted_repeat_purchases) + ', actual ' + fmt.count(holdout.actual_repeat_purchases);
    makeChart('chart-holdout', {
      type: 'bar',
      data: { labels: bins.map((b) => b.calibration_frequency), datasets: [
        { label: 'Actual (holdout)', data: bins.map((b) => b.mean_actual), backgroundColor: colors.muted, borderRadius: 3 },
        { label: 'Predicted', data: bins.map((b) => b.mean_predicted), backgroundColor: colors.primary, borderRadius: 3 },
      ] },
      options: { scales: { x: { title: { display: true, text: 'repeat purchases in the calibration period' }, grid: { display: false } },
        y: { beginAtZero: true, title: { display: true, text: 'mean repeat purchases in the holdout' } } } },
    });
  } else {
    emptyChart('chart-holdout', 'This fit was not checked on a holdout period.');
  }
  renderAliveMatrix(ltv.alive_matrix, unit);
}

// A heat map as a table: rows are recency (most recent at the top), columns frequency.
function renderAliveMatrix(matrix, unit) {
  const box = document.getElementById('alive-matrix');
  box.replaceChildren();
  if (!matrix) { box.appendChild(el('p', 'empty', 'No customers in this fit.')); return; }
  document.getElementById('alive-caption').textContent = 'P(alive) by repeat purchases and recency, for a customer observed ' +
    fmt.decimal(matrix.age, 0) + ' ' + unit + 's';
  const t = el('table', 'matrix');
  const head = t.createTHead().insertRow();
  head.appendChild(el('th', 'corner', 'recency ↓ / purchases →'));
  matrix.frequencies.forEach((f) => head.appendChild(el('th', '', fmt.integer(f))));
  const body = t.createTBody();
  for (let r = matrix.recencies.length - 1; r >= 0; r--) {
    const tr = body.insertRow();
    tr.appendChild(el('th', '', fmt.decimal(matrix.recencies[r], 0)));
    matrix.values[r].forEach((p, c) => {
      const td = tr.insertCell();
      td.className = p > 0.55 ? 'cell dark' : 'cell';  // white text where the cell is dark
      td.style.setProperty('--p', p.toFixed(3));
      td.title = fmt.percent(p) + ' alive with ' + matrix.frequencies[c] + ' repeat purchases, the last at ' +
        fmt.decimal(matrix.recencies[r], 1) + ' ' + unit + 's';
      td.textContent = Math.round(p * 100);
    });
  }
  box.appendChild(t);
  box.appendChild(el('p', 'legend', 'Numbers are P(alive) in %. Dark: the customer is very likely still buying.'));
}
