/**
 * The degree report the UI draws — for the live network and for an opened edge list alike: the
 * degrees, their power-law fit, the histogram, the CCDF of the positive degrees and the fitted
 * line. Computed here with core/analysis so the page needs no analysis code.
 */
import { ccdf, degreeHistogram } from '../core/analysis/degrees';
import { powerLawCcdfLine, safeFit } from '../core/analysis/powerlaw';
import type { DegreeReport, DegreeScope } from '../shared/types';
import { DEFAULT_DEGREE_SCOPE } from '../shared/types';

/**
 * The report of a degree sequence (never throws: too little to fit gives `fit: null`).
 * @param scope which peers the degrees are of (./degreeScope.ts); an edge list's report ignores it
 */
export function degreeReport(degrees: number[], scope: DegreeScope = DEFAULT_DEGREE_SCOPE): DegreeReport {
  const fit = safeFit(degrees);
  const max = degrees.reduce((m, d) => Math.max(m, d), 0);
  return {
    scope,
    degrees,
    fit,
    histogram: degreeHistogram(degrees),
    ccdf: ccdf(degrees.filter((d) => d > 0)),
    fitLine: fit === null ? [] : powerLawCcdfLine(fit, max),
  };
}
