/**
 * Draws one plot over time into an offscreen 1200×800 px canvas (never attached to the page), on
 * white with its title and labelled axes (chartConfig.ts's PNG theme), and returns it as base64
 * PNG (no `data:` prefix) for the `exportPlot` command.
 */
import type { PlotName } from '../../../shared/types';
import { PNG_HEIGHT, PNG_WIDTH } from '../charts/exportPng';
import { Chart } from '../charts/setup';
import { PNG_THEME, plotDatasets, plotOptions, type AlphaAxis } from './chartConfig';
import type { PlotData } from './series';
import { whiteBackground } from '../charts/whiteBackground';

const whiteBackgroundPlugin = whiteBackground<'scatter'>();

/** Renders plot `name` of `data` and returns the PNG as base64 (without the `data:image/png;base64,` prefix). */
export function renderPlotPng(name: PlotName, data: PlotData, alphaAxis: AlphaAxis = 'peers'): string {
  const canvas = document.createElement('canvas');
  canvas.width = PNG_WIDTH;
  canvas.height = PNG_HEIGHT;
  const chart = new Chart(canvas, {
    type: 'scatter',
    data: plotDatasets(name, data, PNG_THEME, alphaAxis),
    options: plotOptions(name, data, PNG_THEME, alphaAxis, true),
    plugins: [whiteBackgroundPlugin],
  });
  try {
    chart.draw();
    const url = canvas.toDataURL('image/png');
    return url.slice(url.indexOf(',') + 1);
  } finally {
    chart.destroy();
  }
}
