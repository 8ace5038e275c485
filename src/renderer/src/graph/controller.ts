/**
 * Owns the cytoscape instance: keeps it in step with the store's node and link Maps by diffing
 * (only what changed is added, updated or removed, inside one `cy.batch()`), animates transient
 * events, replays message spreads, draws suspicions, faults and chaos targets (./decorate.ts),
 * and handles selection, chaos targeting, search and viewport.
 */
import cytoscape, { type Core, type EdgeSingular, type ElementDefinition, type NodeSingular, type SingularElementReturnValue } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { UiNode } from '../../../shared/types';
import type { Link } from '../store';
import type { TransientEvent } from '../store/transient';
import { linkKey } from '../store/reduce';
import { DECORATION_CLASSES, decorationOf, type Decoration, type DecorationInput } from './decorate';
import { Flasher } from './flasher';
import { LayoutScheduler, initialPosition, placedFrame } from './layout';
import { replaySpread, type Spread } from './replay';
import { graphStyle, labelMinZoomedFontSize, nodeSize } from './style';

let registered = false;
/** Registers the fcose layout with cytoscape, once per page. */
function registerFcose(): void {
  if (registered) return;
  cytoscape.use(fcose);
  registered = true;
}

/** How long a gossip flash lasts, ms. */
const FLASH_MS = 420;
/**
 * Most transient events animated per batch (≤ 1,600/s at 50 ms batches); the rest of a burst is
 * not drawn. Each flash restyles two elements, and at 1,000 peers more would only saturate the picture.
 */
const MAX_FLASHES_PER_BATCH = 80;
/** Above this many nodes, labels are off until zoomed in, and gossip flashes links only (not nodes). */
const LABELS_OFF_OVER = 300;
/** The node label font size of the stylesheet, px. */
const NODE_FONT_PX = 9;

/** Cytoscape data of a node (tests read `role`, `origin`, `life`, `degree`). */
function nodeData(n: UiNode): Record<string, string | number> {
  return { id: n.id, role: n.role, origin: n.origin, life: n.life, degree: n.degree, size: nodeSize(n.degree) };
}

/** What the graph tells the chaos panel: a node shift-clicked, a link clicked. */
export interface TargetListener {
  node(id: string): void;
  link(a: string, b: string): void;
}

/** The graph of one container. */
export class GraphController {
  /** The cytoscape instance. */
  readonly cy: Core;
  private readonly layout: LayoutScheduler;
  private readonly flasher: Flasher;
  /** What is drawn: the store's node Map last synced (store Maps are never mutated, only replaced). */
  private shownNodes: ReadonlyMap<string, UiNode> = new Map<string, UiNode>();
  /** What is drawn: link key → link. */
  private shownLinks = new Map<string, Link>();
  private lastLinks: Map<string, Link> | null = null;
  private stopReplay: (() => void) | null = null;
  private labelThreshold = -1;
  private labelsShown = true;
  private selectListener: ((id: string | null) => void) | null = null;
  private targetListener: TargetListener | null = null;
  private decoration: Decoration | null = null;

  /** Creates cytoscape in `container`. */
  constructor(container: HTMLElement) {
    registerFcose();
    this.cy = cytoscape({
      container,
      style: graphStyle,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
      textureOnViewport: true,
      hideEdgesOnViewport: false,
      motionBlur: false,
      pixelRatio: 'auto',
    });
    this.layout = new LayoutScheduler(this.cy);
    this.flasher = new Flasher(this.cy);
    this.cy.on('select', 'node', (e) => this.selectListener?.((e.target as NodeSingular).id()));
    this.cy.on('tap', 'node', (e) => this.selectListener?.((e.target as NodeSingular).id()));
    this.cy.on('unselect', 'node', () => {
      if (this.cy.$('node:selected').empty()) this.selectListener?.(null);
    });
    this.cy.on('zoom', () => this.updateLabels());
    this.cy.on('tap', 'node', (e) => {
      if ((e.originalEvent as MouseEvent | undefined)?.shiftKey) this.targetListener?.node((e.target as NodeSingular).id());
    });
    this.cy.on('tap', 'edge', (e) => {
      const edge = e.target as EdgeSingular;
      this.targetListener?.link(edge.source().id(), edge.target().id());
    });
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
    const cy = this.cy;
    const added: string[] = [];
    if (nodes === this.shownNodes && links === this.lastLinks) return;
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

      // Place new nodes, and nodes still waiting for layout that just got a link, by a neighbour.
      const fresh = new Set(added);
      const placed = (n: NodeSingular): boolean => !this.layout.isPending(n.id()) && !fresh.has(n.id());
      const toPlace = new Set(added);
      if (edgeDefs.length > 0) {
        for (const d of edgeDefs) {
          for (const end of [d.data.source, d.data.target]) {
            if (typeof end === 'string' && this.layout.isPending(end)) toPlace.add(end);
          }
        }
      }
      if (toPlace.size === 0) return;
      const frame = placedFrame(cy, placed);
      for (const id of toPlace) {
        const node = cy.getElementById(id);
        if (node.nonempty() && node.isNode()) node.position(initialPosition(node, placed, frame));
      }
    });
    if (added.length > 0) this.layout.queue(added);
    this.updateLabels();
  }

  /**
   * Applies the level of detail for the current node count and zoom (a stylesheet change only
   * when it changes): label size threshold by node count; above {@link LABELS_OFF_OVER} nodes,
   * unselected nodes have no label at all until the view is zoomed in far enough to read them,
   * since even hidden labels cost the renderer their boxes on every frame.
   */
  private updateLabels(): void {
    const n = this.cy.nodes().length;
    const t = labelMinZoomedFontSize(n);
    const readable = this.cy.zoom() * NODE_FONT_PX >= t;
    const show = n <= LABELS_OFF_OVER || readable;
    if (t === this.labelThreshold && show === this.labelsShown) return;
    this.labelThreshold = t;
    this.labelsShown = show;
    this.cy.style().selector('node:unselected').style({ 'min-zoomed-font-size': t, label: show ? 'data(id)' : '' }).update();
  }

  /** True while the graph is being laid out (a layout runs or new nodes wait for one). */
  get layoutBusy(): boolean {
    return this.layout.busy;
  }

  /** Animates transient events: gossip receipts flash their link and node; liveness misses flash orange. */
  animate(events: readonly TransientEvent[]): void {
    let budget = MAX_FLASHES_PER_BATCH;
    const large = this.cy.nodes().length > LABELS_OFF_OVER;
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
    this.layout.destroy();
    this.flasher.destroy();
    this.cy.destroy();
  }
}
