/**
 * A whole-graph layout run in the background: fcose lays out a headless copy of the graph in a
 * Web Worker (./layout.worker.ts), reporting its progress (iterations done of fcose's budget),
 * while the drawing keeps its previous positions; the new positions come back in one message.
 * Cancel terminates the worker. Where no worker can be started (a page that forbids them), the
 * same computation runs on the page's thread instead, after one paint so the progress shows.
 *
 * Seeds stay out of the copy: they have no links, the caller places them (./layout.ts placeSeeds).
 */
import cytoscape, { type Core, type ElementDefinition, type NodeSingular, type Position } from 'cytoscape';
import coseBase from 'cose-base';
import { forceOptions, registerFcose, type FcoseOptions } from './forces';

/** What a background layout needs of the graph: plain data, so it can be posted to a worker. */
export interface LayoutInput {
  nodes: Array<{ id: string; size: number; x: number; y: number }>;
  edges: Array<[string, string]>;
  /** Start from fcose's spectral layout (a fresh layout) rather than from the given positions. */
  randomize: boolean;
}

/** New positions, as [id, x, y]. */
export type LayoutOutput = Array<[string, number, number]>;

/** A message from the layout worker. */
export type WorkerReply = { kind: 'progress'; fraction: number } | { kind: 'done'; positions: LayoutOutput } | { kind: 'error'; message: string };

/** The layout input for the peers of `cy` (ids, sizes, links among them, positions). */
export function layoutInputOf(cy: Core, randomize: boolean): LayoutInput {
  const peers = cy.nodes('[role != "seed"]');
  const nodes: LayoutInput['nodes'] = [];
  peers.forEach((n: NodeSingular) => {
    const p = n.position();
    nodes.push({ id: n.id(), size: Number(n.data('size')) || 14, x: p.x, y: p.y });
  });
  const edges: LayoutInput['edges'] = [];
  peers.edgesWith(peers).forEach((e) => {
    edges.push([e.source().id(), e.target().id()]);
  });
  return { nodes, edges, randomize };
}

/** How often (fcose iterations) the computation reports progress. */
const PROGRESS_EVERY = 50;
let progressSink: ((fraction: number) => void) | null = null;
let tickPatched = false;

/**
 * Lets fcose's spring embedder report its progress: each tick of cose-base's layout (the engine
 * fcose runs) passes iterations done / its iteration budget to the computation running now.
 */
function patchTick(): void {
  if (tickPatched) return;
  tickPatched = true;
  const proto = coseBase.CoSELayout.prototype;
  const tick = proto.tick;
  proto.tick = function (this: { totalIterations: number; maxIterations: number }): boolean {
    if (progressSink !== null && this.totalIterations % PROGRESS_EVERY === 0) progressSink(Math.min(1, this.totalIterations / this.maxIterations));
    return tick.call(this) as boolean;
  };
}

/**
 * Runs the degree-aware fcose layout on `input` (synchronously) and returns the new positions.
 * `onProgress` gets the fraction done, 0..1, every {@link PROGRESS_EVERY} iterations.
 */
export function computeLayout(input: LayoutInput, onProgress: (fraction: number) => void = () => {}): LayoutOutput {
  registerFcose();
  patchTick();
  const defs: ElementDefinition[] = input.nodes.map((n) => ({ group: 'nodes', data: { id: n.id, size: n.size }, position: { x: n.x, y: n.y } }));
  input.edges.forEach(([a, b], i) => defs.push({ group: 'edges', data: { id: `e${i}`, source: a, target: b } }));
  const copy = cytoscape({ headless: true, styleEnabled: true, style: [{ selector: 'node', style: { width: 'data(size)', height: 'data(size)' } }], elements: defs });
  progressSink = onProgress;
  try {
    const opts: FcoseOptions = { ...forceOptions(), quality: 'default', randomize: input.randomize, animate: false, fit: false };
    copy.layout(opts).run();
    const out: LayoutOutput = [];
    copy.nodes().forEach((n: NodeSingular) => {
      const p = n.position();
      out.push([n.id(), p.x, p.y]);
    });
    return out;
  } finally {
    progressSink = null;
    copy.destroy();
  }
}

/** A running background layout. */
export interface LayoutJob {
  /** Stops it; the drawing keeps the positions it had (`done` resolves with 'cancelled'). */
  cancel(): void;
  /** The new positions by node id, or 'cancelled'. */
  readonly done: Promise<Map<string, Position> | 'cancelled'>;
}

const toMap = (out: LayoutOutput): Map<string, Position> => new Map(out.map(([id, x, y]) => [id, { x, y }]));

/** Starts the layout worker, or null where the page cannot start one. */
function startWorker(): Worker | null {
  try {
    return new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'graph-layout' });
  } catch {
    return null;
  }
}

/** Runs {@link computeLayout} on this thread, after a paint (the fallback where no worker runs). */
function onThisThread(input: LayoutInput, onProgress: (fraction: number) => void, isCancelled: () => boolean): Promise<Map<string, Position> | 'cancelled'> {
  return new Promise((resolve) => {
    setTimeout(() => {
      if (isCancelled()) return resolve('cancelled');
      try {
        const out = computeLayout(input);
        onProgress(1);
        resolve(isCancelled() ? 'cancelled' : toMap(out));
      } catch (err) {
        // the drawing keeps its positions; the toolbar's progress ends
        console.error('layout failed:', err);
        resolve('cancelled');
      }
    }, 50);
  });
}

/**
 * Lays out `input` in the background and resolves with the new positions.
 * @param onProgress called with the fraction done, 0..1
 */
export function layoutInBackground(input: LayoutInput, onProgress: (fraction: number) => void): LayoutJob {
  let cancelled = false;
  let worker: Worker | null = startWorker();
  let settle: (r: Map<string, Position> | 'cancelled') => void = () => {};
  const done = new Promise<Map<string, Position> | 'cancelled'>((resolve) => {
    settle = resolve;
  });
  const fallback = (): void => {
    worker?.terminate();
    worker = null;
    void onThisThread(input, onProgress, () => cancelled).then(settle);
  };
  if (worker === null) fallback();
  else {
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const reply = e.data;
      if (reply.kind === 'progress') onProgress(reply.fraction);
      else if (reply.kind === 'done') {
        worker?.terminate();
        worker = null;
        settle(cancelled ? 'cancelled' : toMap(reply.positions));
      } else fallback();
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fallback();
    };
    worker.postMessage(input);
  }
  return {
    cancel: () => {
      cancelled = true;
      worker?.terminate();
      worker = null;
      settle('cancelled');
    },
    done,
  };
}
