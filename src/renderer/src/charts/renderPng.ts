/**
 * The exported pictures: a chart drawn once off screen, on a white background, at a fixed size,
 * as a PNG. The degree histogram, the CCDF and every plot over time export through here.
 */
import type { ChartConfiguration, ChartType, DefaultDataPoint, Plugin } from 'chart.js';
import { Chart } from './setup';

/** Width of an exported picture, px. */
export const PNG_WIDTH = 1200;
/** Height of an exported picture, px. */
export const PNG_HEIGHT = 800;

/** Paints the whole canvas white before anything else is drawn (chart.js draws on a transparent canvas). */
const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * Draws `config` on a {@link PNG_WIDTH}×{@link PNG_HEIGHT} canvas on white and returns the PNG as
 * base64 (without the `data:image/png;base64,` prefix). The chart is destroyed afterwards.
 */
export function renderChartPng<T extends ChartType, D = DefaultDataPoint<T>, L = unknown>(config: ChartConfiguration<T, D, L>): string {
  const canvas = document.createElement('canvas');
  canvas.width = PNG_WIDTH;
  canvas.height = PNG_HEIGHT;
  const chart = new Chart(canvas, { ...config, plugins: [...(config.plugins ?? []), whiteBackground as Plugin<T>] });
  try {
    chart.draw();
    const url = canvas.toDataURL('image/png');
    return url.slice(url.indexOf(',') + 1);
  } finally {
    chart.destroy();
  }
}
