/** Bar chart of the peers' degrees: one bar per degree present, height = number of peers. */
import { useMemo } from 'react';
import type { ChartData, ChartOptions } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import type { DegreeReport } from '../../../shared/types';
import { SCOPE_LABEL, histogramBins, type XY } from '../charts/degreeData';
import { CHART_COLOR } from '../charts/setup';

const options: ChartOptions<'bar'> = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  plugins: {
    legend: { display: false },
    tooltip: { callbacks: { title: (items) => `degree ${items[0]?.parsed.x ?? ''}`, label: (item) => `${item.parsed.y} peers` } },
  },
  scales: {
    x: { type: 'linear', offset: true, title: { display: true, text: 'degree' }, ticks: { precision: 0 }, grid: { display: false } },
    y: { beginAtZero: true, title: { display: true, text: 'peers' }, ticks: { precision: 0 } },
  },
};

/** The histogram (`data-testid="degree-histogram"`, `data-total` = Σ heights, `data-bars` = bars). */
export function DegreeHistogram({ report }: { report: DegreeReport }) {
  const bins = useMemo(() => histogramBins(report), [report]);
  const data = useMemo<ChartData<'bar', XY[]>>(
    () => ({
      datasets: [
        {
          label: 'peers',
          data: bins.map((b) => ({ x: b.degree, y: b.count })),
          backgroundColor: CHART_COLOR.bar,
          borderRadius: 2,
          barPercentage: 0.85,
          categoryPercentage: 1,
        },
      ],
    }),
    [bins],
  );
  const total = bins.reduce((s, b) => s + b.count, 0);
  return (
    <div className="chart histogram" data-testid="degree-histogram" data-total={total} data-bars={bins.length}>
      {bins.length === 0 ? <p className="chart-empty">{report.scope === 'both' ? 'no peers yet' : `no ${SCOPE_LABEL[report.scope]} yet`}</p> : <Bar data={data} options={options} updateMode="none" aria-label="degree histogram" />}
    </div>
  );
}
