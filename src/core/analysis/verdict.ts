/**
 * The power-law analysis in words, phrased as Clauset, Shalizi & Newman 2009 phrase it (§4.1
 * for the goodness of fit, §5.1 for the likelihood ratios, §6 and Table 6.1 for the overall
 * support).
 */
import { GOF_PLAUSIBLE } from './bootstrap';
import type { LikelihoodRatioTest } from './likelihoodRatio';
import { LR_SIGNIFICANCE } from './likelihoodRatio';

/** The goodness-of-fit outcome: p ≥ 0.1 plausible, p < 0.1 ruled out, or no bootstrap was run. */
export type GoodnessOfFitOutcome = 'plausible' | 'ruled out' | 'not tested';

/**
 * The statistical support for the power law, in the terms of CSN Table 6.1's last column:
 * - `none`: the goodness-of-fit test rules the power law out (p < 0.1);
 * - `weak`: the power law is plausible, but an alternative is favoured over it;
 * - `moderate`: the power law is plausible and no alternative is favoured, but at least one is as
 *   plausible (an inconclusive likelihood ratio);
 * - `good`: the power law is plausible and favoured over every alternative.
 * (CSN's fifth level, "with cut-off", needs the power law with exponential cut-off, not tested here.)
 */
export type SupportLevel = 'none' | 'weak' | 'moderate' | 'good';

/** One likelihood-ratio test in words. */
export interface ComparisonVerdict {
  alternative: LikelihoodRatioTest['alternative'];
  favoured: LikelihoodRatioTest['favoured'];
  words: string;
}

/** The whole verdict: each part, the support level (null without a bootstrap) and the text lines. */
export interface PowerLawVerdict {
  goodnessOfFit: GoodnessOfFitOutcome;
  comparisons: ComparisonVerdict[];
  support: SupportLevel | null;
  lines: string[];
}

/**
 * The goodness-of-fit outcome of a bootstrap p-value (CSN §4.1: ruled out when p < 0.1).
 *
 * @param p the bootstrap p-value in [0, 1], or null when none was computed
 */
export function goodnessOfFitOutcome(p: number | null): GoodnessOfFitOutcome {
  if (p === null || Number.isNaN(p)) return 'not tested';
  return p >= GOF_PLAUSIBLE ? 'plausible' : 'ruled out';
}

/**
 * One likelihood-ratio test in words (CSN §5.1): "power law favoured", "<alternative> favoured"
 * (by the sign of R, when p < 0.1), or "inconclusive (p ≥ 0.1): neither is favoured"; a fit that
 * degenerated into a power law is inconclusive whatever its p.
 */
export function comparisonWords(t: Pick<LikelihoodRatioTest, 'alternative' | 'favoured' | 'p' | 'degenerate'>): string {
  if (t.degenerate) return `inconclusive: the ${t.alternative} fit degenerates into a power law; neither is favoured`;
  if (t.favoured === 'neither') return `inconclusive (p ≥ ${LR_SIGNIFICANCE}): neither is favoured`;
  return `${t.favoured} favoured`;
}

/** Formats a p-value: 3 decimals, or "< 0.001". */
export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`;
}

/**
 * The support level (see {@link SupportLevel}) from the goodness of fit and the tests.
 *
 * @returns null when the goodness of fit was not tested (the likelihood ratios alone cannot say
 *   whether the power law is plausible)
 */
export function supportLevel(gof: GoodnessOfFitOutcome, tests: readonly Pick<LikelihoodRatioTest, 'favoured'>[]): SupportLevel | null {
  if (gof === 'not tested') return null;
  if (gof === 'ruled out') return 'none';
  if (tests.some((t) => t.favoured !== 'power law' && t.favoured !== 'neither')) return 'weak';
  if (tests.some((t) => t.favoured === 'neither')) return 'moderate';
  return 'good';
}

/**
 * The verdict on a power-law fit, in words.
 *
 * @param gofP the bootstrap p-value (`bootstrapGoodnessOfFit`), or null when none was run
 * @param tests the likelihood-ratio tests (`likelihoodRatioTests`)
 */
export function powerLawVerdict(gofP: number | null, tests: readonly LikelihoodRatioTest[]): PowerLawVerdict {
  const goodnessOfFit = goodnessOfFitOutcome(gofP);
  const comparisons = tests.map((t) => ({ alternative: t.alternative, favoured: t.favoured, words: comparisonWords(t) }));
  const support = supportLevel(goodnessOfFit, tests);
  const lines: string[] = [];
  if (goodnessOfFit === 'not tested') lines.push('power law: goodness of fit not tested (run with --bootstrap N)');
  else lines.push(`power law: ${goodnessOfFit} (p = ${(gofP as number).toFixed(3)} ${goodnessOfFit === 'plausible' ? '≥' : '<'} ${GOF_PLAUSIBLE})`);
  for (const c of comparisons) lines.push(`vs ${c.alternative}: ${c.words}`);
  if (support !== null) lines.push(`support for the power law: ${support}`);
  return { goodnessOfFit, comparisons, support, lines };
}
