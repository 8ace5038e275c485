/**
 * The current graph, for panels outside the graph view that act on it (centre a node, replay a
 * spread). Set by GraphView while it is mounted.
 */
import type { GraphController } from './controller';

let current: GraphController | null = null;

/** Registers (or clears with null) the mounted graph. */
export function setGraph(graph: GraphController | null): void {
  current = graph;
}

/** The mounted graph, or null before it mounts. */
export function getGraph(): GraphController | null {
  return current;
}
