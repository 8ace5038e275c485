/**
 * Coverage of each gossip message against time since its creation (the epidemic curve): the
 * fraction of the live local peers that have it, from the host's `message` events (`reached`, `at`),
 * and the median curve across messages. Bounded: the latest {@link MAX_TRACKED_MESSAGES} messages,
 * {@link MAX_POINTS_PER_MESSAGE} points each (thinned when full, see bounded.ts).
 */
import type { UiMessage } from '../../../shared/types';
import { thin } from './bounded';

/** Messages whose coverage is kept (the newest by arrival; older ones are forgotten). */
export const MAX_TRACKED_MESSAGES = 200;
/** Points kept per message: one per change of `reached`, thinned when full. */
export const MAX_POINTS_PER_MESSAGE = 120;
/**
 * A message first seen this long after its creation (and already beyond its origin) is not
 * tracked: it was created before the plots started, and its curve's start is unknown, ms.
 */
export const MAX_START_AGE_MS = 10_000;
/** Points of the median curve (an even grid from 0 to the latest change of any message). */
export const MEDIAN_GRID_POINTS = 60;

/** One observation of a message: at `t` (ms since epoch) `reached` of `peers` live local peers had it. */
export interface CoverageSample {
  t: number;
  reached: number;
  peers: number;
}

/** A point of a plot: `x` and `y` in the plot's units. */
export interface XY {
  x: number;
  y: number;
}

/** One message's coverage curve as drawn: x in s since its creation, y the fraction 0..1. */
export interface CoverageCurve {
  id: string;
  origin: string;
  /** Creation time, ms since epoch. */
  createdAt: number;
  points: Array<XY & { reached: number; peers: number }>;
}

interface Tracked {
  id: string;
  origin: string;
  createdAt: number;
  samples: CoverageSample[];
}

/** Coverage fraction: `reached / peers`, within 0..1 (0 without peers). */
export function fraction(reached: number, peers: number): number {
  return peers > 0 ? Math.min(1, Math.max(0, reached / peers)) : 0;
}

/** The median of `values` (sorted in place); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** Tracks the coverage of the latest messages. */
export class CoverageTracker {
  private readonly messages = new Map<string, Tracked>();

  /**
   * Takes a message's latest state, seen at `t` (ms since epoch) with `peers` live local peers;
   * a sample is added when `reached` or `peers` changed. A message first seen more than
   * {@link MAX_START_AGE_MS} after its creation is ignored.
   */
  observe(t: number, m: UiMessage, peers: number): void {
    let tr = this.messages.get(m.id);
    if (tr === undefined) {
      if (m.reached > 1 && t - m.at > MAX_START_AGE_MS) return;
      tr = { id: m.id, origin: m.origin, createdAt: m.at, samples: [] };
      this.messages.set(m.id, tr);
      if (this.messages.size > MAX_TRACKED_MESSAGES) this.messages.delete(this.messages.keys().next().value as string);
    }
    const last = tr.samples[tr.samples.length - 1];
    if (last !== undefined && last.reached === m.reached && last.peers === peers) return;
    if (tr.samples.length >= MAX_POINTS_PER_MESSAGE) tr.samples = thin(tr.samples);
    tr.samples.push({ t: Math.max(t, m.at), reached: m.reached, peers });
  }

  /** Messages tracked now. */
  get size(): number {
    return this.messages.size;
  }

  /** Forgets every message. */
  clear(): void {
    this.messages.clear();
  }

  /**
   * The curves as they were at `untilMs` (ms since epoch; default: every sample), and their median.
   * A curve whose first sample has more than the origin starts with the origin alone at x = 0.
   * Each curve is a step function that holds its last value up to the message's age at `nowMs`
   * (capped at the right edge: the latest change of any message). The median at x is taken over
   * the messages at least x old at `nowMs`.
   */
  view(nowMs: number, untilMs?: number): { messages: CoverageCurve[]; median: XY[] } {
    const curves: CoverageCurve[] = [];
    let edge = 0;
    for (const tr of this.messages.values()) {
      const samples = untilMs === undefined ? tr.samples : tr.samples.filter((s) => s.t <= untilMs);
      if (samples.length === 0) continue;
      const points = samples.map((s) => ({ x: (s.t - tr.createdAt) / 1000, y: fraction(s.reached, s.peers), reached: s.reached, peers: s.peers }));
      // at its creation only its origin has it (the first sample comes a batch or more later)
      const first = points[0]!;
      if (first.x > 0 && first.reached > 1) points.unshift({ x: 0, y: fraction(1, first.peers), reached: 1, peers: first.peers });
      edge = Math.max(edge, points[points.length - 1]!.x);
      curves.push({ id: tr.id, origin: tr.origin, createdAt: tr.createdAt, points });
    }
    // hold each curve's last value up to its age (or the edge)
    for (const c of curves) {
      const last = c.points[c.points.length - 1]!;
      const end = Math.min(edge, (nowMs - c.createdAt) / 1000);
      if (end > last.x) c.points.push({ ...last, x: end });
    }
    return { messages: curves, median: medianCurve(curves, edge) };
  }
}

/** The value of a step curve at `x` (its last point at or before x), or undefined before it starts or after it ends. */
function valueAt(points: readonly XY[], x: number): number | undefined {
  if (points.length === 0 || x > points[points.length - 1]!.x) return undefined;
  let v: number | undefined;
  for (const p of points) {
    if (p.x > x) break;
    v = p.y;
  }
  return v ?? 0;
}

/** The median across `curves` on an even grid over 0..edge, at the x where at least one curve is defined. */
function medianCurve(curves: readonly CoverageCurve[], edge: number): XY[] {
  if (curves.length === 0) return [];
  const steps = edge > 0 ? MEDIAN_GRID_POINTS - 1 : 0;
  const out: XY[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = steps === 0 ? 0 : (edge * i) / steps;
    const ys: number[] = [];
    for (const c of curves) {
      const v = valueAt(c.points, x);
      if (v !== undefined) ys.push(v);
    }
    if (ys.length > 0) out.push({ x, y: median(ys) });
  }
  return out;
}
