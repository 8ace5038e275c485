/**
 * One-dimensional minimisation without derivatives on a bracket [a, b].
 */

/** Result of {@link brentMinimize}: the arg-min, the value there, and how many steps it took. */
export interface MinimizeResult {
  x: number;
  fx: number;
  iterations: number;
}

/** Golden-section fraction (3 − √5)/2. */
const GOLDEN = (3 - Math.sqrt(5)) / 2;
/** Square root of machine epsilon: the relative part of the stopping tolerance. */
const SQRT_EPS = Math.sqrt(Number.EPSILON);

/**
 * Finds a local minimum of `f` on the open interval (a, b) by Brent's method: golden-section
 * search accelerated by successive parabolic interpolation. For a unimodal `f` (e.g. the negative
 * of a concave log-likelihood) the local minimum is the global one on the interval; a minimum at
 * an end point is approached to within the tolerance. `f` is never evaluated at `a` or `b`.
 *
 * Source: R. P. Brent, "Algorithms for Minimization without Derivatives", Prentice-Hall 1973,
 * ch. 5 (procedure `localmin`; the netlib `fmin` routine follows it line by line).
 *
 * @param f objective, finite on (a, b)
 * @param a lower end of the bracket
 * @param b upper end, b > a
 * @param tol absolute tolerance on x (the answer is within about `3·tol + √ε·|x|` of the minimum)
 * @param maxIterations step limit; the best point so far is returned when reached
 * @throws RangeError if the bracket is empty or not finite, or `tol` is not positive
 */
export function brentMinimize(
  f: (x: number) => number,
  a: number,
  b: number,
  tol = 1e-8,
  maxIterations = 200,
): MinimizeResult {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !(b > a)) {
    throw new RangeError(`brentMinimize: bad bracket [${a}, ${b}]`);
  }
  if (!(tol > 0)) throw new RangeError(`brentMinimize: tol must be > 0, got ${tol}`);

  let lo = a;
  let hi = b;
  let x = lo + GOLDEN * (hi - lo);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let d = 0; // the step taken last
  let e = 0; // the step taken the time before last
  let iterations = 0;

  for (; iterations < maxIterations; iterations++) {
    const xm = 0.5 * (lo + hi);
    const tol1 = SQRT_EPS * Math.abs(x) + tol / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - xm) <= tol2 - 0.5 * (hi - lo)) break;

    let golden = true;
    if (Math.abs(e) > tol1) {
      // Fit a parabola through (v, fv), (w, fw), (x, fx).
      let r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (lo - x) && p < q * (hi - x)) {
        d = p / q;
        const u = x + d;
        if (u - lo < tol2 || hi - u < tol2) d = xm >= x ? tol1 : -tol1;
        golden = false;
      }
    }
    if (golden) {
      e = (x >= xm ? lo : hi) - x;
      d = GOLDEN * e;
    }

    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = f(u);
    if (fu <= fx) {
      if (u >= x) lo = x;
      else hi = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) lo = u;
      else hi = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx, iterations };
}
