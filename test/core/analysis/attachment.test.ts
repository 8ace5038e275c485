import { describe, expect, it } from 'vitest';
import { predictedAlpha } from '../../../src/core/analysis/attachment';

describe('predictedAlpha (Dorogovtsev, Mendes & Samukhin 2000)', () => {
  it('is 3 + a/m: the app’s rule (a = 1) at m = 2 gives 3.5; Barabási–Albert (a = 0) gives 3', () => {
    expect(predictedAlpha(2)).toBe(3.5);
    expect(predictedAlpha(1)).toBe(4);
    expect(predictedAlpha(4, 0)).toBe(3);
    expect(predictedAlpha(2, -1)).toBe(2.5);
  });

  it('rejects m < 1, a non-integer m and a ≤ −m (no positive attractiveness left)', () => {
    expect(() => predictedAlpha(0)).toThrow(RangeError);
    expect(() => predictedAlpha(1.5)).toThrow(RangeError);
    expect(() => predictedAlpha(2, -2)).toThrow(RangeError);
  });
});
