/**
 * Owns the cytoscape instance: keeps it in step with the store's node and link Maps by diffing
 * (only what changed is added, updated or removed, inside one `cy.batch()`), animates transient
 * events, replays message spreads, draws suspicions, faults and chaos targets (./decorate.ts),
 * and handles selection, chaos targeting, search and viewport. Labels are culled so that none
 * overlap (./labelLayer.ts); from a few thousand nodes the graph is drawn with WebGL
 * (./renderer.ts), by rebuilding the cytoscape instance with its elements and positions.
 */
import cytoscape, { type Core, type CytoscapeOptions, type EdgeSingular, type ElementDefinition, type NodeSingular, type SingularElementReturnValue } from 'cytoscape';
import type { UiNode } from '../../../shared/types';
import type { Link } from '../store';
import type { TransientEvent } from '../store/transient';
import { linkKey } from '../store/reduce';
import { DECORATION_CLASSES, decorationOf, type Decoration, type DecorationInput } from './decorate';
import { Flasher } from './flasher';
import { registerFcose } from './forces';
import { LabelLayer } from './labelLayer';
import { LayoutScheduler, type LayoutProgress } from './layout';
import { rendererOption, webglAvailable } from './renderer';
import { replaySpread, type Spread } from './replay';
import { nodeZ, wantsWebgl } from './scale';
import { graphStyle, labelFontPx, labelMinZoomedFontSize, nodeSize } from './style';

/** How long a gossip flash lasts, ms. */
const FLASH_MS = 420;
/**
 * Most transient events animated per batch (≤ 1,600/s at 50 ms batches); the rest of a burst is
 * not drawn. Each flash restyles two elements, and at 1,000 peers more would only saturate the picture.
 */
const MAX_FLASHES_PER_BATCH = 80;
/** Above this many nodes, gossip flashes links only (not nodes). */
const LARGE_OVER = 300;

/** Cytoscape data of a node (tests read `role`, `origin`, `life`, `degree`; the stylesheet `size`, `z`, `font`). */
function nodeData(n: UiNode): Record<string, string | number> {
  return { id: n.id, role: n.role, origin: n.origin, life: n.life, degree: n.degree, size: nodeSize(n.degree), z: nodeZ(n.degree), font: labelFontPx(n.degree) };
}

/** What the graph tells the chaos panel: a node shift-clicked, a link clicked. */
export interface TargetListener {
  node(id: string): void;
  link(a: string, b: string): void;
}

/** The graph of one container. */
export class GraphController {
  private core: Core;
  private layout: LayoutScheduler;
  private flasher: Flasher;
  private readonly labels = new LabelLayer(() => this.core);
  private usingWebgl = false;
  /** What is drawn: the store's node Map last synced (store Maps are never mutated, only replaced). */
  private shownNodes: ReadonlyMap<string, UiNode> = new Map<string, UiNode>();
  /** What is drawn: link key → link. */
  private shownLinks = new Map<string, Link>();
  private lastLinks: Map<string, Link> | null = null;
  private stopReplay: (() => void) | null = null;
  private labelThreshold = -1;
  private selectListener: ((id: string | null) => void) | null = null;
  private targetListener: TargetListener | null = null;
  private progressListener: (p: LayoutProgress | null) => void = () => {};
  private decoration: Decoration | null = null;

  /** Creates cytoscape in `container`. */
  constructor(private readonly container: HTMLElement) {
    registerFcose();
    this.core = this.build(false);
    this.layout = this.scheduler();
    this.flasher = new Flasher(this.core);
  }

  /** The cytoscape instance (a new one after a switch of renderer: read it each time). */
  get cy(): Core {
    return this.core;
  }

  /** Whether the graph is drawn with WebGL now. */
  get webgl(): boolean {
    return this.usingWebgl;
  }

  /** Creates the cytoscape instance, with its event handlers. */
  private build(webgl: boolean): Core {
    // `renderer` is cytoscape's own option; its types do not list it yet
    const options: CytoscapeOptions & { renderer: ReturnType<typeof rendererOption> } = {
      container: this.container,
      style: graphStyle,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
      textureOnViewport: true,
      hideEdgesOnViewport: false,
      motionBlur: false,
      pixelRatio: 'auto',
      renderer: rendererOption(webgl),
    };
    const cy = cytoscape(options);
    cy.on('select', 'node', (e) => this.selectListener?.((e.target as NodeSingular).id()));
    cy.on('tap', 'node', (e) => this.selectListener?.((e.target as NodeSingular).id()));
    cy.on('unselect', 'node', () => {
      if (cy.$('node:selected').empty()) this.selectListener?.(null);
    });
    cy.on('select unselect free', 'node', () => this.labels.schedule());
    cy.on('tap', 'node', (e) => {
      if ((e.originalEvent as MouseEvent | undefined)?.shiftKey) this.targetListener?.node((e.target as NodeSingular).id());
    });
    cy.on('tap', 'edge', (e) => {
      const edge = e.target as EdgeSingular;
      this.targetListener?.link(edge.source().id(), edge.target().id());
    });
    return cy;
  }

  /** A layout scheduler for the current instance, wired to the labels and the progress listener. */
  private scheduler(): LayoutScheduler {
    const layout = new LayoutScheduler(this.core);
    layout.onSettled(() => this.labels.schedule());
    layout.onProgress((p) => this.progressListener(p));
    return layout;
  }

  /**
   * Switches between the canvas and the WebGL renderer when the node count calls for it: a new
   * cytoscape instance in the same container, with every element, position, class, selection
   * and the viewport carried over.
   */
  private switchRenderer(nodeCount: number): void {
    const want = wantsWebgl(nodeCount, this.usingWebgl, webglAvailable());
    if (want === this.usingWebgl) return;
    const old = this.core;
    const elements = old.elements().jsons() as unknown as ElementDefinition[];
    const viewport = { zoom: old.zoom(), pan: { ...old.pan() } };
    this.stopReplay?.();
    this.stopReplay = null;
    this.layout.destroy();
    this.flasher.destroy();
    old.destroy();
    this.usingWebgl = want;
    this.core = this.build(want);
    this.core.add(elements);
    // transient marks (flashes, a replay's dimming) belong to the old instance's timers
    this.core.elements().removeClass('flash warn dim replay replay-origin');
    this.core.viewport(viewport);
    this.layout = this.scheduler();
    this.flasher = new Flasher(this.core);
    this.labelThreshold = -1;
  }

  /** Calls `listener` with the progress of a background layout, and null when none runs. */
  onLayoutProgress(listener: (p: LayoutProgress | null) => void): void {
    this.progressListener = listener;
  }

  /** Cancels a background layout: the graph keeps the positions it had. */
  cancelLayout(): void {
    this.layout.cancel();
  }

  /** Calls `listener` when the user picks a chaos target: shift-click on a node, click on a link. */
  onTarget(listener: TargetListener): void {
    this.targetListener = listener;
  }

  /** Draws suspicions, faults and chaos targets as `input` says (every element, the changed ones restyled). */
  decorate(input: DecorationInput): void {
    const deco = decorationOf(input);
    this.decoration = deco;
    this.cy.batch(() => this.cy.elements().forEach((el) => this.decorateOne(el, deco)));
  }

  /** Sets one element's decoration classes, when they differ from what it has. */
  private decorateOne(el: SingularElementReturnValue, deco: Decoration): void {
    const classes = (el.isNode() ? deco.node(el.id()) : deco.edge((el as EdgeSingular).source().id(), (el as EdgeSingular).target().id())).join(' ');
    if (el.scratch('_deco') === classes) return;
    el.scratch('_deco', classes);
    el.removeClass(DECORATION_CLASSES.join(' '));
    if (classes !== '') el.addClass(classes);
  }

  /** Calls `listener` when the user selects a node (id) or clears the selection (null). */
  onSelect(listener: (id: string | null) => void): void {
    this.selectListener = listener;
  }

  /**
   * Brings the drawing in line with the store: adds, updates and removes only what changed.
   * New nodes start next to a placed neighbour and are queued for an incremental layout.
   */
  sync(nodes: ReadonlyMap<string, UiNode>, links: Map<string, Link>): void {
    if (nodes === this.shownNodes && links === this.lastLinks) return;
    this.switchRenderer(nodes.size);
    const cy = this.cy;
    const added: string[] = [];
    const linked = new Set<string>();
    cy.batch(() => {
      const addDefs: ElementDefinition[] = [];
      for (const [id, n] of nodes) {
        const shown = this.shownNodes.get(id);
        if (shown === n) continue;
        if (shown === undefined) {
          addDefs.push({ group: 'nodes', data: nodeData(n), position: { x: 0, y: 0 } });
          added.push(id);
        } else cy.getElementById(id).data(nodeData(n));
      }
      const gone: string[] = [];
      for (const id of this.shownNodes.keys()) if (!nodes.has(id)) gone.push(id);
      for (const id of gone) cy.getElementById(id).remove();
      if (addDefs.length > 0) cy.add(addDefs);
      this.shownNodes = nodes;

      const edgeDefs: ElementDefinition[] = [];
      for (const [key, l] of this.shownLinks) {
        if (links.has(key) && nodes.has(l.a) && nodes.has(l.b)) continue;
        cy.getElementById(key).remove();
        this.shownLinks.delete(key);
      }
      for (const [key, l] of links) {
        if (this.shownLinks.has(key) || !nodes.has(l.a) || !nodes.has(l.b)) continue;
        edgeDefs.push({ group: 'edges', data: { id: key, source: l.a, target: l.b }, selectable: false });
        this.shownLinks.set(key, l);
      }
      if (edgeDefs.length > 0) {
        const edges = cy.add(edgeDefs);
        if (this.decoration) edges.forEach((el) => this.decorateOne(el, this.decoration!));
      }
      this.lastLinks = links;
      if (this.decoration) for (const id of added) this.decorateOne(cy.getElementById(id), this.decoration);

      // Place new nodes, and nodes still waiting for layout that just got a link, by their neighbours.
      const toPlace = new Set(added);
      for (const d of edgeDefs) {
        for (const end of [d.data.source, d.data.target]) {
          if (typeof end !== 'string') continue;
          linked.add(end);
          if (this.layout.isPending(end)) toPlace.add(end);
        }
      }
      this.layout.place(toPlace);
    });
    if (added.length > 0) this.layout.queue(added);
    if (linked.size > 0) this.layout.linked(linked);
    this.updateLabelThreshold();
    this.labels.schedule();
  }

  /** Sets the on-screen font size below which labels are not drawn, by node count (a stylesheet change only when it changes). */
  private updateLabelThreshold(): void {
    const t = labelMinZoomedFontSize(this.cy.nodes().length);
    if (t === this.labelThreshold) return;
    this.labelThreshold = t;
    this.cy.style().selector('node:unselected').style({ 'min-zoomed-font-size': t }).update();
  }

  /** True while the graph is being laid out (a layout runs or new nodes wait for one). */
  get layoutBusy(): boolean {
    return this.layout.busy;
  }

  /** Animates transient events: gossip receipts flash their link and node; liveness misses flash orange. */
  animate(events: readonly TransientEvent[]): void {
    let budget = MAX_FLASHES_PER_BATCH;
    const large = this.cy.nodes().length > LARGE_OVER;
    const gossipEdges: string[] = [];
    const gossipNodes: string[] = [];
    const warnEdges: string[] = [];
    const warnNodes: string[] = [];
    for (const ev of events) {
      if (budget-- <= 0) break;
      if (ev.kind === 'gossip') {
        gossipEdges.push(linkKey(ev.from, ev.node));
        if (!large) gossipNodes.push(ev.node);
      } else if (ev.kind === 'liveness-missed') {
        warnEdges.push(linkKey(ev.node, ev.neighbour));
        warnNodes.push(ev.neighbour);
      } else {
        warnNodes.push(ev.dead);
      }
    }
    this.cy.batch(() => {
      this.flasher.flash(gossipEdges, 'flash', FLASH_MS);
      this.flasher.flash(gossipNodes, 'flash', FLASH_MS);
      this.flasher.flash(warnEdges, 'warn', FLASH_MS * 2);
      this.flasher.flash(warnNodes, 'warn', FLASH_MS * 2);
    });
  }

  /** Replays a message's spread (cancelling any replay running). */
  replay(spread: Spread, onProgress: (shown: number, total: number) => void): void {
    this.stopReplay?.();
    this.stopReplay = replaySpread(this.cy, spread, onProgress);
  }

  /** Selects the node (or clears the selection with null) without re-notifying the listener needlessly. */
  setSelected(id: string | null): void {
    const current = this.cy.$('node:selected');
    if (id === null) {
      if (current.nonempty()) current.unselect();
      return;
    }
    if (current.length === 1 && current.first().id() === id) return;
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    current.unselect();
    node.select();
  }

  /** Centres the view on a node (zooming in a little if far out); false when there is no such node. */
  center(id: string): boolean {
    const node = this.cy.getElementById(id);
    if (node.empty()) return false;
    this.cy.stop();
    this.cy.animate({ center: { eles: node }, zoom: Math.max(this.cy.zoom(), 1.2) }, { duration: 300 });
    return true;
  }

  /**
   * The node best matching a typed address: an exact id, else the first id (sorted) that starts
   * with, then contains, the text. null when none does.
   */
  find(query: string): string | null {
    const q = query.trim().toLowerCase();
    if (q === '') return null;
    if (this.shownNodes.has(q)) return q;
    const ids = [...this.shownNodes.keys()].sort();
    return ids.find((id) => id.toLowerCase().startsWith(q)) ?? ids.find((id) => id.toLowerCase().includes(q)) ?? null;
  }

  /** Fits the whole graph in view. */
  fit(): void {
    this.layout.followGraph();
    this.cy.stop();
    this.cy.animate({ fit: { eles: this.cy.elements(), padding: 40 } }, { duration: 300 });
  }

  /** Lays out the whole graph again from scratch. */
  relayout(): void {
    this.layout.relayoutAll();
  }

  /** Tears everything down. */
  destroy(): void {
    this.stopReplay?.();
    this.labels.destroy();
    this.layout.destroy();
    this.flasher.destroy();
    this.cy.destroy();
  }
}
