/**
 * How a node's degree scales what the graph does with it: its drawn size and stacking order, its
 * repulsion in the force layout and the ideal length of its links. Pure functions (no cytoscape),
 * shared by the stylesheet, the controller and the layouts.
 *
 * Scale-free graphs have a few hubs of high degree and many leaves. A uniform force layout packs
 * a hub's neighbours into one dense ball and lets hubs sit on top of each other; here a hub repels
 * more (∝ 1 + degree), its links are longer (∝ √degree of each end), so its neighbours get room
 * around it and hubs drift apart, and it is drawn larger and above lower-degree nodes.
 */

/** Smallest node diameter (a leaf), model px. */
export const MIN_NODE_PX = 14;
/** Largest node diameter, model px. */
export const MAX_NODE_PX = 64;

/** Node diameter in model pixels for a degree (grows with √degree, capped at {@link MAX_NODE_PX}). */
export function nodeSize(degree: number): number {
  return Math.min(MAX_NODE_PX, MIN_NODE_PX + 5 * Math.sqrt(Math.max(0, degree)));
}

/** Highest z-index a node gets from its degree; selection and replay marks draw above it. */
export const MAX_DEGREE_Z = 999;

/**
 * A node's stacking order: its degree (capped at {@link MAX_DEGREE_Z}), so that a hub is drawn
 * over — and clicks land on — the leaves around it.
 */
export function nodeZ(degree: number): number {
  return Math.min(MAX_DEGREE_Z, Math.max(0, Math.round(degree)));
}

/** Repulsion of a node of degree 0, in fcose's units (its default is 4500). */
export const BASE_REPULSION = 4500;

/** A node's repulsion in the force layout: grows linearly with its degree (hubs push harder). */
export function nodeRepulsion(degree: number): number {
  return BASE_REPULSION * (1 + Math.max(0, degree) / 2);
}

/** Ideal length of a link between two leaves (degree ≤ 1), model px. */
export const BASE_EDGE_LENGTH = 45;

/**
 * Ideal length of a link between nodes of degrees `a` and `b`: grows with √a + √b, so that a
 * hub's many neighbours fit on the circle around it and two hubs stay apart.
 */
export function idealEdgeLength(a: number, b: number): number {
  const s = Math.sqrt(Math.max(1, a)) + Math.sqrt(Math.max(1, b));
  return BASE_EDGE_LENGTH + 16 * (s - 2);
}

/** Node count from which cytoscape draws with WebGL (where the browser gives a WebGL2 context). */
export const WEBGL_FROM_NODES = 1500;
/** Node count under which a graph drawn with WebGL goes back to the canvas renderer. */
export const CANVAS_UNDER_NODES = 1000;

/**
 * Whether the graph should be drawn with WebGL: from {@link WEBGL_FROM_NODES} nodes on, and
 * until it shrinks under {@link CANVAS_UNDER_NODES} (the gap keeps it from switching back and
 * forth as nodes come and go). Always false where WebGL2 is not available.
 */
export function wantsWebgl(nodeCount: number, usingWebgl: boolean, webglAvailable: boolean): boolean {
  if (!webglAvailable) return false;
  return usingWebgl ? nodeCount >= CANVAS_UNDER_NODES : nodeCount >= WEBGL_FROM_NODES;
}
