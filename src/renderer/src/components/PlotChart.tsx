/**
 * One plot over time on the panel (chart.js scatter, plots/chartConfig.ts's dark theme). The
 * wrapper carries `data-testid="plot-chart"`, `data-plot` (its name), `data-series` (its datasets'
 * labels) and `data-series-points` (their point counts, `|`-separated) for tests and assistive
 * summaries.
 */
import { useMemo } from 'react';
import { Scatter } from 'react-chartjs-2';
import type { PlotName } from '../../../shared/types';
import { PLOT_TITLES, SCREEN_THEME, axisTitles, plotDatasets, plotOptions, type AlphaAxis } from '../plots/chartConfig';
import type { PlotData } from '../plots/series';

/** What the plot shows when it has no data yet. */
const EMPTY: Record<PlotName, string> = {
  coverage: 'no gossip message yet',
  traffic: 'no traffic reading yet (once a second while nodes run)',
  population: 'no peers yet',
  alpha: 'no power-law fit yet',
  detection: 'no crashed node yet (kill one from the inspector)',
};

/** The chart of plot `name`. */
export function PlotChart({ name, data, alphaAxis }: { name: PlotName; data: PlotData; alphaAxis: AlphaAxis }) {
  const chartData = useMemo(() => plotDatasets(name, data, SCREEN_THEME, alphaAxis), [name, data, alphaAxis]);
  const options = useMemo(() => plotOptions(name, data, SCREEN_THEME, alphaAxis), [name, data, alphaAxis]);
  const empty = chartData.datasets.every((d) => d.data.length === 0);
  const axes = axisTitles(name, alphaAxis);
  return (
    <div
      className="chart plot"
      data-testid="plot-chart"
      data-plot={name}
      data-series={chartData.datasets.map((d) => d.label).join('|')}
      data-series-points={chartData.datasets.map((d) => d.data.length).join('|')}
    >
      {empty ? (
        <p className="chart-empty">{EMPTY[name]}</p>
      ) : (
        <Scatter data={chartData} options={options} updateMode="none" aria-label={`${PLOT_TITLES[name]}: ${axes.y} against ${axes.x}`} role="img" />
      )}
    </div>
  );
}
