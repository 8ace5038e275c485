import { describe, expect, it } from 'vitest';
import { erfc, erfcx, logErfc } from '../../../src/core/analysis/erfc';

// Reference values: mpmath.erfc / mpmath.log(mpmath.erfc(x)) at 30 digits.
const ERFC: Array<[number, number]> = [
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028513],
  [2, 0.004677734981047266],
  [3, 2.209049699858544e-5],
  [5, 1.5374597944280349e-12],
  [10, 2.088487583762545e-45],
];

describe('erfc', () => {
  it.each(ERFC)('erfc(%d) matches mpmath to 1e-13 relative, on both sides of the series/fraction switch', (x, want) => {
    expect(Math.abs(erfc(x) - want) / want).toBeLessThan(1e-13);
    expect(Math.abs(erfc(-x) - (2 - want))).toBeLessThan(1e-15);
  });

  it('is 1 at 0 and continuous where the method changes (x = 2)', () => {
    expect(erfc(0)).toBe(1);
    expect(Math.abs(erfc(2 - 1e-12) - erfc(2 + 1e-12))).toBeLessThan(1e-13); // the slope there is −0.02
  });

  it('logErfc stays finite where erfc underflows', () => {
    expect(erfc(30)).toBe(0);
    expect(logErfc(30)).toBeCloseTo(-903.9741171106439, 10);
    expect(logErfc(100)).toBeCloseTo(-10005.17758512266, 9);
    expect(logErfc(1)).toBeCloseTo(Math.log(0.15729920705028513), 14);
    expect(logErfc(Infinity)).toBe(-Infinity);
  });

  it('erfcx(x) = e^{x²} erfc(x), about 1/(x√π) far out', () => {
    expect(erfcx(0)).toBe(1);
    expect(erfcx(1)).toBeCloseTo(Math.E * 0.15729920705028513, 14);
    expect(erfcx(1e6) * 1e6 * Math.sqrt(Math.PI)).toBeCloseTo(1, 10);
  });

  it('rejects NaN and a negative erfcx argument', () => {
    expect(() => erfc(NaN)).toThrow(RangeError);
    expect(() => logErfc(NaN)).toThrow(RangeError);
    expect(() => erfcx(-1)).toThrow(RangeError);
  });
});
