import { describe, expect, it } from 'vitest';
import { powerLawSampler } from '../../../src/core/analysis/powerLawSampler';
import { hurwitzZeta } from '../../../src/core/analysis/zeta';
import { seededRandom } from '../../../src/core/random';

describe('powerLawSampler', () => {
  it('the exact table: P(X = x) = x^{−α}/ζ(α, x_min) by inverse CDF (u just below/above a step)', () => {
    const draw = powerLawSampler(2.5, 2);
    const r = seededRandom(1);
    const p2 = Math.pow(2, -2.5) / hurwitzZeta(2.5, 2);
    expect(draw(0, r)).toBe(2);
    expect(draw(p2 * (1 - 1e-12), r)).toBe(2);
    expect(draw(p2 * (1 + 1e-12), r)).toBe(3);
  });

  it('draws match the pmf, and the share beyond a small table matches ζ(α, B+1)/ζ(α, x_min)', () => {
    const [alpha, xmin, size, n] = [2.2, 3, 20, 200_000];
    const draw = powerLawSampler(alpha, xmin, size);
    const r = seededRandom(3);
    const counts = new Map<number, number>();
    let beyond = 0;
    for (let i = 0; i < n; i++) {
      const x = draw(r.next(), r);
      expect(x).toBeGreaterThanOrEqual(xmin);
      counts.set(x, (counts.get(x) ?? 0) + 1);
      if (x > xmin + size - 1) beyond++;
    }
    const norm = hurwitzZeta(alpha, xmin);
    for (const x of [3, 4, 10]) {
      const p = Math.pow(x, -alpha) / norm;
      expect(Math.abs((counts.get(x) ?? 0) / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
    const pBeyond = hurwitzZeta(alpha, xmin + size) / norm;
    expect(Math.abs(beyond / n - pBeyond)).toBeLessThan(4 * Math.sqrt((pBeyond * (1 - pBeyond)) / n));
    // beyond the table (App. D's approximation) the pmf still falls as x^{−α}: P(X = 40)/P(X = 30)
    const ratio = (counts.get(40) ?? 0) / (counts.get(30) ?? 1);
    expect(ratio).toBeGreaterThan(0.8 * (40 / 30) ** -alpha);
    expect(ratio).toBeLessThan(1.2 * (40 / 30) ** -alpha);
  });

  it('rejects α ≤ 1, a bad x_min and a bad table size', () => {
    expect(() => powerLawSampler(1, 1)).toThrow(RangeError);
    expect(() => powerLawSampler(2, 0)).toThrow(RangeError);
    expect(() => powerLawSampler(2, 1, 0)).toThrow(RangeError);
  });
});
