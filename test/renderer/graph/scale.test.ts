/**
 * Degree scaling (src/renderer/src/graph/scale.ts): size, stacking order, repulsion and ideal
 * link length grow with degree; the WebGL switch has a gap so that it does not flap.
 */
import { describe, expect, it } from 'vitest';
import {
  BASE_EDGE_LENGTH,
  CANVAS_UNDER_NODES,
  idealEdgeLength,
  MAX_DEGREE_Z,
  MAX_NODE_PX,
  MIN_NODE_PX,
  nodeRepulsion,
  nodeSize,
  nodeZ,
  WEBGL_FROM_NODES,
  wantsWebgl,
} from '../../../src/renderer/src/graph/scale';
import { labelFontPx } from '../../../src/renderer/src/graph/style';

const increasing = (f: (d: number) => number, upTo: number): boolean => Array.from({ length: upTo }, (_, d) => f(d + 1) > f(d)).every(Boolean);

describe('degree scaling', () => {
  it('draws hubs larger, capped', () => {
    expect(nodeSize(0)).toBe(MIN_NODE_PX);
    expect(increasing(nodeSize, 60)).toBe(true);
    expect(nodeSize(10_000)).toBe(MAX_NODE_PX);
  });

  it('stacks nodes by degree, so the top hub is drawn (and clicked) above its neighbours', () => {
    expect(nodeZ(54)).toBeGreaterThan(nodeZ(53));
    expect(nodeZ(3)).toBe(3);
    expect(nodeZ(-1)).toBe(0);
    expect(nodeZ(5000)).toBe(MAX_DEGREE_Z);
  });

  it('gives hubs more repulsion (linear in degree)', () => {
    expect(increasing(nodeRepulsion, 100)).toBe(true);
    expect(nodeRepulsion(54) / nodeRepulsion(0)).toBeCloseTo(28, 5);
  });

  it('lengthens links by the degrees of both ends, symmetric, leaves at the base length', () => {
    expect(idealEdgeLength(1, 1)).toBe(BASE_EDGE_LENGTH);
    expect(idealEdgeLength(0, 1)).toBe(BASE_EDGE_LENGTH);
    expect(idealEdgeLength(54, 2)).toBe(idealEdgeLength(2, 54));
    expect(idealEdgeLength(54, 2)).toBeGreaterThan(idealEdgeLength(4, 2));
    expect(idealEdgeLength(54, 40)).toBeGreaterThan(idealEdgeLength(54, 2));
    // a hub's neighbours fit around it: the circle of radius L holds `degree` leaves of ~20 px
    expect(2 * Math.PI * idealEdgeLength(54, 1)).toBeGreaterThan(54 * 20 * 0.8);
  });

  it('gives hub labels a larger font, capped', () => {
    expect(labelFontPx(0)).toBe(9);
    expect(labelFontPx(54)).toBeGreaterThan(labelFontPx(4));
    expect(labelFontPx(100_000)).toBe(18);
  });
});

describe('wantsWebgl', () => {
  it('switches on from the threshold, off only well below it, never without WebGL2', () => {
    expect(wantsWebgl(WEBGL_FROM_NODES - 1, false, true)).toBe(false);
    expect(wantsWebgl(WEBGL_FROM_NODES, false, true)).toBe(true);
    expect(wantsWebgl(WEBGL_FROM_NODES - 1, true, true)).toBe(true);
    expect(wantsWebgl(CANVAS_UNDER_NODES - 1, true, true)).toBe(false);
    expect(wantsWebgl(100_000, false, false)).toBe(false);
  });
});
