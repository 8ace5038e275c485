/** Preferential attachment: picks are distinct and proportional to degree + 1. */
import { describe, expect, it } from 'vitest';
import { preferentialOrder } from '../../../src/core/peer/neighbourChoice';
import { seededRandom } from '../../../src/core/random';

describe('preferentialOrder', () => {
  const cands = [
    { key: 'a', degree: 0 },
    { key: 'b', degree: 1 },
    { key: 'c', degree: 3 },
    { key: 'd', degree: 7 },
  ];

  it('orders every candidate once', () => {
    const order = preferentialOrder(cands, seededRandom(1));
    expect(order.map((c) => c.key).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('draws the first pick with probability ∝ degree + 1', () => {
    const random = seededRandom(2024);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
    const trials = 40_000;
    for (let i = 0; i < trials; i++) counts[preferentialOrder(cands, random)[0]!.key]!++;
    const total = 1 + 2 + 4 + 8;
    for (const c of cands) {
      const expected = (c.degree + 1) / total;
      // 5 standard errors of a binomial proportion
      const tol = 5 * Math.sqrt((expected * (1 - expected)) / trials);
      expect(Math.abs(counts[c.key]! / trials - expected)).toBeLessThan(tol);
    }
  });

  it('is reproducible from the random seed', () => {
    const a = preferentialOrder(cands, seededRandom(9)).map((c) => c.key);
    const b = preferentialOrder(cands, seededRandom(9)).map((c) => c.key);
    expect(a).toEqual(b);
  });
});
