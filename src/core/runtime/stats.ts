/**
 * Gossip measurements from the event stream: for every message, which peers received it, how
 * late, and how many frames flooding it cost. Kept compact, since a run of N peers has 10·N
 * messages each received N − 1 times (10⁷ receipts at 1,000 peers): receivers are a bit set per
 * message and latencies go into a log-bucket histogram (latency.ts), not into per-receipt objects.
 */
import { performance } from 'node:perf_hooks';
import type { NodeEvent } from '../events';
import { hasBit, setBit } from './bitset';
import { LatencyHistogram } from './latency';

/** What is known of one gossip message. */
export interface MessageStats {
  id: string;
  origin: string;
  text: string;
  createdAt: number;
  /** Peers that received it (origin excluded): bit i set for the peer with index i. */
  receivers: Uint32Array;
  /** First receipts counted (origin excluded). */
  received: number;
  /** Frames sent for it: by the origin and by every forwarder. */
  transmissions: number;
  /** Receipts beyond the first at one peer; must stay 0 (the Message List's promise). */
  repeatedFirstReceipts: number;
}

/** A run's gossip summary. */
export interface GossipSummary {
  messages: number;
  /** Per message (in creation order): the fraction of live peers that have it (origin included). */
  coverage: number[];
  /** Propagation latency from origin to each receiver, ms (log buckets: within 1 % above the true quantile, to 0.01 ms). */
  latencyMs: { p50: number; p99: number; max: number; samples: number };
  /** Mean frames sent per message. */
  transmissionsPerMessage: number;
  /** Copies dropped by Message Lists (as given to {@link GossipStats.summary}). */
  duplicates: number;
  /** First receipts seen twice at one peer: 0 unless the Message List failed. */
  repeatedFirstReceipts: number;
}

/** The q-quantile (0..1) of sorted values by the nearest-rank method; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}


/** Collects gossip events. Feed it with `record`. */
export class GossipStats {
  readonly messages = new Map<string, MessageStats>();
  /** Receipt latencies (the same mergeable histogram the shards keep: quantiles within 1 %). */
  readonly latency = new LatencyHistogram();
  private readonly peerIndex = new Map<string, number>();
  /** performance.now() of the last first receipt. */
  private lastReceipt = 0;

  /** Takes one event; ignores the ones that are not about gossip. */
  record(e: NodeEvent): void {
    switch (e.type) {
      case 'gossip-generated':
        this.messages.set(e.id, {
          id: e.id,
          origin: e.node,
          text: e.text,
          createdAt: e.at,
          receivers: new Uint32Array(0),
          received: 0,
          transmissions: e.forwarded,
          repeatedFirstReceipts: 0,
        });
        return;
      case 'gossip-received': {
        const m = this.messages.get(e.id);
        if (!m || e.node === m.origin) return;
        const { bits, added } = setBit(m.receivers, this.indexOf(e.node));
        m.receivers = bits;
        if (!added) m.repeatedFirstReceipts++;
        else {
          m.received++;
          this.lastReceipt = performance.now();
          this.latency.record(e.latencyMs);
        }
        m.transmissions += e.forwarded;
        return;
      }
      default:
    }
  }

  /**
   * Resolves once no first receipt was recorded for `quietMs` (gossip under way has finished
   * spreading), or after `maxMs` at the latest.
   */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const end = performance.now() + maxMs;
    for (;;) {
      const now = performance.now();
      const wait = this.lastReceipt + quietMs - now;
      if (wait <= 0 || now >= end) return;
      await new Promise((r) => setTimeout(r, Math.min(wait, end - now)));
    }
  }

  /**
   * Summarises against the set of live peers (coverage counts only those).
   * @param duplicates copies the peers' Message Lists dropped (the peers count them; no event
   *   is sent per copy), reported as is.
   */
  summary(livePeers: ReadonlySet<string>, duplicates = 0): GossipSummary {
    const all = [...this.messages.values()];
    const live = [...livePeers].map((p) => this.peerIndex.get(p)).filter((i): i is number => i !== undefined);
    const coverage = all.map((m) => {
      let have = livePeers.has(m.origin) ? 1 : 0;
      for (const i of live) if (hasBit(m.receivers, i)) have++;
      return livePeers.size === 0 ? 0 : have / livePeers.size;
    });
    const tx = all.reduce((s, m) => s + m.transmissions, 0);
    const h = this.latency;
    const samples = h.count;
    return {
      messages: all.length,
      coverage,
      latencyMs: {
        p50: h.quantile(0.5),
        p99: h.quantile(0.99),
        max: samples ? h.max : NaN,
        samples,
      },
      transmissionsPerMessage: all.length ? tx / all.length : 0,
      duplicates,
      repeatedFirstReceipts: all.reduce((s, m) => s + m.repeatedFirstReceipts, 0),
    };
  }

  private indexOf(peer: string): number {
    let i = this.peerIndex.get(peer);
    if (i === undefined) {
      i = this.peerIndex.size;
      this.peerIndex.set(peer, i);
    }
    return i;
  }
}
