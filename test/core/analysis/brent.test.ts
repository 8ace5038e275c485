import { describe, it, expect } from 'vitest';
import { brentMinimize } from '../../../src/core/analysis/brent';

describe('brentMinimize', () => {
  it('finds the minimum of a parabola in a few steps', () => {
    const r = brentMinimize((x) => (x - 2.5) ** 2 + 1, 0, 10, 1e-10);
    expect(r.x).toBeCloseTo(2.5, 8);
    expect(r.fx).toBeCloseTo(1, 12);
    expect(r.iterations).toBeLessThan(10);
  });

  it('finds the minimum of a non-quadratic unimodal function', () => {
    // min of x − ln x is at x = 1
    const r = brentMinimize((x) => x - Math.log(x), 0.01, 50, 1e-10);
    expect(r.x).toBeCloseTo(1, 7);
  });

  it('approaches a minimum at the end of the bracket without evaluating the end', () => {
    const seen: number[] = [];
    const r = brentMinimize((x) => (seen.push(x), -x), 1, 20, 1e-8);
    expect(r.x).toBeGreaterThan(20 - 1e-6);
    expect(Math.max(...seen)).toBeLessThan(20);
    expect(Math.min(...seen)).toBeGreaterThan(1);
  });

  it('rejects an empty bracket or a non-positive tolerance', () => {
    expect(() => brentMinimize((x) => x, 2, 1)).toThrow(RangeError);
    expect(() => brentMinimize((x) => x, 0, Infinity)).toThrow(RangeError);
    expect(() => brentMinimize((x) => x, 0, 1, 0)).toThrow(RangeError);
  });
});
