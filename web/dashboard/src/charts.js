// The charts of the page: Chart.js, only the parts used (tree-shaken by esbuild), with one
// look for every chart and a small plugin that draws interval whiskers on bar charts.
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement,
  PointElement, ScatterController, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement,
  PointElement, ScatterController, Tooltip);

export const colors = {
  primary: '#4f46e5', primarySoft: 'rgba(79, 70, 229, 0.15)', muted: '#cbd5e1', text: '#334155', grid: '#e2e8f0',
  good: '#059669', bad: '#dc2626', warn: '#d97706', info: '#0284c7',
};

Chart.defaults.font.family = 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.color = colors.text;
Chart.defaults.borderColor = colors.grid;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.animation = false;  // a report, not a show; also keeps screenshots exact
Chart.defaults.plugins.legend.labels.boxWidth = 12;

// Draws [low, high] whiskers for datasets that carry an `intervals` array (one pair per bar).
const whiskers = {
  id: 'insightosWhiskers',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    chart.data.datasets.forEach((dataset, i) => {
      if (!dataset.intervals) return;
      const meta = chart.getDatasetMeta(i);
      const horizontal = chart.options.indexAxis === 'y';
      const scale = horizontal ? chart.scales[meta.xAxisID] : chart.scales[meta.yAxisID];
      ctx.save();
      ctx.strokeStyle = '#0f172a';
      ctx.lineWidth = 1.5;
      meta.data.forEach((bar, j) => {
        const pair = dataset.intervals[j];
        if (!pair || pair[0] === null || pair[1] === null) return;
        const a = scale.getPixelForValue(pair[0]);
        const b = scale.getPixelForValue(pair[1]);
        const c = horizontal ? bar.y : bar.x;
        const cap = 5;
        ctx.beginPath();
        if (horizontal) {
          ctx.moveTo(a, c); ctx.lineTo(b, c);
          ctx.moveTo(a, c - cap); ctx.lineTo(a, c + cap);
          ctx.moveTo(b, c - cap); ctx.lineTo(b, c + cap);
        } else {
          ctx.moveTo(c, a); ctx.lineTo(c, b);
          ctx.moveTo(c - cap, a); ctx.lineTo(c + cap, a);
          ctx.moveTo(c - cap, b); ctx.lineTo(c + cap, b);
        }
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};
Chart.register(whiskers);

// Every chart on the page, by canvas id (the browser tests read them).
export const charts = {};

export function makeChart(canvasId, config) {
  const canvas = document.getElementById(canvasId);
  if (!canvas) return null;
  charts[canvasId] = new Chart(canvas, config);
  return charts[canvasId];
}

// A note in place of a chart whose data the database does not have yet.
export function emptyChart(canvasId, message) {
  const canvas = document.getElementById(canvasId);
  if (!canvas) return;
  const note = document.createElement('p');
  note.className = 'empty';
  note.textContent = message;
  canvas.parentElement.replaceWith(note);
}
