/**
 * Draws the degree histogram into an offscreen 1200×800 px canvas (never attached to the page)
 * with a white background, a title naming the degree scope, a subtitle with n, α ± σ and x_min, and labelled axes, and
 * returns it as base64 PNG (no `data:` prefix) for the `exportDegrees` command.
 */
import type { DegreeReport } from '../../../shared/types';
import { histogramBins, pngSubtitle, pngTitle } from './degreeData';
import { CHART_COLOR } from './setup';
import { renderChartPng } from './renderPng';

export { PNG_HEIGHT, PNG_WIDTH } from './renderPng';

/** Renders the histogram and returns the PNG as base64 (without the `data:image/png;base64,` prefix). */
export function renderDegreePng(report: DegreeReport): string {
  const bins = histogramBins(report);
  const ink = '#1f2937';
  const grid = '#e5e7eb';
  return renderChartPng({
    type: 'bar',
    data: {
      datasets: [
        {
          label: 'peers',
          data: bins.map((b) => ({ x: b.degree, y: b.count })),
          backgroundColor: CHART_COLOR.bar,
          borderColor: '#1d4ed8',
          borderWidth: 1,
          barPercentage: 0.9,
          categoryPercentage: 1,
        },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { top: 16, right: 40, bottom: 24, left: 24 } },
      plugins: {
        legend: { display: false },
        tooltip: { enabled: false },
        title: { display: true, text: pngTitle(report), color: ink, font: { size: 30, weight: 'bold' }, padding: { top: 8, bottom: 6 } },
        subtitle: { display: true, text: pngSubtitle(report), color: '#4b5563', font: { size: 17 }, padding: { bottom: 24 } },
      },
      scales: {
        x: {
          type: 'linear',
          offset: true,
          title: { display: true, text: 'degree', color: ink, font: { size: 20 } },
          ticks: { color: ink, font: { size: 16 }, precision: 0 },
          grid: { color: grid },
        },
        y: {
          beginAtZero: true,
          title: { display: true, text: 'number of peers', color: ink, font: { size: 20 } },
          ticks: { color: ink, font: { size: 16 }, precision: 0 },
          grid: { color: grid },
        },
      },
    },
  });
}
