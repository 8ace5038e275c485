/**
 * Degree sequences: histogram, complementary CDF, and degrees from an undirected edge list.
 * Pure functions over plain arrays; no I/O.
 */

/** One non-empty bin of a degree histogram: `count` nodes have exactly `degree` links. */
export interface DegreeBin {
  degree: number;
  count: number;
}

/** One point of an empirical CCDF: the fraction `p` (0..1] of values that are ≥ `degree`. */
export interface CcdfPoint {
  degree: number;
  p: number;
}

/** A node id in an edge list; ids are compared by their string form (`1` and `'1'` are the same node). */
export type NodeId = string | number;

/**
 * Histogram of a degree sequence.
 *
 * @param degrees any numbers (normally non-negative integers); each distinct value gets one bin
 * @returns the non-empty bins, sorted by ascending degree; `[]` for an empty input
 */
export function degreeHistogram(degrees: readonly number[]): DegreeBin[] {
  const counts = new Map<number, number>();
  for (const d of degrees) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([degree, count]) => ({ degree, count }));
}

/**
 * Empirical complementary CDF P(X ≥ x) of a degree sequence, evaluated at each distinct value.
 *
 * @param degrees the sample (all values count, zeros included)
 * @returns one point per distinct value, ascending by degree; the first point has p = 1,
 *   p decreases strictly and the last is count(max)/n; `[]` for an empty input
 */
export function ccdf(degrees: readonly number[]): CcdfPoint[] {
  const n = degrees.length;
  const bins = degreeHistogram(degrees);
  const out: CcdfPoint[] = [];
  let atLeast = n;
  for (const { degree, count } of bins) {
    out.push({ degree, p: atLeast / n });
    atLeast -= count;
  }
  return out;
}

/**
 * Degrees of the undirected simple graph described by an edge list.
 *
 * Each edge `[u, v]` is read as undirected; a pair listed more than once (in either direction)
 * counts once; self-loops `[u, u]` add no degree, but the node still exists (degree 0 if it has
 * no other edge). Ids are compared by `String(id)`.
 *
 * @param edges pairs of node ids
 * @returns one degree per distinct node, in order of each node's first appearance
 */
export function degreesFromEdges(edges: Iterable<readonly [NodeId, NodeId]>): number[] {
  const neighbours = new Map<string, Set<string>>();
  const nodeOf = (id: NodeId): Set<string> => {
    const key = String(id);
    let set = neighbours.get(key);
    if (set === undefined) {
      set = new Set<string>();
      neighbours.set(key, set);
    }
    return set;
  };
  for (const [u, v] of edges) {
    const a = String(u);
    const b = String(v);
    const nu = nodeOf(a);
    const nv = nodeOf(b);
    if (a === b) continue;
    nu.add(b);
    nv.add(a);
  }
  return [...neighbours.values()].map((s) => s.size);
}

/**
 * Summary numbers of a degree sequence, for display next to the plots.
 *
 * @param degrees the sample
 * @returns node count, sum of degrees (2 × edges for a simple undirected graph), mean, min and
 *   max; mean/min/max are `NaN` for an empty input
 */
export function degreeStats(degrees: readonly number[]): {
  nodes: number;
  degreeSum: number;
  mean: number;
  min: number;
  max: number;
} {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const d of degrees) {
    sum += d;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const n = degrees.length;
  return n === 0
    ? { nodes: 0, degreeSum: 0, mean: NaN, min: NaN, max: NaN }
    : { nodes: n, degreeSum: sum, mean: sum / n, min, max };
}
