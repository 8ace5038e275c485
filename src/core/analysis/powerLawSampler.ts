/**
 * Random draws from a fitted discrete power law P(X = x) = x^{−α} / ζ(α, x_min), x ≥ x_min, for
 * the goodness-of-fit bootstrap (`bootstrap.ts`).
 */
import type { Random } from '../random';
import { hurwitzZeta } from './zeta';

/** How many integers from x_min on the exact inverse-CDF table covers (800 KB of doubles). */
export const SAMPLER_TABLE_SIZE = 100_000;

/** Draws one value of a discrete power law from a uniform u in [0, 1). */
export type PowerLawDraw = (u: number, random: Random) => number;

/**
 * A sampler of the discrete power law with exponent `alpha` above `xmin`. Built once (one pass
 * of x^{−α} over the table and two zeta values), then each draw costs a binary search and no
 * zeta call:
 * - for u ≤ P(X ≤ B), B = xmin + tableSize − 1, the exact inverse CDF: the smallest x with
 *   P(X ≤ x) > u, by binary search in the table of cumulative probabilities;
 * - beyond B (probability ζ(α, B+1)/ζ(α, xmin)), the continuous approximation of Clauset,
 *   Shalizi & Newman 2009, Appendix D (its approximation for discrete data), applied to X ≥ B + 1:
 *   x = ⌊(B + ½)(1 − r)^{−1/(α−1)} + ½⌋ with a fresh uniform r (its relative error in the pmf is
 *   O(x^{−2}), below 1e-10 at x ≥ B + 1).
 *
 * @param alpha exponent, > 1
 * @param xmin lower cut-off, an integer ≥ 1
 * @param tableSize integers covered exactly (default {@link SAMPLER_TABLE_SIZE})
 * @returns a function from a uniform u ∈ [0, 1) (and the generator, for the rare draw beyond the
 *   table) to an integer ≥ xmin
 * @throws RangeError if alpha ≤ 1, xmin is not an integer ≥ 1, or tableSize < 1
 */
export function powerLawSampler(alpha: number, xmin: number, tableSize = SAMPLER_TABLE_SIZE): PowerLawDraw {
  if (!(alpha > 1) || !Number.isFinite(alpha)) throw new RangeError(`powerLawSampler: alpha must be > 1, got ${alpha}`);
  if (!Number.isInteger(xmin) || xmin < 1) throw new RangeError(`powerLawSampler: xmin must be an integer ≥ 1, got ${xmin}`);
  if (!Number.isInteger(tableSize) || tableSize < 1) throw new RangeError(`powerLawSampler: bad tableSize ${tableSize}`);
  const norm = hurwitzZeta(alpha, xmin);
  const bound = xmin + tableSize - 1;
  const beyond = hurwitzZeta(alpha, bound + 1) / norm; // P(X > B)
  const cdf = new Float64Array(tableSize);
  // Sum the masses from the top of the table down (small terms first), anchored at P(X ≤ B) = 1 − beyond.
  let upper = 1 - beyond;
  for (let k = tableSize - 1; k >= 0; k--) {
    cdf[k] = upper;
    upper -= Math.pow(xmin + k, -alpha) / norm;
  }
  const top = cdf[tableSize - 1] as number;
  const shape = -1 / (alpha - 1);
  return (u, random) => {
    if (u >= top) return Math.floor((bound + 0.5) * Math.pow(1 - random.next(), shape) + 0.5);
    let lo = 0;
    let hi = tableSize - 1; // invariant: cdf[hi] > u
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return xmin + lo;
  };
}
