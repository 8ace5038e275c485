/**
 * Draws the degree CCDF on log-log axes into an offscreen 1200×800 px canvas — the empirical
 * P(X ≥ x), the fitted power law from x_min and, when one applies, the exponent the attachment
 * rule predicts (dashed) — with a white background, a title, a subtitle with n and the fit, a
 * legend and labelled axes, and returns it as base64 PNG for `exportDegrees` (`chart: 'ccdf'`).
 */
import type { DegreeReport } from '../../../shared/types';
import { ccdfPoints, fitLine, pngSubtitle } from './degreeData';
import type { PredictedSeries } from './ccdfPredicted';
import { predictedDataset } from './ccdfPredicted';
import { CHART_COLOR } from './setup';
import { renderChartPng } from './renderPng';

/** Log-axis labels at 1, 2 and 5 times a power of ten. */
function logTick(value: string | number): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const mantissa = Math.round((v / 10 ** Math.floor(Math.log10(v) + 1e-9)) * 1000) / 1000;
  return mantissa === 1 || mantissa === 2 || mantissa === 5 ? String(Number(v.toPrecision(3))) : '';
}

/**
 * Renders the CCDF with its fit (and `predicted`, when given) and returns the PNG as base64
 * (without the `data:image/png;base64,` prefix).
 */
export function renderCcdfPng(report: DegreeReport, predicted: PredictedSeries | null = null): string {
  const ink = '#1f2937';
  const grid = '#e5e7eb';
  const axis = (text: string) => ({
    type: 'logarithmic' as const,
    title: { display: true, text, color: ink, font: { size: 20 } },
    ticks: { color: ink, font: { size: 16 }, autoSkip: false, callback: logTick },
    grid: { color: grid },
  });
  const fit = report.fit;
  const subtitle = pngSubtitle(report) + (predicted ? ` · predicted α = ${predicted.alpha.toFixed(2)} (Dorogovtsev, Mendes & Samukhin 2000)` : '');
  return renderChartPng({
    type: 'scatter',
    data: {
      datasets: [
        { label: 'empirical P(X ≥ x)', data: ccdfPoints(report), backgroundColor: '#2563eb', borderColor: '#1d4ed8', pointRadius: 5 },
        { label: fit ? `power-law fit α = ${fit.alpha.toFixed(2)}, x ≥ ${fit.xmin}` : 'power-law fit', data: fitLine(report), showLine: true, borderColor: '#d97706', backgroundColor: CHART_COLOR.fit, borderWidth: 3, pointRadius: 0 },
        ...(predicted ? [{ ...predictedDataset(predicted), borderColor: '#059669', backgroundColor: '#059669', borderWidth: 3 }] : []),
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { top: 16, right: 40, bottom: 24, left: 24 } },
      plugins: {
        legend: { display: true, position: 'top', align: 'end', labels: { color: ink, font: { size: 16 } } },
        tooltip: { enabled: false },
        title: { display: true, text: 'Peer degree CCDF (log-log)', color: ink, font: { size: 30, weight: 'bold' }, padding: { top: 8, bottom: 6 } },
        subtitle: { display: true, text: subtitle, color: '#4b5563', font: { size: 15 }, padding: { bottom: 16 } },
      },
      scales: { x: axis('degree x'), y: { ...axis('P(X ≥ x)'), max: 1 } },
    },
  });
}
