/**
 * Numbers behind the degree charts, from the host's {@link DegreeReport} (it computes the
 * histogram, the CCDF and the fitted line with core/analysis): chart points, the one-line fit
 * summary and the exported picture's subtitle. Pure functions, no DOM; no analysis code in the page.
 */
import type { CcdfPoint, DegreeBin, DegreeReport, DegreeScope, PowerLawFit } from '../../../shared/types';

/** Each degree scope in words: the panel's choices, the fit label, the PNG's title. */
export const SCOPE_LABEL: Readonly<Record<DegreeScope, string>> = {
  both: 'local + remote peers',
  local: 'local peers',
  remote: 'remote peers',
};

/** The exported picture's title: `Peer degree distribution · remote peers`. */
export function pngTitle(report: Pick<DegreeReport, 'scope'>): string {
  return `Peer degree distribution · ${SCOPE_LABEL[report.scope]}`;
}

/** A point of a chart: x = degree, y = a count or a probability. */
export interface XY {
  x: number;
  y: number;
}

/** Histogram bins of the peers' degrees (one per distinct degree, ascending). */
export function histogramBins(report: DegreeReport): DegreeBin[] {
  return report.histogram;
}

/** CCDF points as chart points. */
const xy = (points: readonly CcdfPoint[]): XY[] => points.map((p) => ({ x: p.degree, y: p.p }));

/**
 * The empirical CCDF P(X ≥ x) of the positive degrees (zeros cannot sit on a log axis, and the fit
 * ignores them too, so both curves share one normalisation).
 */
export function ccdfPoints(report: Pick<DegreeReport, 'ccdf'>): XY[] {
  return xy(report.ccdf);
}

/** The fitted power law as a CCDF over the whole positive sample (at most ~120 points). */
export function fitLine(report: Pick<DegreeReport, 'fitLine'>): XY[] {
  return xy(report.fitLine);
}

/**
 * Fewer points than this in the fitted tail (x ≥ x_min) and α says little: the warning of
 * {@link tailWarning}. (Clauset, Shalizi & Newman 2009 show the estimate is badly biased and its
 * σ meaningless for tails this small.)
 */
export const SMALL_TAIL = 10;

/** `α = 2.53 ± 0.12, x_min 2, KS D = 0.041, tail 30 of 42`, or "not enough data to fit". */
export function fitSummary(fit: PowerLawFit | null): string {
  if (fit === null) return 'not enough data to fit';
  return `α = ${fit.alpha.toFixed(2)} ± ${fit.sigma.toFixed(2)}, x_min ${fit.xmin}, KS D = ${fit.D.toFixed(3)}, tail ${fit.nTail} of ${fit.n}`;
}

/** `tail of 3 points: α is not meaningful` when the fit rests on fewer than {@link SMALL_TAIL} points, else null. */
export function tailWarning(fit: PowerLawFit | null): string | null {
  if (fit === null || fit.nTail >= SMALL_TAIL) return null;
  return `tail of ${fit.nTail} point${fit.nTail === 1 ? '' : 's'}: α is not meaningful (fewer than ${SMALL_TAIL} peers have degree ≥ x_min)`;
}

/**
 * The exported picture's subtitle (./exportPng.ts): sample size, the fit and when, so the picture
 * stands on its own.
 */
export function pngSubtitle(report: DegreeReport, at: Date = new Date()): string {
  const peers = report.degrees.length;
  const fit = report.fit;
  const fitText =
    fit === null
      ? 'no power-law fit (not enough data)'
      : `power-law fit: α = ${fit.alpha.toFixed(2)} ± ${fit.sigma.toFixed(2)}, x_min = ${fit.xmin} (KS D = ${fit.D.toFixed(3)}, ${fit.nTail} peers in the tail)${fit.nTail < SMALL_TAIL ? ' — too few for a meaningful α' : ''}`;
  return `n = ${peers} peer${peers === 1 ? '' : 's'} · ${fitText} · ${at.toLocaleString()}`;
}
