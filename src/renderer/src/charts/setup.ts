/** Registers the chart.js pieces the renderer uses (once, on import) and sets the dark theme defaults. */
import {
  BarController,
  BarElement,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  SubTitle,
  Title,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, ScatterController, PointElement, LinearScale, LogarithmicScale, Filler, Legend, Title, SubTitle, Tooltip);

Chart.defaults.color = '#9fb0c8';
Chart.defaults.borderColor = '#243049';
Chart.defaults.font.family = 'Inter, system-ui, -apple-system, "Segoe UI", sans-serif';
Chart.defaults.font.size = 11;
Chart.defaults.animation = false;

export { Chart };

/** Colours of the degree charts. */
export const CHART_COLOR = {
  bar: '#4ea1ff',
  point: '#4ea1ff',
  fit: '#f5b942',
  /** An opened edge list's CCDF and its fit, beside the live network's. */
  compare: '#b48cf7',
  compareFit: '#f472b6',
} as const;
