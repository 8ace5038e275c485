/**
 * The plots over time of one run, built from the UI event stream — live (batches stamped with
 * `Date.now()`) or from a recording (the replay feeds the recorded batches with their times):
 * 1. coverage of each gossip message against time since its creation, and the median curve;
 * 2. messages, gossip frames and first receipts per second (the host's `traffic` events);
 * 3. live peers and links over time;
 * 4. α of the degree report's power-law fit as the network grows (by time and by peers);
 * 5. the detection timeline of each crashed node (crash → misses/suspicions → dead report →
 *    removal by each seed → removed from the drawing).
 * Pure: no DOM, no store. Memory is bounded whatever the run's length: see {@link SERIES_CAP},
 * coverage.ts ({@link MAX_TRACKED_MESSAGES}) and detection.ts ({@link MAX_TRACKED_NODES}); the
 * node and link sets it keeps to count peers and links are the size of the network drawn.
 */
import type { Snapshot, UiEvent, UiNode } from '../../../shared/types';
import { BoundedSeries } from './bounded';
import { CoverageTracker, MAX_TRACKED_MESSAGES, type CoverageCurve, type XY } from './coverage';
import { DetectionTracker, MAX_TRACKED_NODES, type DetectionRow } from './detection';

export type { CoverageCurve, DetectionRow, XY };
export { MAX_TRACKED_MESSAGES, MAX_TRACKED_NODES };

/** Points kept per time series (traffic, peers and links, α); thinned by half when full. */
export const SERIES_CAP = 600;

/** One α reading: x in s since the run's start, the peers measured, α ± σ. */
export interface AlphaPoint {
  x: number;
  peers: number;
  alpha: number;
  sigma: number;
}

/** Everything the plots draw, x in seconds (since the run's start unless said otherwise). */
export interface PlotData {
  /** The run's start (the first time applied), ms since epoch; null before anything. */
  startMs: number | null;
  /** The instant shown (the replay's cursor, or the latest time applied), ms since epoch; null before anything. */
  nowMs: number | null;
  /** Coverage 0..1 against s since each message's creation; the median across messages. */
  coverage: { messages: CoverageCurve[]; median: XY[] };
  /** Rates per second against s since the start. */
  traffic: { messages: XY[]; frames: XY[]; receipts: XY[] };
  /** Live peers (every origin) and links against s since the start. */
  population: { peers: XY[]; links: XY[] };
  alpha: AlphaPoint[];
  /** One row per crashed node, oldest crash first; x in s since its crash. */
  detection: DetectionRow[];
}

interface TrafficPoint {
  t: number;
  messages: number;
  frames: number;
  receipts: number;
}
interface CountPoint {
  t: number;
  peers: number;
  links: number;
}
interface AlphaReading {
  t: number;
  peers: number;
  alpha: number;
  sigma: number;
}

/** A node as the series needs it. */
type NodeInfo = Pick<UiNode, 'role' | 'origin' | 'life'>;

/** Builds the plots' series from UI events. */
export class RunSeries {
  private startMs: number | null = null;
  private lastMs: number | null = null;
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly links = new Set<string>();
  /** Each node's links (keys into `links`), so a removal drops its links without a scan of all. */
  private readonly linksOf = new Map<string, Set<string>>();
  /** Live peers, every origin / local only (coverage counts local receipts only). */
  private peers = 0;
  private localPeers = 0;
  private readonly coverage = new CoverageTracker();
  private readonly detection = new DetectionTracker();
  private readonly traffic = new BoundedSeries<TrafficPoint>(SERIES_CAP);
  private readonly counts = new BoundedSeries<CountPoint>(SERIES_CAP);
  private readonly alphas = new BoundedSeries<AlphaReading>(SERIES_CAP);

  /**
   * Sets the nodes and links drawn at `t` (ms since epoch), as a snapshot gives them (the start of
   * a live run, or a reconnect): peers and links are counted from here on. Messages and series so
   * far are kept.
   */
  applySnapshot(t: number, s: Pick<Snapshot, 'nodes' | 'links'>): void {
    this.stamp(t);
    this.nodes.clear();
    this.links.clear();
    this.linksOf.clear();
    for (const n of s.nodes) this.nodes.set(n.id, { role: n.role, origin: n.origin, life: n.life });
    for (const [a, b] of s.links) this.addLink(a, b);
    this.recount();
    this.recordCounts(t);
  }

  /** Takes one batch of events seen at `t` (ms since epoch; not before the previous batch's). */
  apply(t: number, events: readonly UiEvent[]): void {
    this.stamp(t);
    for (const e of events) this.applyOne(t, e);
    this.recordCounts(t);
  }

  /**
   * The plots' data as it was at `untilMs` (ms since epoch: a replay's cursor; default: everything
   * applied). New arrays: the caller may keep them.
   */
  view(untilMs?: number): PlotData {
    const start = this.startMs;
    const now = untilMs ?? this.lastMs;
    if (start === null || now === null) return emptyPlotData();
    const s = (t: number): number => (t - start) / 1000;
    const traffic = this.traffic.until(untilMs);
    const counts = this.counts.until(untilMs);
    return {
      startMs: start,
      nowMs: now,
      coverage: this.coverage.view(now, untilMs),
      traffic: {
        messages: traffic.map((p) => ({ x: s(p.t), y: p.messages })),
        frames: traffic.map((p) => ({ x: s(p.t), y: p.frames })),
        receipts: traffic.map((p) => ({ x: s(p.t), y: p.receipts })),
      },
      population: { peers: counts.map((p) => ({ x: s(p.t), y: p.peers })), links: counts.map((p) => ({ x: s(p.t), y: p.links })) },
      alpha: this.alphas.until(untilMs).map((p) => ({ x: s(p.t), peers: p.peers, alpha: p.alpha, sigma: p.sigma })),
      detection: this.detection.view(untilMs),
    };
  }

  /** Forgets everything (the next time applied starts the run). */
  reset(): void {
    this.startMs = this.lastMs = null;
    this.nodes.clear();
    this.links.clear();
    this.linksOf.clear();
    this.peers = this.localPeers = 0;
    this.coverage.clear();
    this.detection.clear();
    this.traffic.clear();
    this.counts.clear();
    this.alphas.clear();
  }

  private addLink(a: string, b: string): void {
    const key = linkKey(a, b);
    this.links.add(key);
    for (const id of [a, b]) {
      let set = this.linksOf.get(id);
      if (!set) this.linksOf.set(id, (set = new Set()));
      set.add(key);
    }
  }

  private dropLink(a: string, b: string): void {
    const key = linkKey(a, b);
    this.links.delete(key);
    this.linksOf.get(a)?.delete(key);
    this.linksOf.get(b)?.delete(key);
  }

  private stamp(t: number): void {
    this.startMs ??= t;
    this.lastMs = Math.max(this.lastMs ?? t, t);
  }

  private applyOne(t: number, e: UiEvent): void {
    switch (e.kind) {
      case 'node': {
        const prev = this.nodes.get(e.node.id);
        this.detection.apply(t, e, prev?.life);
        this.count(prev, -1);
        const next = { role: e.node.role, origin: e.node.origin, life: e.node.life };
        this.nodes.set(e.node.id, next);
        this.count(next, 1);
        return;
      }
      case 'node-removed':
        this.detection.apply(t, e, undefined);
        this.count(this.nodes.get(e.id), -1);
        this.nodes.delete(e.id);
        for (const key of this.linksOf.get(e.id) ?? []) {
          const [a, b] = key.split(' ') as [string, string];
          this.dropLink(a, b);
        }
        this.linksOf.delete(e.id);
        return;
      case 'link':
        if (e.up) this.addLink(e.a, e.b);
        else this.dropLink(e.a, e.b);
        return;
      case 'message':
        this.coverage.observe(t, e.message, this.localPeers);
        return;
      case 'traffic':
        this.traffic.push({ t, messages: e.messagesPerS, frames: e.framesPerS, receipts: e.receiptsPerS });
        return;
      case 'degrees': {
        const fit = e.report.fit;
        const last = this.alphas.last;
        const peers = e.report.degrees.length;
        if (fit && (last === undefined || last.alpha !== fit.alpha || last.peers !== peers)) this.alphas.push({ t, peers, alpha: fit.alpha, sigma: fit.sigma });
        return;
      }
      case 'liveness-missed':
      case 'suspect':
      case 'dead-reported':
      case 'seed-removed':
        this.detection.apply(t, e, undefined);
        return;
      default:
    }
  }

  /** Adds (`sign` 1) or takes away (−1) a node from the live peer counts. */
  private count(n: NodeInfo | undefined, sign: 1 | -1): void {
    if (n === undefined || n.role !== 'peer' || n.life !== 'up') return;
    this.peers += sign;
    if (n.origin === 'local') this.localPeers += sign;
  }

  private recount(): void {
    this.peers = this.localPeers = 0;
    for (const n of this.nodes.values()) this.count(n, 1);
  }

  /** Adds a peers-and-links point when either changed. */
  private recordCounts(t: number): void {
    const last = this.counts.last;
    if (last !== undefined && last.peers === this.peers && last.links === this.links.size) return;
    this.counts.push({ t, peers: this.peers, links: this.links.size });
  }
}

/** The key of the undirected link between `a` and `b`. */
function linkKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** Plot data with nothing in it. */
export function emptyPlotData(): PlotData {
  return { startMs: null, nowMs: null, coverage: { messages: [], median: [] }, traffic: { messages: [], frames: [], receipts: [] }, population: { peers: [], links: [] }, alpha: [], detection: [] };
}
