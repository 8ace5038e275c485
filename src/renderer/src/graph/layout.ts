/**
 * When and how the graph is laid out. New nodes are placed at once next to their placed
 * neighbours, or on a spiral around the graph (./placement.ts) — never on a grid. Then, debounced:
 * - a few new nodes: fcose runs on them and their neighbours only, with the neighbours pinned
 *   (`fixedNodeConstraint`), animated: the rest of the graph never moves;
 * - a big batch (a topology start, hundreds of peers, a remote network, a replay seek) or many new
 *   links: the whole graph is laid out in the background (./background.ts) while the drawing
 *   keeps its positions, with progress and Cancel, and the result is applied in one step.
 * Both use the degree-aware forces of ./forces.ts.
 */
import type { Core, Layouts, NodeCollection, NodeSingular, Position } from 'cytoscape';
import { layoutInBackground, layoutInputOf, type LayoutJob } from './background';
import { forceOptions, type FcoseOptions } from './forces';
import { initialPositions, type Point } from './placement';

/** Wait after the last change before laying out, ms. */
const DEBOUNCE_MS = 250;
/** Longest wait while changes keep coming, ms. */
const MAX_WAIT_MS = 1200;
/** From this many new nodes (or nodes with new links) a layout runs in the background, over the whole graph. */
export const BIG_BATCH = 40;
/** Position changes of at most this many nodes are animated. */
const ANIMATE_UP_TO = 300;

/** What the toolbar shows of a background layout: how many nodes, and the fraction done. */
export interface LayoutProgress {
  nodes: number;
  fraction: number;
}

/** Schedules and runs layouts of one cytoscape instance. */
export class LayoutScheduler {
  private readonly pending = new Set<string>();
  /** Nodes that got a new link since the last layout. */
  private readonly touched = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstQueuedAt = 0;
  private running: Layouts | null = null;
  private job: LayoutJob | null = null;
  private laidOutOnce = false;
  /** The user zoomed or panned: stop fitting the view to the growing graph. */
  private userMoved = false;
  private progressListener: (p: LayoutProgress | null) => void = () => {};
  private settledListener: () => void = () => {};

  constructor(private readonly cy: Core) {
    cy.on('scrollzoom pinchzoom dragpan', () => {
      this.userMoved = true;
    });
  }

  /** Calls `listener` with a background layout's progress, and null when none runs. */
  onProgress(listener: (p: LayoutProgress | null) => void): void {
    this.progressListener = listener;
  }

  /** Calls `listener` whenever a layout has moved nodes (to redo the labels). */
  onSettled(listener: () => void): void {
    this.settledListener = listener;
  }

  /** Fits the view to the graph again after each layout, until the user zooms or pans. */
  followGraph(): void {
    this.userMoved = false;
  }

  /** True while a layout runs or changes wait for one. */
  get busy(): boolean {
    return this.running !== null || this.job !== null || this.timer !== null || this.pending.size > 0;
  }

  /** True while `id` waits for its layout (it may still be moved next to a neighbour). */
  isPending(id: string): boolean {
    return this.pending.has(id);
  }

  /**
   * Gives `ids` (new nodes, or pending ones that just got a link) a starting position: by their
   * placed neighbours, else on the spiral around the graph. Call inside the sync's batch.
   */
  place(ids: Iterable<string>): void {
    const fresh = new Set(ids);
    if (fresh.size === 0) return;
    const placed = new Map<string, Point>();
    // every other peer has a place (a pending one a provisional place): the new ones go by them, or outside them
    this.cy.nodes('[role != "seed"]').forEach((n: NodeSingular) => {
      if (!fresh.has(n.id())) placed.set(n.id(), n.position());
    });
    const neighbours = (id: string): string[] => this.cy.getElementById(id).neighborhood('node[role != "seed"]').map((n: NodeSingular) => n.id());
    const at = initialPositions([...fresh], neighbours, placed);
    for (const [id, p] of at) this.cy.getElementById(id).position(p);
  }

  /** Queues freshly added nodes for the next layout. */
  queue(ids: Iterable<string>): void {
    for (const id of ids) this.pending.add(id);
    this.schedule();
  }

  /** Notes nodes that got new links (many of them call for a whole-graph layout). */
  linked(ids: Iterable<string>): void {
    for (const id of ids) this.touched.add(id);
    if (this.touched.size >= BIG_BATCH) this.schedule();
  }

  /** Lays out the whole graph from scratch, in the background, and fits it (the user's "Re-layout"). */
  relayoutAll(): void {
    this.userMoved = false;
    this.cancel();
    this.runBackground(true);
  }

  /** Cancels a background layout: the graph keeps the positions it has; queued changes are dropped. */
  cancel(): void {
    this.job?.cancel();
    this.job = null;
    this.pending.clear();
    this.touched.clear();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.progressListener(null);
  }

  /** Stops timers and any running layout. */
  destroy(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.job?.cancel();
    this.job = null;
    this.running?.stop();
    this.running = null;
  }

  private schedule(): void {
    if (this.pending.size === 0 && this.touched.size < BIG_BATCH) return;
    const now = Date.now();
    if (this.timer === null) this.firstQueuedAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstQueuedAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, wait);
  }

  private run(): void {
    if (this.running !== null || this.job !== null) return; // their end runs us again
    const fresh = this.cy.collection() as NodeCollection;
    for (const id of this.pending) {
      const n = this.cy.getElementById(id);
      if (n.nonempty() && n.isNode()) fresh.merge(n);
    }
    const peers = this.cy.nodes('[role != "seed"]').length;
    const big = fresh.length >= BIG_BATCH || this.touched.size >= BIG_BATCH || (!this.laidOutOnce && peers >= 3);
    if (big) {
      // always from fcose's spectral start: its refinement mode (randomize: false) over the
      // whole graph was seen to leave nodes stacked on one point
      this.runBackground(true);
      return;
    }
    this.pending.clear();
    this.touched.clear();
    if (fresh.empty()) return;
    const anchors = fresh.neighborhood().nodes().difference(fresh);
    const eles = fresh.union(anchors).union(fresh.connectedEdges());
    const opts: FcoseOptions = {
      ...forceOptions(),
      quality: 'default',
      randomize: false,
      fit: false,
      animate: fresh.length <= ANIMATE_UP_TO,
      animationDuration: 450,
      fixedNodeConstraint: anchors.map((n: NodeSingular) => ({ nodeId: n.id(), position: { ...n.position() } })),
    };
    const layout = eles.layout(opts);
    this.running = layout;
    layout.one('layoutstop', () => {
      if (this.running === layout) this.running = null;
      this.afterLayout();
    });
    layout.run();
  }

  private runBackground(randomize: boolean): void {
    this.pending.clear();
    this.touched.clear();
    const input = layoutInputOf(this.cy, randomize);
    if (input.nodes.length === 0) {
      this.afterLayout();
      return;
    }
    this.laidOutOnce = true;
    const total = input.nodes.length;
    this.progressListener({ nodes: total, fraction: 0 });
    const job = layoutInBackground(input, (fraction) => {
      if (this.job === job) this.progressListener({ nodes: total, fraction });
    });
    this.job = job;
    void job.done.then((result) => {
      if (this.job !== job) return;
      this.job = null;
      this.progressListener(null);
      if (result !== 'cancelled') this.apply(result);
    });
  }

  /** Moves the nodes to the positions a background layout found (animated for small graphs). */
  private apply(positions: Map<string, Position>): void {
    const moved = this.cy.nodes().filter((n: NodeSingular) => positions.has(n.id()));
    if (moved.empty()) return this.afterLayout();
    // nodes that arrived during the layout start again by their neighbours' new places
    const arrived = [...this.pending];
    const layout = moved.layout({
      name: 'preset',
      positions: Object.fromEntries(positions),
      fit: false,
      animate: moved.length <= ANIMATE_UP_TO,
      animationDuration: 400,
    });
    this.running = layout;
    layout.one('layoutstop', () => {
      if (this.running === layout) this.running = null;
      this.cy.batch(() => this.place(arrived));
      this.afterLayout();
    });
    layout.run();
  }

  private afterLayout(): void {
    placeSeeds(this.cy);
    if (!this.userMoved) fitCapped(this.cy);
    this.settledListener();
    if (this.pending.size > 0 || this.touched.size >= BIG_BATCH) this.schedule();
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
