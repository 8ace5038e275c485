/**
 * Log-probabilities of the discrete laws the power law is compared with (Clauset, Shalizi &
 * Newman 2009, §5 and Table 2.1), each on the tail x ≥ x_min and each made discrete from the
 * survival function S(t) = P(Y ≥ t) of its continuous form:
 *
 *   'round' (X = round(Y), the default): P(X = x | X ≥ x_min) = [S(x − ½) − S(x + ½)] / S(x_min − ½)
 *   'floor' (X = ⌊Y⌋):                   P(X = x | X ≥ x_min) = [S(x) − S(x + 1)] / S(x_min)
 *
 * 'round' is the default: it nests the power law best, and it is the discretisation of shared/README.md and of the R package poweRlaw (C. S. Gillespie, J. Stat. Softw.
 * 64(2), 2015), which computed the `reference` values of shared/fixtures/powerlaw; for the
 * exponential the two coincide. Both are computed from ln S, never from S, so tails far beyond
 * the bulk (S ≈ 1e-300 and below) keep full relative accuracy:
 *
 *   ln P(x) = [ln S(e) − ln S(e_min)] + ln(1 − exp(ln S(e + 1) − ln S(e))),  e = x − c, c ∈ {0, ½},
 *
 * the last factor by `expm1`. The laws (t > 0):
 * - exponential, rate λ > 0:                S(t) = e^{−λt};
 * - lognormal, μ ∈ ℝ, σ > 0:                S(t) = ½ erfc((ln t − μ)/(σ√2));
 * - stretched exponential (Weibull), λ, β > 0: S(t) = exp(−λ t^β).
 */
import { logErfc } from './erfc';

/** How a continuous law is made discrete: X = ⌊Y⌋ ('floor') or X = round(Y) ('round'). */
export type Binning = 'floor' | 'round';

/** The bin [x − c, x + 1 − c) of the integer x: c = 0 for 'floor', ½ for 'round'. */
export function binOffset(binning: Binning): number {
  return binning === 'round' ? 0.5 : 0;
}

/**
 * ln P(X = x | X ≥ xmin) from a function giving ln S(t) − ln S(t0) for t ≥ t0 (see the module
 * comment). Returns −Infinity where the probability underflows or the parameters are invalid.
 */
function logBinMass(logRatio: (t: number, t0: number) => number, x: number, xmin: number, c: number): number {
  const e = x - c;
  const upTo = logRatio(e, xmin - c);
  const step = logRatio(e + 1, e);
  if (Number.isNaN(upTo) || Number.isNaN(step) || step === 0) return -Infinity;
  return upTo + Math.log(-Math.expm1(step));
}

/**
 * ln P(X = x | X ≥ xmin) of the discrete exponential, (1 − e^{−λ}) e^{−λ(x − xmin)} under
 * either binning.
 *
 * @param lambda rate λ > 0 (per unit of x)
 * @param x an integer ≥ xmin
 * @param xmin lower cut-off, an integer ≥ 1
 */
export function exponentialLogPmf(lambda: number, x: number, xmin: number): number {
  return -lambda * (x - xmin) + Math.log(-Math.expm1(-lambda));
}

/**
 * ln P(X = x | X ≥ xmin) of the discrete lognormal with parameters μ, σ of ln Y (see the module
 * comment). The ratio of two far tails is computed as a difference of ln erfc values, each exact
 * to ~1e-13 relative (`erfc.ts`), so a fit drifting toward a power law (μ → −∞, σ → ∞) stays finite.
 *
 * @param mu mean of ln Y (any real)
 * @param sigma standard deviation of ln Y, > 0
 * @param x an integer ≥ xmin
 * @param xmin lower cut-off, an integer ≥ 1
 * @param binning see {@link Binning}
 * @returns ln P, or −Infinity for σ ≤ 0 or where P underflows
 */
export function lognormalLogPmf(mu: number, sigma: number, x: number, xmin: number, binning: Binning = 'round'): number {
  if (!(sigma > 0)) return -Infinity;
  const scale = 1 / (sigma * Math.SQRT2);
  const logS = (t: number): number => logErfc((Math.log(t) - mu) * scale);
  return logBinMass((t, t0) => logS(t) - logS(t0), x, xmin, binOffset(binning));
}

/**
 * ln P(X = x | X ≥ xmin) of the discrete stretched exponential S(t) = exp(−λ t^β). The
 * differences t^β − t0^β are formed as t0^β · expm1(β ln(t/t0)), without cancellation as β → 0.
 *
 * @param lambda λ > 0
 * @param beta β > 0 (β = 1: the exponential)
 * @param x an integer ≥ xmin
 * @param xmin lower cut-off, an integer ≥ 1
 * @param binning see {@link Binning}
 * @returns ln P, or −Infinity for λ ≤ 0, β ≤ 0 or where P underflows
 */
export function stretchedExponentialLogPmf(lambda: number, beta: number, x: number, xmin: number, binning: Binning = 'round'): number {
  if (!(lambda > 0) || !(beta > 0)) return -Infinity;
  return logBinMass((t, t0) => -lambda * Math.pow(t0, beta) * Math.expm1(beta * Math.log(t / t0)), x, xmin, binOffset(binning));
}
