/**
 * Gossip measurements from the event stream: for every message, who received it, over how many
 * hops, how late, and how many frames flooding it cost.
 */
import type { NodeEvent } from '../events';

/** What is known of one gossip message. */
export interface MessageStats {
  id: string;
  origin: string;
  text: string;
  createdAt: number;
  /** First receipts by peer: hops and latency (ms). */
  receivedBy: Map<string, { hops: number; latencyMs: number }>;
  /** Frames sent for it: by the origin and by every forwarder. */
  transmissions: number;
  /** Copies dropped by Message Lists. */
  duplicates: number;
  /** Receipts beyond the first at one peer; must stay 0 (the Message List's promise). */
  repeatedFirstReceipts: number;
}

/** A run's gossip summary. */
export interface GossipSummary {
  messages: number;
  /** Per message (in creation order): the fraction of live peers that have it (origin included). */
  coverage: number[];
  /** Propagation latency from origin to each receiver, ms. */
  latencyMs: { p50: number; p99: number; max: number; samples: number };
  /** Mean frames sent per message. */
  transmissionsPerMessage: number;
  duplicates: number;
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

  /** Takes one event; ignores the ones that are not about gossip. */
  record(e: NodeEvent): void {
    switch (e.type) {
      case 'gossip-generated':
        this.messages.set(e.id, {
          id: e.id,
          origin: e.node,
          text: e.text,
          createdAt: e.at,
          receivedBy: new Map(),
          transmissions: e.forwarded,
          duplicates: 0,
          repeatedFirstReceipts: 0,
        });
        return;
      case 'gossip-received': {
        const m = this.messages.get(e.id);
        if (!m) return;
        if (m.receivedBy.has(e.node)) m.repeatedFirstReceipts++;
        else m.receivedBy.set(e.node, { hops: e.hops, latencyMs: e.latencyMs });
        m.transmissions += e.forwarded;
        return;
      }
      case 'gossip-duplicate': {
        const m = this.messages.get(e.id);
        if (m) m.duplicates++;
        return;
      }
      default:
    }
  }

  /** Summarises against the set of live peers (coverage counts only those). */
  summary(livePeers: ReadonlySet<string>): GossipSummary {
    const all = [...this.messages.values()];
    const latencies: number[] = [];
    const coverage = all.map((m) => {
      let have = livePeers.has(m.origin) ? 1 : 0;
      for (const [peer, r] of m.receivedBy) {
        if (peer === m.origin) continue;
        latencies.push(r.latencyMs);
        if (livePeers.has(peer)) have++;
      }
      return livePeers.size === 0 ? 0 : have / livePeers.size;
    });
    latencies.sort((a, b) => a - b);
    const tx = all.reduce((s, m) => s + m.transmissions, 0);
    return {
      messages: all.length,
      coverage,
      latencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies.at(-1) ?? NaN, samples: latencies.length },
      transmissionsPerMessage: all.length ? tx / all.length : 0,
      duplicates: all.reduce((s, m) => s + m.duplicates, 0),
    };
  }
}
