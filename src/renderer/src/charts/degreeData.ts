/**
 * Numbers behind the degree charts: histogram bars, the empirical CCDF and the fitted power-law
 * line, and the one-line fit summary. Pure functions over a {@link DegreeReport}.
 */
import type { DegreeReport } from '../../../shared/contract';
import { ccdf, degreeHistogram, type DegreeBin } from '../../../core/analysis/degrees';
import { powerLawCcdf, type PowerLawFit } from '../../../core/analysis/powerlaw';

/** A point of a chart: x = degree, y = a count or a probability. */
export interface XY {
  x: number;
  y: number;
}

/** Most points drawn on the fitted line. */
const FIT_POINTS = 120;

/** Histogram bins of the peers' degrees (one per distinct degree, ascending). */
export function histogramBins(report: DegreeReport): DegreeBin[] {
  return degreeHistogram(report.degrees);
}

/**
 * The empirical CCDF P(X ≥ x) of the positive degrees (zeros cannot sit on a log axis, and the fit
 * ignores them too, so both curves share one normalisation).
 */
export function ccdfPoints(report: DegreeReport): XY[] {
  return ccdf(report.degrees.filter((d) => d > 0)).map((p) => ({ x: p.degree, y: p.p }));
}

/**
 * The fitted power law as a CCDF over the whole positive sample: P(X ≥ x) = ζ(α, x)/ζ(α, x_min) ·
 * nTail/n for x from x_min to the largest degree (integers, thinned to at most ~120 points).
 */
export function fitLine(report: DegreeReport): XY[] {
  const fit = report.fit;
  if (fit === null) return [];
  const max = report.degrees.reduce((m, d) => Math.max(m, d), 0);
  if (max < fit.xmin) return [];
  const xs = new Set<number>();
  if (max - fit.xmin <= FIT_POINTS) for (let x = fit.xmin; x <= max; x++) xs.add(x);
  else {
    const ratio = Math.log(max / fit.xmin);
    for (let i = 0; i <= FIT_POINTS; i++) xs.add(Math.round(fit.xmin * Math.exp((ratio * i) / FIT_POINTS)));
  }
  const scale = fit.nTail / fit.n;
  return [...xs].sort((a, b) => a - b).map((x) => ({ x, y: powerLawCcdf(fit, x) * scale }));
}

/** `α = 2.53 ± 0.12, x_min = 2, KS D = 0.041, n = 30`, or "not enough data to fit". */
export function fitSummary(fit: PowerLawFit | null): string {
  if (fit === null) return 'not enough data to fit';
  return `α = ${fit.alpha.toFixed(2)} ± ${fit.sigma.toFixed(2)}, x_min = ${fit.xmin}, KS D = ${fit.D.toFixed(3)}, n = ${fit.n}`;
}
