/**
 * Where a node that just arrived is drawn before any layout has run: next to its placed
 * neighbours, or — with none — on a sunflower spiral just outside the placed graph. Never on a
 * grid, and never all at one point: a group of remote nodes arriving together spreads along the
 * spiral (the layout that follows pulls it together by its links). Pure (plain ids, positions and a neighbour function), so the tests need no cytoscape.
 */

/** A point in model coordinates. */
export interface Point {
  x: number;
  y: number;
}

/** Centre and radius (model px) of the part of the graph already placed. */
export interface PlacedFrame {
  cx: number;
  cy: number;
  r: number;
}

/** Distance from a placed neighbour at which a new node starts, model px. */
export const NEAR_PX = 60;
/** Spacing of the spiral of nodes with no placed neighbour, model px (about a node and its label). */
export const SPIRAL_STEP_PX = 46;
/** The golden angle, radians: consecutive spiral points never line up. */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** The frame (centre, radius) of a set of points; radius `minR` when there are none. */
export function frameOf(points: Iterable<Point>, minR = NEAR_PX): PlacedFrame {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of points) {
    if (p.x < x1) x1 = p.x;
    if (p.x > x2) x2 = p.x;
    if (p.y < y1) y1 = p.y;
    if (p.y > y2) y2 = p.y;
  }
  if (x1 === Infinity) return { cx: 0, cy: 0, r: 0 };
  return { cx: (x1 + x2) / 2, cy: (y1 + y2) / 2, r: Math.max(minR, Math.max(x2 - x1, y2 - y1) / 2) };
}

/**
 * The k-th point (k ≥ 0) of a sunflower (Vogel) spiral of spacing `step` around a frame: an empty
 * frame starts at its centre, a placed graph just outside its radius. Points are evenly spread,
 * about `step` apart, on no lattice; `rotation` (radians) turns the whole spiral, so that
 * batches placed one after another around the same frame do not start at the same point.
 */
export function spiralPoint(frame: PlacedFrame, k: number, step = SPIRAL_STEP_PX, rotation = 0): Point {
  // area: the disc of the placed graph, plus `step`² per point laid before this one
  const inner = frame.r > 0 ? frame.r + step : 0;
  const r = Math.sqrt(inner * inner + (k * step * step) / Math.PI);
  const a = rotation + k * GOLDEN_ANGLE;
  return { x: frame.cx + r * Math.cos(a), y: frame.cy + r * Math.sin(a) };
}

/**
 * A start next to placed neighbours: their centroid (one neighbour: the neighbour itself), moved
 * {@link NEAR_PX} away from the graph's centre, at an angle spread by `jitter` ∈ [0, 1) so that
 * siblings do not land on one point.
 */
export function nearNeighbours(neighbours: readonly Point[], frame: PlacedFrame, jitter: number): Point {
  let x = 0;
  let y = 0;
  for (const p of neighbours) {
    x += p.x;
    y += p.y;
  }
  x /= neighbours.length;
  y /= neighbours.length;
  const outward = x !== frame.cx || y !== frame.cy ? Math.atan2(y - frame.cy, x - frame.cx) : 0;
  const a = outward + (jitter - 0.5) * 2 * Math.PI * 0.6;
  const d = NEAR_PX * (0.7 + 0.6 * jitter);
  return { x: x + Math.cos(a) * d, y: y + Math.sin(a) * d };
}

/**
 * Starting positions for `fresh` nodes: each is placed by its neighbours already placed (in the
 * graph, or earlier in this batch), else on the spiral outside the placed graph. Nodes are taken
 * breadth-first from those with placed neighbours, so a connected group unfolds from where it
 * touches the graph; the nodes of a group that touches nothing each get their own spiral point.
 *
 * @param fresh the new nodes, in arrival order
 * @param neighbours a node's neighbours (any, placed or not)
 * @param placed positions of the nodes already placed
 * @param random a source of numbers in [0, 1) (tests pass a seeded one)
 * @returns a position for every node of `fresh`
 */
export function initialPositions(
  fresh: readonly string[],
  neighbours: (id: string) => Iterable<string>,
  placed: ReadonlyMap<string, Point>,
  random: () => number = Math.random,
): Map<string, Point> {
  const frame = frameOf(placed.values());
  const out = new Map<string, Point>();
  const where = (id: string): Point | undefined => placed.get(id) ?? out.get(id);
  const todo = new Set(fresh);
  let spiral = 0;
  const placeFrom = (queue: string[]): void => {
    for (let i = 0; i < queue.length; i++) {
      for (const nb of neighbours(queue[i]!)) {
        if (!todo.has(nb)) continue;
        const near: Point[] = [];
        for (const other of neighbours(nb)) {
          const p = where(other);
          if (p) near.push(p);
        }
        out.set(nb, nearNeighbours(near, frame, random()));
        todo.delete(nb);
        queue.push(nb);
      }
    }
  };
  // first the nodes that touch the placed graph, breadth-first from it
  const touching = fresh.filter((id) => [...neighbours(id)].some((nb) => placed.has(nb)));
  for (const id of touching) {
    if (!todo.has(id)) continue;
    const near = [...neighbours(id)].map((nb) => where(nb)).filter((p): p is Point => p !== undefined);
    out.set(id, nearNeighbours(near, frame, random()));
    todo.delete(id);
    placeFrom([id]);
  }
  // then the nodes of groups touching nothing, spread on the spiral (turned at random for each batch)
  const rotation = random() * 2 * Math.PI;
  for (const id of fresh) if (todo.has(id)) out.set(id, spiralPoint(frame, spiral++, SPIRAL_STEP_PX, rotation));
  return out;
}
