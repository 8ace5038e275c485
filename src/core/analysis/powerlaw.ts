/**
 * Discrete power-law fit of a degree sequence by maximum likelihood and the Kolmogorov–Smirnov
 * choice of x_min: A. Clauset, C. R. Shalizi, M. E. J. Newman, "Power-law distributions in
 * empirical data", SIAM Review 51(4):661–703 (2009), §3 (MLE, discrete case) and §3.3 (x_min).
 * The exact recipe (which the fixtures in shared/fixtures/powerlaw encode) is in shared/README.md.
 */
import { brentMinimize } from './brent';
import { hurwitzZeta } from './zeta';
import { distinctWithCounts } from './tail';

/**
 * A fitted discrete power law p(x) = x^{−alpha} / ζ(alpha, xmin) for x ≥ xmin.
 *
 * - `alpha`: the exponent α, in (1, {@link ALPHA_MAX}]
 * - `xmin`: the smallest value the power law describes (an integer ≥ 1)
 * - `D`: Kolmogorov–Smirnov distance between the tail and the fitted model (0..1)
 * - `nTail`: how many values are ≥ xmin
 * - `sigma`: standard error of alpha, (α − 1)/√nTail (Clauset et al. eq. 3.6 leading order)
 * - `n`: how many values there were after dropping zeros
 */
export interface PowerLawFit {
  alpha: number;
  xmin: number;
  D: number;
  nTail: number;
  sigma: number;
  n: number;
}

/** Lower end of the α search interval (the likelihood diverges to −∞ at α = 1). */
export const ALPHA_MIN = 1;
/** Upper end of the α search interval, inclusive. */
export const ALPHA_MAX = 20;
/** Absolute tolerance on α for the 1-D maximiser. */
const ALPHA_TOL = 1e-8;
/** Keep α strictly above 1 so ζ(α, ·) stays finite. */
const ALPHA_FLOOR = ALPHA_MIN + 1e-9;
/** Integer ranges at most this long are summed term by term; longer ones by a zeta difference. */
const DIRECT_SUM_MAX = 64;

/**
 * Discrete power-law log-likelihood of a tail (Clauset et al. 2009, eq. 3.5):
 * L(α) = −n·ln ζ(α, xmin) − α·Σ ln x_i.
 *
 * @param alpha exponent, > 1
 * @param xmin lower cut-off, ≥ 1
 * @param nTail number of tail values n
 * @param sumLog Σ ln x_i over the tail values
 * @throws RangeError (from hurwitzZeta) if alpha ≤ 1 or xmin ≤ 0
 */
export function powerLawLogLikelihood(alpha: number, xmin: number, nTail: number, sumLog: number): number {
  return -nTail * Math.log(hurwitzZeta(alpha, xmin)) - alpha * sumLog;
}

/**
 * The α in (1, {@link ALPHA_MAX}] that maximises {@link powerLawLogLikelihood} (L is concave in α,
 * so Brent's method on the bracket finds the global maximum).
 *
 * @param xmin lower cut-off, ≥ 1
 * @param nTail number of tail values
 * @param sumLog Σ ln x_i over the tail
 */
export function maximumLikelihoodAlpha(xmin: number, nTail: number, sumLog: number): number {
  const negL = (alpha: number): number => -powerLawLogLikelihood(alpha, xmin, nTail, sumLog);
  return brentMinimize(negL, ALPHA_FLOOR, ALPHA_MAX, ALPHA_TOL).x;
}

/** Σ_{k=a}^{b} k^{−α} for integers 1 ≤ a ≤ b (0 when b < a). */
function powerSum(alpha: number, a: number, b: number): number {
  if (b < a) return 0;
  if (b - a < DIRECT_SUM_MAX) {
    let s = 0;
    for (let k = b; k >= a; k--) s += Math.pow(k, -alpha);
    return s;
  }
  return hurwitzZeta(alpha, a) - hurwitzZeta(alpha, b + 1);
}

/**
 * KS distance D = max over integers x in [xmin, max] of |S(x) − P(x)| between the empirical CDF
 * S of a tail and the model CDF P(x) = Σ_{k=xmin}^{x} k^{−α} / ζ(α, xmin).
 * S is constant between consecutive distinct values and P increases, so the maximum over each
 * such run is at one of its ends: only the distinct values and the integers just before them
 * are evaluated.
 *
 * @param alpha fitted exponent
 * @param values distinct values, ascending; the tail is values[from..], values[from] = xmin
 * @param counts how often each of `values` occurs
 * @param nTail Σ counts[from..]
 * @param from index of xmin in `values`
 */
function ksDistance(alpha: number, values: ArrayLike<number>, counts: ArrayLike<number>, nTail: number, from: number): number {
  const xmin = values[from] as number;
  const norm = hurwitzZeta(alpha, xmin);
  let mass = 0; // Σ_{k=xmin}^{x} k^{−α} at the current x
  let x = xmin - 1;
  let seen = 0;
  let d = 0;
  for (let j = from; j < values.length; j++) {
    const v = values[j] as number;
    if (v - 1 > x) {
      // Right end of the run where S = seen/nTail: the integer v − 1.
      mass += powerSum(alpha, x + 1, v - 1);
      x = v - 1;
      d = Math.max(d, Math.abs(seen / nTail - mass / norm));
    }
    mass += Math.pow(v, -alpha);
    x = v;
    seen += counts[j] as number;
    d = Math.max(d, Math.abs(seen / nTail - mass / norm));
  }
  return d;
}

/**
 * Fits a discrete power law to a degree sequence (Clauset, Shalizi & Newman 2009, §3 and §3.3):
 * zeros are dropped; every distinct value except the largest is tried as x_min; for each, α is the
 * maximum-likelihood exponent of the tail on (1, 20] and D its KS distance; the fit with the
 * smallest D wins (ties: the smaller x_min).
 *
 * Cost: one sort, then per candidate x_min a ~20-step 1-D maximisation with O(1) work per step
 * (tail size and Σ ln x come from suffix sums) and one O(distinct values) KS pass.
 *
 * @param degrees non-negative integers (a node's degree each)
 * @returns the fit, or `null` when there is nothing to fit: fewer than two distinct positive
 *   values (including an empty input or all zeros)
 * @throws RangeError if a value is negative, non-integer or not finite
 */
export function fitPowerLaw(degrees: readonly number[]): PowerLawFit | null {
  const positive: number[] = [];
  for (const d of degrees) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`fitPowerLaw: degrees must be non-negative integers, got ${d}`);
    }
    if (d > 0) positive.push(d);
  }
  const n = positive.length;
  positive.sort((a, b) => a - b);

  const { values, counts } = distinctWithCounts(positive);
  return fitDistinctValues(values, counts, n);
}

/**
 * {@link fitPowerLaw} on data already sorted and counted: the same procedure and result, without
 * the validation and the sort (the bootstrap in `bootstrap.ts` fits thousands of synthetic sets).
 *
 * @param values distinct positive integers, ascending
 * @param counts how often each of `values` occurs (each ≥ 1)
 * @param n Σ counts
 * @returns the fit, or `null` when there are fewer than two distinct values
 */
export function fitDistinctValues(values: ArrayLike<number>, counts: ArrayLike<number>, n: number): PowerLawFit | null {
  const m = values.length;
  if (m < 2) return null;

  // Suffix sums: tail size and Σ ln x over values ≥ values[i].
  const tailCount = new Array<number>(m + 1).fill(0);
  const tailLog = new Array<number>(m + 1).fill(0);
  for (let i = m - 1; i >= 0; i--) {
    const c = counts[i] as number;
    tailCount[i] = (tailCount[i + 1] as number) + c;
    tailLog[i] = (tailLog[i + 1] as number) + c * Math.log(values[i] as number);
  }

  let best: PowerLawFit | null = null;
  for (let i = 0; i < m - 1; i++) {
    const xmin = values[i] as number;
    const nTail = tailCount[i] as number;
    const alpha = maximumLikelihoodAlpha(xmin, nTail, tailLog[i] as number);
    const D = ksDistance(alpha, values, counts, nTail, i);
    if (best === null || D < best.D) {
      best = { alpha, xmin, D, nTail, sigma: (alpha - 1) / Math.sqrt(nTail), n };
    }
  }
  return best;
}

/**
 * Model CCDF P(X ≥ x) = ζ(α, x)/ζ(α, xmin) of a fitted power law, conditional on X ≥ xmin
 * (so it is 1 at x ≤ xmin). Non-integer x is rounded up (X is integer). To overlay it on the
 * CCDF of the whole sample, multiply by `fit.nTail / fit.n`.
 *
 * @param fit a result of {@link fitPowerLaw}
 * @param x the degree at which to evaluate
 * @returns a probability in [0, 1]
 * @throws RangeError if x is NaN
 */
export function powerLawCcdf(fit: Pick<PowerLawFit, 'alpha' | 'xmin'>, x: number): number {
  if (Number.isNaN(x)) throw new RangeError('powerLawCcdf: x is NaN');
  if (x <= fit.xmin) return 1;
  if (x === Infinity) return 0;
  return hurwitzZeta(fit.alpha, Math.ceil(x)) / hurwitzZeta(fit.alpha, fit.xmin);
}

/** The power-law fit of `degrees`, or null when there is too little to fit (never throws). */
export function safeFit(degrees: readonly number[]): PowerLawFit | null {
  try {
    return fitPowerLaw(degrees);
  } catch {
    return null;
  }
}

/**
 * The fitted power law as a CCDF over the whole positive sample, for drawing: P(X ≥ x) =
 * ζ(α, x)/ζ(α, x_min) · nTail/n at integer x from x_min to `maxDegree`, thinned (evenly on a log
 * scale) to at most about `maxPoints` points. Empty when `maxDegree` < x_min.
 */
export function powerLawCcdfLine(fit: PowerLawFit, maxDegree: number, maxPoints = 120): Array<{ degree: number; p: number }> {
  if (maxDegree < fit.xmin) return [];
  const xs = new Set<number>();
  if (maxDegree - fit.xmin <= maxPoints) for (let x = fit.xmin; x <= maxDegree; x++) xs.add(x);
  else {
    const ratio = Math.log(maxDegree / fit.xmin);
    for (let i = 0; i <= maxPoints; i++) xs.add(Math.round(fit.xmin * Math.exp((ratio * i) / maxPoints)));
  }
  const scale = fit.nTail / fit.n;
  return [...xs].sort((a, b) => a - b).map((x) => ({ degree: x, p: powerLawCcdf(fit, x) * scale }));
}
