/*
 * Bar charts for the lead's dashboard, drawn with Chart.js (https://www.chartjs.org/docs/latest/getting-started/integration.html):
 * only the parts a bar chart needs are registered, and this module is loaded on the dashboard only, so the work pages do
 * not carry the library.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface BarChartData {
  labels: string[];
  values: number[];
  /** Shown on the value axis, e.g. "%" or "cases". */
  unit: string;
  horizontal?: boolean;
  /** The axis ends here (100 for shares in per cent); by default Chart.js picks it. */
  max?: number;
}

/** Draws a bar chart into the canvas; call the returned function to release it before the canvas goes away. */
export function drawBarChart(canvas: HTMLCanvasElement, data: BarChartData): () => void {
  const valueAxis = { beginAtZero: true, max: data.max, title: { display: true, text: data.unit } };
  const chart = new Chart(canvas, {
    type: 'bar',
    data: { labels: data.labels, datasets: [{ data: data.values, backgroundColor: '#0b5cad' }] },
    options: {
      indexAxis: data.horizontal ? 'y' : 'x',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { tooltip: { enabled: true } },
      scales: data.horizontal ? { x: valueAxis } : { y: valueAxis },
    },
  });
  return () => chart.destroy();
}
