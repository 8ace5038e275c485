/**
 * Label culling: which node labels to draw so that no two overlap. Greedy by priority (the
 * selected node, then by degree, so hubs keep theirs): a label is kept when its box meets no box
 * kept before it. Boxes are in model coordinates, where overlap does not depend on the zoom, so
 * the pass runs when positions or the node set change, not on every zoom. A uniform grid of
 * buckets keeps it near-linear (1,000 labels take well under a millisecond per hundred).
 */

/** An axis-aligned box, model px. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A label that may be drawn: its node, its box and its priority (higher first). */
export interface LabelCandidate {
  id: string;
  box: Box;
  priority: number;
}

/** Whether two boxes overlap (touching edges do not). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

/**
 * The ids whose labels to draw: greedily by priority (ties: by id, for a stable result), each
 * kept when it overlaps no label kept before it.
 */
export function cullLabels(candidates: readonly LabelCandidate[]): Set<string> {
  const sorted = [...candidates].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let cell = 1;
  for (const c of sorted) cell = Math.max(cell, c.box.x2 - c.box.x1, c.box.y2 - c.box.y1);
  const grid = new Map<string, Box[]>();
  const kept = new Set<string>();
  for (const c of sorted) {
    const { x1, y1, x2, y2 } = c.box;
    const gx1 = Math.floor(x1 / cell);
    const gx2 = Math.floor(x2 / cell);
    const gy1 = Math.floor(y1 / cell);
    const gy2 = Math.floor(y2 / cell);
    let free = true;
    for (let gx = gx1; gx <= gx2 && free; gx++) {
      for (let gy = gy1; gy <= gy2 && free; gy++) {
        for (const other of grid.get(`${gx},${gy}`) ?? []) {
          if (overlaps(c.box, other)) {
            free = false;
            break;
          }
        }
      }
    }
    if (!free) continue;
    kept.add(c.id);
    for (let gx = gx1; gx <= gx2; gx++) {
      for (let gy = gy1; gy <= gy2; gy++) {
        const key = `${gx},${gy}`;
        const list = grid.get(key);
        if (list) list.push(c.box);
        else grid.set(key, [c.box]);
      }
    }
  }
  return kept;
}

/** How a node's label is placed: centred under the node, `margin` px below its edge. */
export interface LabelGeometry {
  /** The label's text width, model px. */
  textWidth: number;
  /** The font size, model px. */
  fontPx: number;
  /** Gap between the node's bottom and the text, model px. */
  margin: number;
  /** Room kept around the text on each side, model px. */
  pad: number;
}

/** The box of the label of a node at (x, y) of diameter `size`, drawn below it (`text-valign: bottom`). */
export function labelBox(x: number, y: number, size: number, g: LabelGeometry): Box {
  const top = y + size / 2 + g.margin;
  const lineHeight = g.fontPx * 1.4;
  return { x1: x - g.textWidth / 2 - g.pad, x2: x + g.textWidth / 2 + g.pad, y1: top - g.pad, y2: top + lineHeight + g.pad };
}

/** Pairs of boxes that overlap, as index pairs (for the benchmark and the end-to-end check). */
export function overlappingPairs(boxes: readonly Box[]): Array<[number, number]> {
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[a]!.x1 - boxes[b]!.x1);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < order.length; i++) {
    const a = boxes[order[i]!]!;
    for (let j = i + 1; j < order.length && boxes[order[j]!]!.x1 < a.x2; j++) {
      if (overlaps(a, boxes[order[j]!]!)) out.push([order[i]!, order[j]!]);
    }
  }
  return out;
}
