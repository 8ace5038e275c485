/**
 * Derivative-free minimisation in a few dimensions: the Nelder–Mead simplex method, for the
 * two-parameter maximum-likelihood fits of `alternatives.ts`.
 */

/** Result of {@link nelderMead}: the best point, its value, the steps taken, and whether it converged. */
export interface NelderMeadResult {
  x: number[];
  fx: number;
  iterations: number;
  converged: boolean;
}

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Initial step along each axis (the simplex is x0 and x0 + step_i·e_i); default 0.1 each. */
  step?: readonly number[];
  /** Stop when the values at the simplex's vertices differ by less than this (absolute); default 1e-10. */
  fTol?: number;
  /** …and the vertices lie within this of the best one in every coordinate; default 1e-8. */
  xTol?: number;
  /** Step limit; default 2000. */
  maxIterations?: number;
}

/**
 * Minimises `f` over ℝᵏ by the Nelder–Mead simplex method with the standard coefficients
 * (reflection 1, expansion 2, contraction ½, shrink ½), following the precise statement of
 * J. C. Lagarias, J. A. Reeds, M. H. Wright, P. E. Wright, "Convergence properties of the
 * Nelder–Mead simplex method in low dimensions", SIAM J. Optim. 9(1):112–147 (1998), §2
 * (original: J. A. Nelder, R. Mead, The Computer Journal 7(4):308–313, 1965).
 *
 * Constraints are the caller's: return +Infinity (or NaN, treated as +Infinity) outside the
 * feasible set and the simplex moves away from it. A local method: start it near the answer, or
 * from several points and keep the best.
 *
 * @param f objective, ℝᵏ → ℝ ∪ {+∞}
 * @param x0 starting point (k ≥ 1 coordinates), where f should be finite
 * @returns the best vertex found; `converged` is false when the step limit stopped it
 * @throws RangeError if x0 is empty or not finite, or a step is zero
 */
export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], options: NelderMeadOptions = {}): NelderMeadResult {
  const k = x0.length;
  if (k === 0 || !x0.every(Number.isFinite)) throw new RangeError('nelderMead: x0 must be a non-empty finite vector');
  const step = options.step ?? x0.map(() => 0.1);
  if (step.length !== k || step.some((s) => !(Math.abs(s) > 0))) throw new RangeError('nelderMead: one non-zero step per coordinate');
  const fTol = options.fTol ?? 1e-10;
  const xTol = options.xTol ?? 1e-8;
  const maxIterations = options.maxIterations ?? 2000;
  const value = (x: readonly number[]): number => {
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };

  const simplex: number[][] = [x0.slice()];
  for (let i = 0; i < k; i++) {
    const v = x0.slice();
    v[i] = (v[i] as number) + (step[i] as number);
    simplex.push(v);
  }
  const fs = simplex.map(value);
  const order = (): void => {
    const idx = simplex.map((_, i) => i).sort((a, b) => (fs[a] as number) - (fs[b] as number));
    const s = idx.map((i) => simplex[i] as number[]);
    const v = idx.map((i) => fs[i] as number);
    for (let i = 0; i <= k; i++) {
      simplex[i] = s[i] as number[];
      fs[i] = v[i] as number;
    }
  };
  const along = (c: readonly number[], w: readonly number[], t: number): number[] => c.map((ci, j) => ci + t * (ci - (w[j] as number)));

  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    order();
    const best = simplex[0] as number[];
    const fBest = fs[0] as number;
    const fWorst = fs[k] as number;
    const spread = simplex.every((v) => v.every((vj, j) => Math.abs(vj - (best[j] as number)) <= xTol));
    if ((Number.isFinite(fWorst) && fWorst - fBest <= fTol) || spread) {
      converged = true;
      break;
    }
    // centroid of every vertex but the worst
    const c = new Array<number>(k).fill(0);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) c[j] = (c[j] as number) + ((simplex[i] as number[])[j] as number) / k;
    const worst = simplex[k] as number[];
    const xr = along(c, worst, 1);
    const fr = value(xr);
    const fSecond = fs[k - 1] as number;
    if (fr < fBest) {
      const xe = along(c, worst, 2);
      const fe = value(xe);
      if (fe < fr) [simplex[k], fs[k]] = [xe, fe];
      else [simplex[k], fs[k]] = [xr, fr];
      continue;
    }
    if (fr < fSecond) {
      [simplex[k], fs[k]] = [xr, fr];
      continue;
    }
    // contraction: outside when the reflected point beats the worst, inside otherwise
    const outside = fr < fWorst;
    const xc = along(c, worst, outside ? 0.5 : -0.5);
    const fc = value(xc);
    if (outside ? fc <= fr : fc < fWorst) {
      [simplex[k], fs[k]] = [xc, fc];
      continue;
    }
    for (let i = 1; i <= k; i++) {
      simplex[i] = (simplex[i] as number[]).map((vj, j) => (best[j] as number) + 0.5 * (vj - (best[j] as number)));
      fs[i] = value(simplex[i] as number[]);
    }
  }
  order();
  return { x: (simplex[0] as number[]).slice(), fx: fs[0] as number, iterations, converged };
}
