// Product: the funnel with per-step conversion, the step that loses the most people called
// out in words, and the time it takes to convert.
import { colors, emptyChart, makeChart } from './charts.js';
import { el, kpis, lede, table } from './dom.js';
import * as fmt from './format.js';

export function renderProduct(funnel) {
  const total = funnel.total;
  const steps = total.steps;
  const worst = total.worst_step;
  const last = steps[steps.length - 1];
  if (!total.entered) {
    lede('product-lede', ['Nobody has signed up yet.']);
    emptyChart('chart-funnel', 'No sign-ups yet.');
    return;
  }
  if (worst) {
    const step = steps.find((s) => s.name === worst.to);
    const strong = el('strong', 'worst-step', fmt.stepName(worst.from) + ' → ' + fmt.stepName(worst.to));
    strong.dataset.worstStep = worst.label;
    lede('product-lede', ['The biggest loss is ', strong, ': ' + fmt.percent(worst.drop_rate) + ' of the people who reached “' +
      fmt.stepName(worst.from).toLowerCase() + '” never got to “' + fmt.stepName(worst.to).toLowerCase() + '” (' +
      fmt.integer(step.dropped) + ' people). Fixing this step moves every step after it.']);
  }
  kpis('product-kpis', [
    { label: 'Signed up', value: fmt.count(total.entered) },
    { label: 'Converted', value: fmt.count(last.persons), note: fmt.percent(last.conversion_from_first) + ' of sign-ups' },
    { label: 'Median time to convert', value: fmt.duration(total.median_seconds_to_convert), note: 'sign-up to subscription' },
    { label: 'Conversion window', value: fmt.duration(funnel.window_seconds) },
  ]);
  makeChart('chart-funnel', {
    type: 'bar',
    data: {
      labels: steps.map((s) => fmt.stepName(s.name)),
      datasets: [{
        label: 'People',
        data: steps.map((s) => s.persons),
        backgroundColor: steps.map((s) => (worst && s.name === worst.to ? colors.bad : colors.primary)),
        borderRadius: 4,
      }],
    },
    options: {
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => fmt.count(v) } }, x: { grid: { display: false } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (c) => fmt.integer(c.raw) + ' people · ' + fmt.percent(steps[c.dataIndex].conversion_from_previous) + ' of the previous step' } },
      },
    },
    plugins: [{
      id: 'stepRates',
      afterDatasetsDraw(chart) {
        const { ctx } = chart;
        ctx.save();
        ctx.font = '600 12px ' + chart.options.font.family;
        ctx.textAlign = 'center';
        chart.getDatasetMeta(0).data.forEach((bar, i) => {
          if (i === 0) return;
          ctx.fillStyle = worst && steps[i].name === worst.to ? colors.bad : colors.text;
          ctx.fillText(fmt.percent(steps[i].conversion_from_previous, 0), bar.x, bar.y - 6);
        });
        ctx.restore();
      },
    }],
  });
  table('funnel-table', [
    { title: 'Step', cell: (s) => fmt.stepName(s.name) },
    { title: 'People', numeric: true, cell: (s) => fmt.integer(s.persons) },
    { title: 'From previous', numeric: true, cell: (s) => fmt.percent(s.conversion_from_previous) },
    { title: 'From sign-up', numeric: true, cell: (s) => fmt.percent(s.conversion_from_first) },
    { title: 'Median time', numeric: true, cell: (s) => (s.median_seconds_from_previous === null ? '' : fmt.duration(s.median_seconds_from_previous)) },
  ], steps, (s) => (worst && s.name === worst.to ? 'worst' : ''));
}
