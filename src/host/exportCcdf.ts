/**
 * The degree CCDF with its power-law fit as CSV, for `exportDegrees` with `chart: 'ccdf'`:
 * computed here from the host's own degrees with core/analysis (the same fit and CCDF the panel
 * draws), one row per distinct positive degree x: the empirical P(X ≥ x) and the fitted one.
 */
import { ccdf } from '../core/analysis/degrees';
import { powerLawCcdf, safeFit } from '../core/analysis/powerlaw';
import type { DegreeScope } from '../shared/types';

/** The CSV's header line. */
export const CCDF_CSV_HEADER = 'degree,empirical_ccdf,fitted_ccdf';

/**
 * The CCDF CSV of `degrees`: `#` comment lines (the scope line when given, then the fit: α ± σ,
 * x_min, KS D, tail of n, or that there is none, and what the columns are), the header
 * {@link CCDF_CSV_HEADER}, then for each distinct positive degree x ascending: x, the empirical
 * P(X ≥ x) over the positive degrees, and the fitted P(X ≥ x) = nTail/n · ζ(α, x)/ζ(α, x_min)
 * for x ≥ x_min (empty below x_min; Clauset, Shalizi & Newman 2009, eq. 3.5 summed).
 *
 * @param degrees the peers' degrees (zeros are left out, as by the fit and a log axis)
 * @param scopeLine a first comment line naming the scope (exportDegrees.ts `scopeComment`), if any
 */
export function ccdfCsv(degrees: readonly number[], scopeLine?: string): string {
  const positive = degrees.filter((d) => d > 0);
  const fit = safeFit(positive);
  const fitLine =
    fit === null
      ? '# no power-law fit: fewer than two distinct positive degrees'
      : `# discrete power-law fit (Clauset, Shalizi & Newman 2009): alpha ${fit.alpha} ± ${fit.sigma}, xmin ${fit.xmin}, KS D ${fit.D}, tail ${fit.nTail} of ${fit.n}`;
  const columns = '# empirical_ccdf = P(X ≥ degree) over the positive degrees; fitted_ccdf = nTail/n · ζ(alpha, degree)/ζ(alpha, xmin), for degree ≥ xmin';
  const scale = fit === null ? 0 : fit.nTail / fit.n;
  const rows = ccdf(positive).map(({ degree, p }) => `${degree},${p},${fit !== null && degree >= fit.xmin ? powerLawCcdf(fit, degree) * scale : ''}`);
  return [...(scopeLine === undefined ? [] : [scopeLine]), fitLine, columns, CCDF_CSV_HEADER, ...rows].join('\n') + '\n';
}

/** The file name proposed for a CCDF export of `scope`: `degree-ccdf-<scope>.png` / `.csv`. */
export function ccdfFileName(format: 'png' | 'csv', scope: DegreeScope): string {
  return `degree-ccdf-${scope}.${format}`;
}
