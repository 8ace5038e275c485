import { describe, it, expect } from 'vitest';
import { ccdf, degreeHistogram, degreeStats, degreesFromEdges } from '../../../src/core/analysis/degrees';

describe('degreeHistogram', () => {
  it('counts each distinct degree, ascending, non-empty bins only', () => {
    expect(degreeHistogram([3, 1, 0, 3, 7, 1, 1])).toEqual([
      { degree: 0, count: 1 },
      { degree: 1, count: 3 },
      { degree: 3, count: 2 },
      { degree: 7, count: 1 },
    ]);
  });

  it('is empty for an empty sequence', () => {
    expect(degreeHistogram([])).toEqual([]);
  });
});

describe('ccdf', () => {
  it('gives P(X >= x) at each distinct value', () => {
    expect(ccdf([3, 1, 0, 3, 7, 1, 1, 2])).toEqual([
      { degree: 0, p: 8 / 8 },
      { degree: 1, p: 7 / 8 },
      { degree: 2, p: 4 / 8 },
      { degree: 3, p: 3 / 8 },
      { degree: 7, p: 1 / 8 },
    ]);
  });

  it('handles a single value and an empty sequence', () => {
    expect(ccdf([5, 5])).toEqual([{ degree: 5, p: 1 }]);
    expect(ccdf([])).toEqual([]);
  });
});

describe('degreesFromEdges', () => {
  it('reads edges as undirected', () => {
    // path a - b - c plus d - b: b has degree 3
    expect(degreesFromEdges([['a', 'b'], ['b', 'c'], ['d', 'b']])).toEqual([1, 3, 1, 1]);
  });

  it('counts a pair listed twice (either direction) once', () => {
    expect(degreesFromEdges([[1, 2], [2, 1], [1, 2], [2, 3], [3, 2]])).toEqual([1, 2, 1]);
  });

  it('drops self-loops but keeps nodes that appear only in them, with degree 0', () => {
    expect(degreesFromEdges([['x', 'x'], ['a', 'b'], ['a', 'a'], ['b', 'c']])).toEqual([0, 1, 2, 1]);
  });

  it('treats numeric and string ids with the same text as one node', () => {
    expect(degreesFromEdges([[1, 2], ['2', '1'], ['1', 3]])).toEqual([2, 1, 1]);
  });

  it('is empty for no edges', () => {
    expect(degreesFromEdges([])).toEqual([]);
  });
});

describe('degreeStats', () => {
  it('summarises a sequence', () => {
    expect(degreeStats([1, 2, 3, 2])).toEqual({ nodes: 4, degreeSum: 8, mean: 2, min: 1, max: 3 });
  });

  it('gives NaN mean/min/max for an empty sequence', () => {
    const s = degreeStats([]);
    expect(s.nodes).toBe(0);
    expect(s.degreeSum).toBe(0);
    expect(s.mean).toBeNaN();
    expect(s.min).toBeNaN();
    expect(s.max).toBeNaN();
  });
});
