import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../../src/core/analysis/nelderMead';

describe('nelderMead', () => {
  it('finds the minimum of Rosenbrock’s valley at (1, 1)', () => {
    const rosenbrock = (p: readonly number[]): number => 100 * ((p[1] as number) - (p[0] as number) ** 2) ** 2 + (1 - (p[0] as number)) ** 2;
    const r = nelderMead(rosenbrock, [-1.2, 1], { fTol: 1e-14, xTol: 1e-10, maxIterations: 5000 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });

  it('stays inside a region where f is +∞ outside (a constrained minimum on its edge)', () => {
    const f = (p: readonly number[]): number => ((p[0] as number) < 0.5 ? Infinity : ((p[0] as number) - 0) ** 2 + ((p[1] as number) - 3) ** 2);
    const r = nelderMead(f, [2, 0], { maxIterations: 5000 });
    expect(r.x[0]).toBeGreaterThanOrEqual(0.5);
    expect(r.x[0]).toBeCloseTo(0.5, 3);
    expect(r.x[1]).toBeCloseTo(3, 2);
  });

  it('minimises in one dimension and reports running out of steps', () => {
    expect(nelderMead((p) => ((p[0] as number) - 7) ** 2, [0], { step: [1] }).x[0]).toBeCloseTo(7, 5);
    expect(nelderMead((p) => ((p[0] as number) - 7) ** 2, [0], { maxIterations: 3 }).converged).toBe(false);
  });

  it('rejects an empty or non-finite start and zero steps', () => {
    expect(() => nelderMead(() => 0, [])).toThrow(RangeError);
    expect(() => nelderMead(() => 0, [NaN])).toThrow(RangeError);
    expect(() => nelderMead(() => 0, [0, 0], { step: [1, 0] })).toThrow(RangeError);
  });
});
