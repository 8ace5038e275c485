/**
 * The CCDF P(X ≥ x) of the peers' degrees on log-log axes, with the fitted power law for x ≥ x_min;
 * with an opened edge list, its CCDF and fitted line over them, each labelled with its α.
 */
import { useMemo } from 'react';
import type { ChartData, ChartOptions } from 'chart.js';
import { Scatter } from 'react-chartjs-2';
import type { DegreeReport, TopologySummary } from '../../../shared/types';
import { ccdfPoints, fitLine, type XY } from '../charts/degreeData';
import { CHART_COLOR } from '../charts/setup';
import { predictedDataset, type PredictedSeries } from '../charts/ccdfPredicted';

/**
 * Log-axis tick label: 1, 2 and 5 times a power of ten while the axis spans at most two decades,
 * only powers of ten beyond that, so labels never crowd.
 */
function logTick(value: string | number, _index: number, ticks: Array<{ value: number }>): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const lo = ticks[0]?.value ?? v;
  const hi = ticks[ticks.length - 1]?.value ?? v;
  const decades = Math.abs(Math.log10(Math.max(hi, lo) / Math.max(Math.min(hi, lo), 1e-12)));
  const mantissa = Math.round((v / 10 ** Math.floor(Math.log10(v) + 1e-9)) * 1000) / 1000;
  const shown = decades > 2 ? mantissa === 1 : mantissa === 1 || mantissa === 2 || mantissa === 5;
  return shown ? String(Number(v.toPrecision(3))) : '';
}

/** Grid lines at labelled ticks stand out; the others stay faint. */
const logGrid = { color: (ctx: { tick?: { label?: unknown } }): string => (ctx.tick?.label ? '#2b3a58' : 'rgba(36, 48, 73, 0.35)') };

const options: ChartOptions<'scatter'> = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  plugins: {
    legend: { display: true, position: 'top', align: 'end', labels: { boxWidth: 10, boxHeight: 10, padding: 6 } },
    tooltip: { callbacks: { label: (item) => `P(X ≥ ${item.parsed.x}) = ${(item.parsed.y ?? 0).toPrecision(3)}` } },
  },
  scales: {
    x: { type: 'logarithmic', title: { display: true, text: 'degree x' }, ticks: { autoSkip: false, maxRotation: 0, callback: logTick }, grid: logGrid },
    y: { type: 'logarithmic', max: 1, title: { display: true, text: 'P(X ≥ x)' }, ticks: { autoSkip: false, callback: logTick }, grid: logGrid },
  },
};

/** ` · α 2.53`, or nothing without a fit. */
const alphaTag = (report: Pick<DegreeReport, 'fit'>): string => (report.fit ? ` · α ${report.fit.alpha.toFixed(2)}` : '');

/** An empirical CCDF and its fitted line, as two scatter datasets. */
function ccdfDatasets(points: XY[], line: XY[], labels: [string, string], colors: [string, string], pointStyle?: 'rect') {
  return [
    { label: labels[0], data: points, backgroundColor: colors[0], borderColor: colors[0], pointRadius: 3, pointHoverRadius: 5, pointStyle },
    { label: labels[1], data: line, showLine: true, borderColor: colors[1], backgroundColor: colors[1], borderWidth: 2, pointRadius: 0, hidden: line.length === 0 },
  ];
}

/**
 * The log-log CCDF chart (`data-testid="ccdf-chart"`; `data-series` lists its datasets' labels
 * and `data-series-points` their point counts, `|`-separated).
 * @param compare an opened edge list to draw over the live network, or null
 * @param predicted the predicted exponent's reference line, drawn last (../charts/ccdfPredicted.ts)
 */
export function CcdfChart({ report, compare = null, predicted = null }: { report: DegreeReport; compare?: TopologySummary | null; predicted?: PredictedSeries | null }) {
  const data = useMemo<ChartData<'scatter', XY[]>>(() => {
    const live = ccdfDatasets(
      ccdfPoints(report),
      fitLine(report),
      compare ? [`live${alphaTag(report)}`, 'live fit'] : ['empirical', 'power-law fit'],
      [CHART_COLOR.point, CHART_COLOR.fit],
    );
    // the exponent the attachment rule predicts, last, only when there is a line to draw
    const extra = predicted && predicted.line.length > 0 ? [predictedDataset(predicted)] : [];
    if (!compare) return { datasets: [...live, ...extra] };
    return {
      datasets: [
        ...live,
        ...ccdfDatasets(ccdfPoints(compare), fitLine(compare), [`${compare.name}${alphaTag(compare)}`, `${compare.name} fit`], [CHART_COLOR.compare, CHART_COLOR.compareFit], 'rect'),
        ...extra,
      ],
    };
  }, [report, compare, predicted]);
  const empty = data.datasets.every((d) => d.data.length === 0);
  return (
    <div
      className={`chart ccdf ${compare ? 'compare' : ''}`}
      data-testid="ccdf-chart"
      data-series={data.datasets.map((d) => d.label).join('|')}
      data-series-points={data.datasets.map((d) => d.data.length).join('|')}
    >
      {empty ? <p className="chart-empty">no degrees yet</p> : <Scatter data={data} options={options} updateMode="none" aria-label="degree CCDF, log-log" />}
    </div>
  );
}
