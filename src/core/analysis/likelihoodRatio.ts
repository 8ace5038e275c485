/**
 * Likelihood-ratio tests of the power law against its alternatives: Clauset, Shalizi & Newman
 * 2009, §5.1 and Appendix C, with Vuong's normalised statistic (Q. H. Vuong, "Likelihood ratio
 * tests for model selection and non-nested hypotheses", Econometrica 57(2):307–333, 1989).
 */
import type { AlternativeFit, AlternativeName } from './alternatives';
import { ALTERNATIVES, fitAlternative } from './alternatives';
import type { Binning } from './discreteLaws';
import { erfc } from './erfc';
import type { PowerLawFit } from './powerlaw';
import { hurwitzZeta } from './zeta';
import type { Tail } from './tail';
import { tailOf } from './tail';

/** A two-sided p below this means the sign of R can be trusted (CSN §5.1 use 0.1). */
export const LR_SIGNIFICANCE = 0.1;

/**
 * Vuong's test of two models on the same n points: R, the normalised statistic and its p-value.
 *
 * - `R` = Σ ℓ_i, ℓ_i = ln p₁(x_i) − ln p₂(x_i) (CSN eq. 5.1–5.2); R > 0 favours model 1
 * - `sigma`: standard deviation of the ℓ_i (divisor n − 1, as R's `sd` and poweRlaw's
 *   `compare_distributions`; CSN eq. 5.4 divide by n, which differs by a factor √(n/(n−1)))
 * - `statistic` = R / (σ √n), asymptotically standard normal when neither model is closer to the truth
 * - `p` = erfc(|R| / (σ √(2n))) = 2 Φ(−|statistic|) (CSN eq. C.6), two-sided
 *
 * When σ = 0 (every ℓ_i equal): p = 1 if R = 0, else the statistic is ±∞ and p = 0.
 */
export interface VuongResult {
  R: number;
  sigma: number;
  statistic: number;
  p: number;
}

/**
 * Vuong's test on a tail given the two models' log-pmfs (natural logs).
 *
 * @param tail the points, as distinct values with counts (n ≥ 2)
 * @param logPmf1 ln p₁(x) (the power law in CSN's convention)
 * @param logPmf2 ln p₂(x) (the alternative)
 * @throws RangeError if the tail has fewer than 2 points
 */
export function vuongTest(tail: Pick<Tail, 'values' | 'counts' | 'n'>, logPmf1: (x: number) => number, logPmf2: (x: number) => number): VuongResult {
  const n = tail.n;
  if (!(n >= 2)) throw new RangeError(`vuongTest: needs at least 2 points, got ${n}`);
  const ell = tail.values.map((x) => logPmf1(x) - logPmf2(x));
  let R = 0;
  for (let i = 0; i < ell.length; i++) R += (tail.counts[i] as number) * (ell[i] as number);
  const mean = R / n;
  let ss = 0;
  for (let i = 0; i < ell.length; i++) ss += (tail.counts[i] as number) * ((ell[i] as number) - mean) ** 2;
  const sigma = Math.sqrt(ss / (n - 1));
  if (!(sigma > 0)) return { R, sigma: 0, statistic: R === 0 ? 0 : R > 0 ? Infinity : -Infinity, p: R === 0 ? 1 : 0 };
  const statistic = R / (sigma * Math.sqrt(n));
  return { R, sigma, statistic, p: erfc(Math.abs(statistic) / Math.SQRT2) };
}

/** Which model a likelihood-ratio test favours: by the sign of R, and only when p < 0.1. */
export type Favoured = 'power law' | AlternativeName | 'neither';

/**
 * One likelihood-ratio test: the alternative's fit (name, params, log-likelihood, whether it
 * degenerated into a power law), Vuong's result with the power law as model 1 (R > 0 favours the
 * power law), and which is favoured.
 */
export interface LikelihoodRatioTest extends VuongResult {
  alternative: AlternativeName;
  params: Record<string, number>;
  logLikelihood: number;
  degenerate: boolean;
  favoured: Favoured;
}

/**
 * Which model a test favours (CSN §5.1): the sign of R when p < {@link LR_SIGNIFICANCE}, else
 * neither — and neither when the alternative's fit degenerated into a power law (see
 * `AlternativeFit.degenerate`).
 */
export function favouredBy(alternative: AlternativeName, r: Pick<VuongResult, 'R' | 'p'>, degenerate = false): Favoured {
  if (degenerate || !(r.p < LR_SIGNIFICANCE) || r.R === 0) return 'neither';
  return r.R > 0 ? 'power law' : alternative;
}

/** The fitted power law's log-pmf ln P(X = x | X ≥ x_min) = −α ln x − ln ζ(α, x_min) (CSN eq. 3.5). */
export function powerLawLogPmf(fit: Pick<PowerLawFit, 'alpha' | 'xmin'>): (x: number) => number {
  const logNorm = Math.log(hurwitzZeta(fit.alpha, fit.xmin));
  return (x) => -fit.alpha * Math.log(x) - logNorm;
}

/**
 * The power law against each alternative on the tail x ≥ fit.xmin of `degrees` (CSN §5.1): each
 * alternative fitted there by maximum likelihood (`alternatives.ts`), then Vuong's test.
 *
 * @param degrees the sample the fit came from (non-negative integers)
 * @param fit its power-law fit (`fitPowerLaw`)
 * @param options `binning` of the continuous alternatives ('round' default, as shared/README.md and R's poweRlaw; see `discreteLaws.ts`);
 *   `alternatives` to test (default all three, in {@link ALTERNATIVES} order)
 * @returns one test per alternative, in the order asked
 * @throws RangeError if the tail has fewer than two distinct values or a degree is invalid
 */
export function likelihoodRatioTests(
  degrees: readonly number[],
  fit: Pick<PowerLawFit, 'alpha' | 'xmin'>,
  options: { binning?: Binning; alternatives?: readonly AlternativeName[] } = {},
): LikelihoodRatioTest[] {
  const tail = tailOf(degrees, fit.xmin);
  const pl = powerLawLogPmf(fit);
  return (options.alternatives ?? ALTERNATIVES).map((name) => {
    const alt: AlternativeFit = fitAlternative(name, tail, fit.alpha, options.binning);
    const v = vuongTest(tail, pl, alt.logPmf);
    const favoured = favouredBy(name, v, alt.degenerate);
    return { alternative: name, params: alt.params, logLikelihood: alt.logLikelihood, degenerate: alt.degenerate, ...v, favoured };
  });
}
