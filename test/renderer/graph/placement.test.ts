/**
 * Where new nodes start (src/renderer/src/graph/placement.ts): next to their placed neighbours,
 * on a sunflower spiral when they touch nothing placed — never on a grid, never at one point.
 */
import { describe, expect, it } from 'vitest';
import { frameOf, initialPositions, NEAR_PX, spiralPoint, type Point } from '../../../src/renderer/src/graph/placement';

/** A seeded generator in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dist = (p: Point, q: Point): number => Math.hypot(p.x - q.x, p.y - q.y);

/** A neighbour function from an edge list. */
function graph(edges: Array<[string, string]>): (id: string) => string[] {
  const adj = new Map<string, string[]>();
  for (const [a, b] of edges) {
    adj.set(a, [...(adj.get(a) ?? []), b]);
    adj.set(b, [...(adj.get(b) ?? []), a]);
  }
  return (id) => adj.get(id) ?? [];
}

describe('initialPositions', () => {
  it('puts a new node next to its placed neighbour', () => {
    const placed = new Map<string, Point>([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 300, y: 0 }],
    ]);
    const at = initialPositions(['n'], graph([['n', 'b']]), placed, seeded(1)).get('n')!;
    expect(dist(at, placed.get('b')!)).toBeLessThanOrEqual(NEAR_PX * 1.3 + 1e-9);
    expect(dist(at, placed.get('b')!)).toBeGreaterThan(0);
  });

  it('puts a node with several placed neighbours near their centroid', () => {
    const placed = new Map<string, Point>([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 200, y: 0 }],
      ['far', { x: 5000, y: 5000 }],
    ]);
    const at = initialPositions(['n'], graph([['n', 'a'], ['n', 'b']]), placed, seeded(2)).get('n')!;
    expect(dist(at, { x: 100, y: 0 })).toBeLessThanOrEqual(NEAR_PX * 1.3 + 1e-9);
  });

  it('unfolds a new chain from where it touches the graph', () => {
    const placed = new Map<string, Point>([['a', { x: 0, y: 0 }]]);
    const at = initialPositions(['c', 'b'], graph([['a', 'b'], ['b', 'c']]), placed, seeded(3));
    expect(dist(at.get('b')!, placed.get('a')!)).toBeLessThanOrEqual(NEAR_PX * 1.3 + 1e-9);
    expect(dist(at.get('c')!, at.get('b')!)).toBeLessThanOrEqual(NEAR_PX * 1.3 + 1e-9);
  });

  it('spreads a group touching nothing placed (a remote network arriving) outside the graph, not on a grid nor at one point', () => {
    const placed = new Map<string, Point>([
      ['a', { x: -100, y: -100 }],
      ['b', { x: 100, y: 100 }],
    ]);
    const ids = Array.from({ length: 200 }, (_, i) => `r${i}`);
    const edges = ids.slice(1).map((id, i): [string, string] => [ids[Math.floor(i / 3)]!, id]);
    const at = initialPositions(ids, graph(edges), placed, seeded(4));
    expect(at.size).toBe(200);
    const ps = [...at.values()];
    const frame = frameOf(placed.values());
    // outside the placed graph
    for (const p of ps) expect(dist(p, { x: frame.cx, y: frame.cy })).toBeGreaterThan(frame.r);
    // no two at (nearly) one point
    let closest = Infinity;
    for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) closest = Math.min(closest, dist(ps[i]!, ps[j]!));
    expect(closest).toBeGreaterThan(20);
    // not a lattice: nearly every x and every y is its own
    expect(new Set(ps.map((p) => Math.round(p.x))).size).toBeGreaterThan(150);
    expect(new Set(ps.map((p) => Math.round(p.y))).size).toBeGreaterThan(150);
  });

  it('starts an empty graph at the origin and places every node', () => {
    const at = initialPositions(['x', 'y', 'z'], graph([]), new Map(), seeded(5));
    expect(at.get('x')).toEqual({ x: 0, y: 0 });
    expect(new Set([...at.values()].map((p) => `${p.x},${p.y}`)).size).toBe(3);
  });

  it('does not stack lone nodes of successive batches around the same graph on one point', () => {
    const placed = new Map<string, Point>([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 100, y: 0 }],
    ]);
    const rnd = seeded(6);
    const first = [1, 2, 3, 4].map((i) => initialPositions([`lone${i}`], graph([]), placed, rnd).get(`lone${i}`)!);
    for (let i = 0; i < first.length; i++) for (let j = i + 1; j < first.length; j++) expect(dist(first[i]!, first[j]!)).toBeGreaterThan(1);
  });
});

describe('spiralPoint', () => {
  it('keeps consecutive points about a step apart and grows outward', () => {
    const frame = { cx: 0, cy: 0, r: 0 };
    const pts = Array.from({ length: 100 }, (_, k) => spiralPoint(frame, k, 40));
    let closest = Infinity;
    for (let i = 0; i < pts.length; i++) for (let j = i + 1; j < pts.length; j++) closest = Math.min(closest, dist(pts[i]!, pts[j]!));
    expect(closest).toBeGreaterThan(40 * 0.5);
    expect(dist(pts[99]!, { x: 0, y: 0 })).toBeGreaterThan(dist(pts[10]!, { x: 0, y: 0 }));
  });
});
