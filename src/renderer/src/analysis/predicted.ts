/**
 * The exponent the peers' attachment rule predicts, to draw beside the fit: α = 3 + 1/m for
 * attachment ∝ degree + 1 (core/analysis/attachment.ts; Dorogovtsev, Mendes & Samukhin 2000),
 * as text and as a reference line on the log-log CCDF.
 */
import { PREDICTED_ALPHA_SOURCE, predictedAlpha } from '../../../core/analysis/attachment';
import type { DegreeReport } from '../../../shared/types';

/** A point of a chart: x = degree, y = P(X ≥ x). */
export interface XY {
  x: number;
  y: number;
}

/** The predicted exponent for m neighbours and where it comes from. */
export interface Predicted {
  m: number;
  alpha: number;
  /** The citation (DMS 2000) with the formula. */
  source: string;
}

/** Short citation for labels. */
export const PREDICTED_SHORT_SOURCE = 'Dorogovtsev, Mendes & Samukhin 2000';

/**
 * The prediction for the peers' m (PeerTiming.neighbours, the Timing setting), or null without
 * a valid m.
 */
export function predictedFor(m: number | null | undefined): Predicted | null {
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1) return null;
  return { m, alpha: predictedAlpha(m, 1), source: PREDICTED_ALPHA_SOURCE };
}

/** `predicted α = 3.50 for m = 2 (attachment ∝ degree + 1; Dorogovtsev, Mendes & Samukhin 2000; finite networks approach it from below)`. */
export function predictedText(p: Predicted): string {
  return `predicted α = ${p.alpha.toFixed(2)} for m = ${p.m} (attachment ∝ degree + 1; ${PREDICTED_SHORT_SOURCE}); finite networks approach it from below`;
}

/**
 * The predicted power law as a CCDF reference line: slope −(α_pred − 1) on log-log axes, anchored
 * where the fitted line starts (x_min, P(X ≥ x_min)), drawn to the largest degree or until it falls
 * to half the smallest empirical P, whichever comes first (so it does not stretch the y axis).
 * A straight line on log-log axes, so two points draw it.
 *
 * @returns `[]` without a fit or without points to anchor on
 */
export function predictedLine(report: Pick<DegreeReport, 'fit' | 'fitLine' | 'ccdf'>, alpha: number): XY[] {
  const fit = report.fit;
  const start = report.fitLine[0];
  const last = report.ccdf[report.ccdf.length - 1];
  if (fit === null || start === undefined || last === undefined || !(alpha > 1)) return [];
  const x0 = start.degree;
  const y0 = start.p;
  const yFloor = Math.min(...report.ccdf.map((p) => p.p)) / 2;
  const xFloor = x0 * (y0 / yFloor) ** (1 / (alpha - 1));
  const x1 = Math.min(last.degree, xFloor);
  if (!(x1 > x0)) return [];
  return [
    { x: x0, y: y0 },
    { x: x1, y: y0 * (x1 / x0) ** -(alpha - 1) },
  ];
}
