/**
 * The Hurwitz zeta function ζ(s, q) = Σ_{k≥0} (q + k)^{−s} for real s > 1, q > 0.
 *
 * It is the normalising constant of the discrete power law p(x) = x^{−α} / ζ(α, x_min)
 * used by the power-law fit (see `powerlaw.ts`).
 */

/**
 * Bernoulli numbers B_2, B_4, …, B_30 divided by (2j)!, i.e. B_{2j} / (2j)! for j = 1..15.
 * Values from DLMF Table 24.2.1 (exact rationals evaluated in double precision).
 */
const BERNOULLI_OVER_FACTORIAL: readonly number[] = [
  [1 / 6, 2],
  [-1 / 30, 24],
  [1 / 42, 720],
  [-1 / 30, 40320],
  [5 / 66, 3628800],
  [-691 / 2730, 479001600],
  [7 / 6, 87178291200],
  [-3617 / 510, 20922789888000],
  [43867 / 798, 6402373705728000],
  [-174611 / 330, 2432902008176640000],
  [854513 / 138, 1.1240007277776077e21],
  [-236364091 / 2730, 6.204484017332394e23],
  [8553103 / 6, 4.0329146112660565e26],
  [-23749461029 / 870, 3.0488834461171384e29],
  [8615841276005 / 14322, 2.6525285981219103e32],
].map(([b, f]) => (b as number) / (f as number));

/** Relative size below which an Euler–Maclaurin correction term no longer changes the sum. */
const TERM_EPSILON = 1e-17;

/**
 * Hurwitz zeta function ζ(s, q) = Σ_{k=0}^{∞} (q + k)^{−s}, for real s > 1 and q > 0.
 *
 * Method: Euler–Maclaurin summation (DLMF §25.11(iii), eq. 25.11.5 generalised; F. Johansson,
 * "Rigorous high-precision computation of the Hurwitz zeta function and its derivatives",
 * Numerical Algorithms 69 (2015) 253–270, eq. (2)):
 *
 *   ζ(s, q) = Σ_{k=0}^{N−1} (q+k)^{−s} + x^{1−s}/(s−1) + x^{−s}/2
 *             + Σ_{j=1}^{M} B_{2j}/(2j)! · s(s+1)…(s+2j−2) · x^{−s−2j+1} + R,   x = q + N.
 *
 * N is chosen so that x ≥ s + 10, which makes the ratio of consecutive correction terms at most
 * about ((s + 2j)/(2πx))² ≪ 1, so at most 15 Bernoulli terms give ~1e-15 relative accuracy for
 * the s range the fit uses (1 < s ≤ 20) and beyond; the series is cut once a term is negligible.
 *
 * @param s exponent, must be > 1 (the series diverges at s ≤ 1)
 * @param q shift, must be > 0
 * @returns ζ(s, q), a positive finite number (it may underflow to 0 for huge s·ln q)
 * @throws RangeError if s ≤ 1, q ≤ 0, or either is not finite
 */
export function hurwitzZeta(s: number, q: number): number {
  if (!Number.isFinite(s) || !(s > 1)) throw new RangeError(`hurwitzZeta: s must be > 1, got ${s}`);
  if (!Number.isFinite(q) || !(q > 0)) throw new RangeError(`hurwitzZeta: q must be > 0, got ${q}`);

  const n = Math.max(0, Math.ceil(s + 10 - q));
  let direct = 0;
  for (let k = n - 1; k >= 0; k--) direct += Math.pow(q + k, -s); // small terms first
  const x = q + n;
  const xPowMinusS = Math.pow(x, -s);
  let sum = direct + (x * xPowMinusS) / (s - 1) + xPowMinusS / 2;

  // t_j = B_{2j}/(2j)! · (s)_{2j−1} · x^{−s−2j+1}; start with (s)_1 · x^{−s−1}.
  let poch = s; // s(s+1)…(s+2j−2)
  let xPow = xPowMinusS / x; // x^{−s−2j+1}
  const invX2 = 1 / (x * x);
  for (let j = 0; j < BERNOULLI_OVER_FACTORIAL.length; j++) {
    const term = (BERNOULLI_OVER_FACTORIAL[j] as number) * poch * xPow;
    sum += term;
    if (Math.abs(term) <= TERM_EPSILON * Math.abs(sum)) break;
    poch *= (s + 2 * j + 1) * (s + 2 * j + 2);
    xPow *= invX2;
  }
  return sum;
}
