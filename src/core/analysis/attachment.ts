/**
 * The degree exponent a growth rule predicts, to set beside the fitted one.
 */

/**
 * The asymptotic exponent α of the degree distribution P(k) ∝ k^{−α} of a network grown by
 * shifted linear preferential attachment: each new node brings m links, each to an existing node
 * chosen with probability ∝ (degree + a) — the app's rule is a = 1, m = `--neighbours`. Then
 * α = 3 + a/m (S. N. Dorogovtsev, J. F. F. Mendes, A. N. Samukhin, "Structure of growing networks
 * with preferential linking", Phys. Rev. Lett. 85, 4633 (2000): there a node is chosen with
 * probability ∝ q + A, q its in-degree, and γ = 2 + A/m; a node's total degree is k = q + m, so
 * ∝ k + a means A = m + a and γ = 3 + a/m). a = 0 gives Barabási–Albert's α = 3.
 *
 * Finite networks approach it slowly from below (about 2.9 at 10³, 3.1 at 10⁴, 3.3 at 10⁵ nodes
 * for a = 1, m = 2, per issue 11's simulations), so it is a reference line, not a test.
 *
 * @param m links each new node makes, an integer ≥ 1
 * @param a the shift (initial attractiveness relative to total degree), > −m (default 1: ∝ degree + 1)
 * @returns α, dimensionless
 * @throws RangeError if m is not an integer ≥ 1, or a ≤ −m or not finite
 */
export function predictedAlpha(m: number, a = 1): number {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`predictedAlpha: m must be an integer ≥ 1, got ${m}`);
  if (!Number.isFinite(a) || a <= -m) throw new RangeError(`predictedAlpha: a must be > −m, got ${a}`);
  return 3 + a / m;
}

/** The citation shown beside {@link predictedAlpha}'s value. */
export const PREDICTED_ALPHA_SOURCE = 'Dorogovtsev, Mendes & Samukhin, PRL 85, 4633 (2000): α = 3 + a/m';
