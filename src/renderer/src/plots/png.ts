/**
 * Draws one plot over time into an offscreen 1200×800 px canvas (never attached to the page), on
 * white with its title and labelled axes (chartConfig.ts's PNG theme), and returns it as base64
 * PNG (no `data:` prefix) for the `exportPlot` command.
 */
import type { PlotName } from '../../../shared/types';
import { PNG_THEME, plotDatasets, plotOptions, type AlphaAxis } from './chartConfig';
import type { PlotData } from './series';
import { renderChartPng } from '../charts/renderPng';

/** Renders plot `name` of `data` and returns the PNG as base64 (without the `data:image/png;base64,` prefix). */
export function renderPlotPng(name: PlotName, data: PlotData, alphaAxis: AlphaAxis = 'peers'): string {
  return renderChartPng({
    type: 'scatter',
    data: plotDatasets(name, data, PNG_THEME, alphaAxis),
    options: plotOptions(name, data, PNG_THEME, alphaAxis, true),
  });
}
