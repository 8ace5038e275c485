/**
 * Incremental layout. New nodes are placed at once near a neighbour that already has a position,
 * then, debounced, fcose runs on the new nodes and their neighbours only, with every neighbour
 * pinned where it is (`fixedNodeConstraint`, `randomize: false`). Existing nodes never move, and
 * the whole graph is laid out only on the first batch or when the user asks.
 */
import type { AnimatedLayoutOptions, BaseLayoutOptions, Core, Layouts, NodeCollection, NodeSingular, Position } from 'cytoscape';

/** fcose options this module uses (the extension ships no types). */
interface FcoseOptions extends BaseLayoutOptions, AnimatedLayoutOptions {
  name: 'fcose';
  quality?: 'draft' | 'default' | 'proof';
  randomize?: boolean;
  fit?: boolean;
  padding?: number;
  nodeRepulsion?: number;
  idealEdgeLength?: number;
  edgeElasticity?: number;
  gravity?: number;
  numIter?: number;
  packComponents?: boolean;
  fixedNodeConstraint?: Array<{ nodeId: string; position: Position }>;
}

/** Wait after the last new node before laying out, ms. */
const DEBOUNCE_MS = 250;
/** Longest wait while nodes keep arriving, ms. */
const MAX_WAIT_MS = 1200;
/** Preferred edge length, model px. */
const EDGE_LENGTH = 70;

const base = { name: 'fcose', quality: 'default', nodeRepulsion: 6000, idealEdgeLength: EDGE_LENGTH, edgeElasticity: 0.45, gravity: 0.25, packComponents: false } as const;

/** Schedules and runs layouts of one cytoscape instance. */
export class LayoutScheduler {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstQueuedAt = 0;
  private running: Layouts | null = null;
  private laidOutOnce = false;
  /** The user zoomed or panned: stop fitting the view to the growing graph. */
  private userMoved = false;

  constructor(private readonly cy: Core) {
    cy.on('scrollzoom pinchzoom dragpan', () => {
      this.userMoved = true;
    });
  }

  /** Fits the view to the graph again after each layout, until the user zooms or pans. */
  followGraph(): void {
    this.userMoved = false;
  }

  /** True while a layout runs or new nodes wait for one. */
  get busy(): boolean {
    return this.running !== null || this.timer !== null || this.pending.size > 0;
  }

  /** True while `id` waits for its layout (it may still be moved next to a neighbour). */
  isPending(id: string): boolean {
    return this.pending.has(id);
  }

  /** Queues freshly added nodes for the next incremental layout. */
  queue(ids: Iterable<string>): void {
    for (const id of ids) this.pending.add(id);
    if (this.pending.size === 0) return;
    const now = Date.now();
    if (this.timer === null) this.firstQueuedAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstQueuedAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, wait);
  }

  /** Lays out the whole graph from scratch and fits it (the user's "Re-layout"). */
  relayoutAll(): void {
    this.userMoved = false;
    this.pending.clear();
    this.runFull();
  }

  /** Stops timers and any running layout. */
  destroy(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.running?.stop();
    this.running = null;
  }

  private run(): void {
    if (this.running !== null) return; // the stop handler runs us again
    const fresh = this.cy.collection() as NodeCollection;
    for (const id of this.pending) {
      const n = this.cy.getElementById(id);
      if (n.nonempty() && n.isNode()) fresh.merge(n);
    }
    this.pending.clear();
    if (fresh.empty()) return;
    const old = this.cy.nodes().difference(fresh);
    if (!this.laidOutOnce || old.length < 3) {
      this.runFull();
      return;
    }
    const anchors = fresh.neighborhood().nodes().difference(fresh);
    const eles = fresh.union(anchors).union(fresh.connectedEdges());
    const opts: FcoseOptions = {
      ...base,
      randomize: false,
      fit: false,
      animate: fresh.length <= 150,
      animationDuration: 450,
      numIter: 1500,
      fixedNodeConstraint: anchors.map((n: NodeSingular) => ({ nodeId: n.id(), position: { ...n.position() } })),
    };
    this.start(eles.layout(opts));
  }

  private runFull(): void {
    const n = this.cy.nodes().length;
    if (n === 0) return;
    this.running?.stop();
    this.laidOutOnce = true;
    const opts: FcoseOptions = { ...base, randomize: true, fit: false, animate: n <= 300, animationDuration: 600, numIter: 2500 };
    this.start(this.cy.layout(opts));
  }

  private start(layout: Layouts): void {
    this.running = layout;
    layout.one('layoutstop', () => {
      if (this.running === layout) this.running = null;
      placeSeeds(this.cy);
      if (!this.userMoved) fitCapped(this.cy);
      if (this.pending.size > 0) this.queue([]);
    });
    layout.run();
  }
}

/**
 * Puts the seeds in a row above the peers. Seeds have no links of their own (peers only register
 * with them), so a force layout would leave them wherever they fell, under the peers.
 */
export function placeSeeds(cy: Core): void {
  const seeds = cy.nodes('[role = "seed"]');
  if (seeds.empty()) return;
  const peers = cy.nodes().difference(seeds);
  const box = peers.nonempty() ? peers.boundingBox({ includeLabels: false }) : { x1: 0, x2: 0, y1: 0, w: 0 };
  const gap = Math.max(90, box.w / Math.max(1, seeds.length));
  const width = gap * (seeds.length - 1);
  const cx = (box.x1 + box.x2) / 2;
  seeds.forEach((n: NodeSingular, i: number) => {
    n.position({ x: cx - width / 2 + i * gap, y: box.y1 - 110 });
  });
}

/** Fits the whole graph in view, but never zooms a small graph in past 1.5×. */
export function fitCapped(cy: Core): void {
  cy.fit(undefined, 40);
  if (cy.zoom() > 1.5) {
    cy.zoom(1.5);
    cy.center();
  }
}

/** Centre and radius (model px) of the part of the graph already placed. */
export interface PlacedFrame {
  cx: number;
  cy: number;
  r: number;
}

/** The frame of the placed nodes, from their centres (cheaper than a bounding box with labels). */
export function placedFrame(cy: Core, placed: (n: NodeSingular) => boolean): PlacedFrame {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  cy.nodes().forEach((n) => {
    if (!placed(n)) return;
    const p = n.position();
    if (p.x < x1) x1 = p.x;
    if (p.x > x2) x2 = p.x;
    if (p.y < y1) y1 = p.y;
    if (p.y > y2) y2 = p.y;
  });
  if (x1 === Infinity) return { cx: 0, cy: 0, r: EDGE_LENGTH };
  return { cx: (x1 + x2) / 2, cy: (y1 + y2) / 2, r: Math.max(x2 - x1, y2 - y1) / 2 + EDGE_LENGTH };
}

/**
 * A starting position for a new node: just outside a placed neighbour (away from the graph's
 * centre), or on a ring around the placed graph when it has no placed neighbour yet.
 *
 * @param placed whether a node's position is final
 */
export function initialPosition(node: NodeSingular, placed: (n: NodeSingular) => boolean, frame: PlacedFrame): Position {
  const angle = Math.random() * Math.PI * 2;
  const nb = node.neighborhood().nodes().filter((n) => placed(n));
  if (nb.nonempty()) {
    const p = (nb.first() as NodeSingular).position();
    const away = p.x !== frame.cx || p.y !== frame.cy ? Math.atan2(p.y - frame.cy, p.x - frame.cx) + (Math.random() - 0.5) * 1.4 : angle;
    return { x: p.x + Math.cos(away) * EDGE_LENGTH, y: p.y + Math.sin(away) * EDGE_LENGTH };
  }
  return { x: frame.cx + Math.cos(angle) * frame.r, y: frame.cy + Math.sin(angle) * frame.r };
}
