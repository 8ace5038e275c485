/**
 * Maximum-likelihood fits, on the tail x ≥ x_min, of the alternatives to the power law that
 * Clauset, Shalizi & Newman 2009 (§5, Table 2.1) test it against: the discrete exponential, the
 * discrete lognormal and the discrete stretched exponential (their laws: `discreteLaws.ts`).
 */
import type { Binning } from './discreteLaws';
import { exponentialLogPmf, lognormalLogPmf, stretchedExponentialLogPmf } from './discreteLaws';
import { nelderMead } from './nelderMead';
import type { Tail } from './tail';
import { sumOverTail } from './tail';

/** The alternatives, by the names CSN use. */
export type AlternativeName = 'exponential' | 'lognormal' | 'stretched exponential';

/** Every alternative, in the order they are reported. */
export const ALTERNATIVES: readonly AlternativeName[] = ['exponential', 'lognormal', 'stretched exponential'];

/**
 * A fitted alternative: its parameters (exponential `{lambda}`, lognormal `{mu, sigma}` of ln Y,
 * stretched exponential `{lambda, beta}` of S(t) = exp(−λ t^β)), its maximised log-likelihood
 * Σ ln P(x_i) over the tail (natural log), and its log-pmf ln P(X = x | X ≥ x_min).
 *
 * `degenerate`: the maximum lies at the edge of the search where the law turns into a power law
 * itself (lognormal σ → ∞ with μ/σ² fixed; stretched exponential β → 0 with λβ fixed). The
 * likelihood ratio then compares two power laws binned differently, not the alternative's shape,
 * and says nothing about it (CSN §5.2 on alternatives that contain the power law).
 */
export interface AlternativeFit {
  name: AlternativeName;
  params: Record<string, number>;
  logLikelihood: number;
  logPmf: (x: number) => number;
  degenerate: boolean;
}

/** Bounds of the 2-parameter searches (outside them the objective is +∞). */
const LOG_B_RANGE = [-18, 10] as const; // lognormal b = 1/(2σ²): σ from 7e-5 to ~5,000
const LOG_BETA_RANGE = [Math.log(1e-4), Math.log(50)] as const;
const LOG_LAMBDA_RANGE = [-60, 60] as const;
/** A maximum this close (in ln b or ln β) to the power-law edge of its range counts as degenerate. */
const EDGE = 1;

/**
 * The discrete exponential's MLE, in closed form: with m = mean(x_i) − x_min over the tail, the
 * likelihood n·ln(1 − e^{−λ}) − λ·n·m is maximal at λ = ln(1 + 1/m).
 *
 * @param tail at least two distinct values (else m = 0 and λ = ∞)
 * @throws RangeError if every tail value equals x_min
 */
export function fitExponential(tail: Tail): AlternativeFit {
  const mean = sumOverTail(tail, (x) => x) / tail.n;
  const m = mean - tail.xmin;
  if (!(m > 0)) throw new RangeError('fitExponential: every tail value equals x_min; the rate is infinite');
  const lambda = Math.log1p(1 / m);
  const logPmf = (x: number): number => exponentialLogPmf(lambda, x, tail.xmin);
  return { name: 'exponential', params: { lambda }, logLikelihood: sumOverTail(tail, logPmf), logPmf, degenerate: false };
}

/** Minimises −log-likelihood from each start by Nelder–Mead and keeps the best. */
function bestOf(negLogLik: (p: readonly number[]) => number, starts: readonly (readonly number[])[], step: readonly number[]): number[] {
  let best: { x: number[]; fx: number } | null = null;
  for (const s of starts) {
    if (!Number.isFinite(negLogLik(s))) continue;
    const r = nelderMead(negLogLik, s, { step, fTol: 1e-10, xTol: 1e-9, maxIterations: 4000 });
    if (best === null || r.fx < best.fx) best = r;
  }
  if (best === null) throw new RangeError('no starting point has a finite likelihood');
  return best.x;
}

/** Mean and standard deviation of ln x over the tail. */
function logMoments(tail: Tail): { mean: number; sd: number } {
  const mean = tail.sumLog / tail.n;
  const v = sumOverTail(tail, (x) => (Math.log(x) - mean) ** 2) / tail.n;
  return { mean, sd: Math.sqrt(Math.max(v, 1e-6)) };
}

/**
 * The discrete lognormal's MLE by Nelder–Mead. It searches in (a, ln b), where the lognormal
 * density is ∝ t^{−a} e^{−b (ln t)²}, i.e. b = 1/(2σ²) and a = 1 − μ/σ²: there the likelihood is
 * nearly quadratic, and the ridge toward a power law (b → 0, a → α) that the raw (μ, σ) make
 * long and curved (μ → −∞, σ → ∞) is straight. Starts: the moments of ln x over the tail, and a
 * point near the fitted power law; the better of the two ends is kept.
 *
 * @param tail the tail (at least two distinct values)
 * @param alpha the power law's exponent on the same tail (a starting point)
 * @param binning see {@link Binning}
 * @returns params `{mu, sigma}` of ln Y
 */
export function fitLognormal(tail: Tail, alpha: number, binning: Binning = 'round'): AlternativeFit {
  const toMuSigma = (p: readonly number[]): [number, number] => {
    const b = Math.exp(p[1] as number);
    return [(1 - (p[0] as number)) / (2 * b), 1 / Math.sqrt(2 * b)];
  };
  const negLogLik = (p: readonly number[]): number => {
    if ((p[1] as number) < LOG_B_RANGE[0] || (p[1] as number) > LOG_B_RANGE[1]) return Infinity;
    const [mu, sigma] = toMuSigma(p);
    return -sumOverTail(tail, (x) => lognormalLogPmf(mu, sigma, x, tail.xmin, binning));
  };
  const { mean, sd } = logMoments(tail);
  const fromMoments = [1 - mean / (sd * sd), Math.log(1 / (2 * sd * sd))];
  const nearPowerLaw = [alpha, Math.log(1e-3)];
  const best = bestOf(negLogLik, [fromMoments, nearPowerLaw], [0.5, 1]);
  const [mu, sigma] = toMuSigma(best);
  const logPmf = (x: number): number => lognormalLogPmf(mu, sigma, x, tail.xmin, binning);
  const degenerate = (best[1] as number) < LOG_B_RANGE[0] + EDGE;
  return { name: 'lognormal', params: { mu, sigma }, logLikelihood: sumOverTail(tail, logPmf), logPmf, degenerate };
}

/**
 * The discrete stretched exponential's MLE by Nelder–Mead in (ln λ, ln β), β in [1e-4, 50].
 * Starts: the exponential's MLE (β = 1), β = ½, and a point near the fitted power law
 * (β = 0.05 with λβ = α − 1, where λ t^β ≈ λ + λβ ln t); the best end is kept.
 *
 * @param tail the tail (at least two distinct values)
 * @param alpha the power law's exponent on the same tail (a starting point)
 * @param binning see {@link Binning}
 * @returns params `{lambda, beta}` of S(t) = exp(−λ t^β)
 */
export function fitStretchedExponential(tail: Tail, alpha: number, binning: Binning = 'round'): AlternativeFit {
  const negLogLik = (p: readonly number[]): number => {
    const [logLambda, logBeta] = p as [number, number];
    if (logBeta < LOG_BETA_RANGE[0] || logBeta > LOG_BETA_RANGE[1]) return Infinity;
    if (logLambda < LOG_LAMBDA_RANGE[0] || logLambda > LOG_LAMBDA_RANGE[1]) return Infinity;
    return -sumOverTail(tail, (x) => stretchedExponentialLogPmf(Math.exp(logLambda), Math.exp(logBeta), x, tail.xmin, binning));
  };
  const exp = fitExponential(tail).params.lambda as number;
  const { mean } = logMoments(tail);
  const starts = [
    [Math.log(exp), 0],
    [Math.log(exp) + 0.5 * mean, Math.log(0.5)], // λ t^½ ≈ λ_exp t at t = the geometric mean
    [Math.log((Math.max(alpha, 1.01) - 1) / 0.05), Math.log(0.05)],
  ];
  const best = bestOf(negLogLik, starts, [0.5, 0.5]);
  const lambda = Math.exp(best[0] as number);
  const beta = Math.exp(best[1] as number);
  const logPmf = (x: number): number => stretchedExponentialLogPmf(lambda, beta, x, tail.xmin, binning);
  const degenerate = (best[1] as number) < LOG_BETA_RANGE[0] + EDGE;
  return { name: 'stretched exponential', params: { lambda, beta }, logLikelihood: sumOverTail(tail, logPmf), logPmf, degenerate };
}

/**
 * Fits one alternative by name (see the functions above).
 *
 * @throws RangeError if the tail has fewer than two distinct values
 */
export function fitAlternative(name: AlternativeName, tail: Tail, alpha: number, binning: Binning = 'round'): AlternativeFit {
  if (tail.values.length < 2) throw new RangeError('fitAlternative: the tail needs at least two distinct values');
  if (name === 'exponential') return fitExponential(tail);
  if (name === 'lognormal') return fitLognormal(tail, alpha, binning);
  return fitStretchedExponential(tail, alpha, binning);
}
