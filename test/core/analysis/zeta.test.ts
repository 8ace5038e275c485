import { describe, it, expect } from 'vitest';
import { hurwitzZeta } from '../../../src/core/analysis/zeta';

/** |got − want| / |want| ≤ tol. */
function expectRelClose(got: number, want: number, tol = 1e-13): void {
  expect(Math.abs(got - want) / Math.abs(want)).toBeLessThanOrEqual(tol);
}

describe('hurwitzZeta', () => {
  it('matches the Riemann zeta values ζ(2), ζ(3), ζ(4)', () => {
    expectRelClose(hurwitzZeta(2, 1), Math.PI ** 2 / 6);
    expectRelClose(hurwitzZeta(3, 1), 1.2020569031595942);
    expectRelClose(hurwitzZeta(4, 1), Math.PI ** 4 / 90);
  });

  it('shifts by one term: ζ(s, q) = q^−s + ζ(s, q + 1)', () => {
    expectRelClose(hurwitzZeta(2, 2), Math.PI ** 2 / 6 - 1);
    for (const [s, q] of [[1.5, 0.3], [2.7, 3], [7.1, 12.5], [19.9, 1]] as const) {
      expectRelClose(hurwitzZeta(s, q), q ** -s + hurwitzZeta(s, q + 1));
    }
  });

  it('matches high-precision reference values (50-digit mpmath, rounded to double)', () => {
    expectRelClose(hurwitzZeta(20, 1), 1.0000009539620338);
    expectRelClose(hurwitzZeta(1.0001, 1), 10000.577222947539);
    expectRelClose(hurwitzZeta(1.5, 0.3), 8.237761671459724);
    expectRelClose(hurwitzZeta(3.7, 11), 0.000645347847201885);
    expectRelClose(hurwitzZeta(7.3, 123.456), 1.08437908452408e-14);
    expectRelClose(hurwitzZeta(0.5 + 2, 0.5), (2 ** 2.5 - 1) * 1.341487257250917);
  });

  it('is accurate for large q (asymptotically q^(1−s)/(s−1))', () => {
    expectRelClose(hurwitzZeta(2.5, 1e6), 6.66667166666875e-10);
    const q = 1e12;
    expectRelClose(hurwitzZeta(2, q), 1 / q + 1 / (2 * q * q));
  });

  it('throws RangeError for s <= 1 or q <= 0', () => {
    expect(() => hurwitzZeta(1, 1)).toThrow(RangeError);
    expect(() => hurwitzZeta(0.5, 1)).toThrow(RangeError);
    expect(() => hurwitzZeta(2, 0)).toThrow(RangeError);
    expect(() => hurwitzZeta(2, -1)).toThrow(RangeError);
    expect(() => hurwitzZeta(Number.NaN, 1)).toThrow(RangeError);
    expect(() => hurwitzZeta(2, Number.NaN)).toThrow(RangeError);
  });
});
