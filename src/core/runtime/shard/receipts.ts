/**
 * A shard's gossip measurements: for each message, which of this shard's peers received it and
 * how many frames they sent for it, and one latency histogram. The parent merges the reports of
 * every shard (see `shardedNetwork.ts`). Compact for the same reason as `GossipStats`: a run of N
 * peers has 10·N messages each received N − 1 times.
 */
import { performance } from 'node:perf_hooks';
import type { NodeEvent } from '../../events';
import { LatencyHistogram } from '../latency';
import { setBit } from '../bitset';
import type { ShardMessageStats, ShardStatsReport } from './channel';

interface Entry {
  id: string;
  origin: string;
  createdAt?: number;
  text?: string;
  receivers: Uint32Array;
  received: number;
  transmissions: number;
  repeatedFirstReceipts: number;
}

/** Collects one shard's gossip events. */
export class ReceiptStats {
  private readonly messages = new Map<string, Entry>();
  private readonly peerIndex = new Map<string, number>();
  private readonly peerIds: string[] = [];
  private readonly latency = new LatencyHistogram();
  private lastReceipt = -Infinity;

  /** Takes one event; ignores the ones that are not about gossip. */
  record(e: NodeEvent): void {
    if (e.type === 'gossip-generated') {
      const m = this.entry(e.id, e.node);
      m.createdAt = e.at;
      m.text = e.text;
      m.transmissions += e.forwarded;
    } else if (e.type === 'gossip-received') {
      const m = this.entry(e.id, e.origin);
      m.transmissions += e.forwarded;
      if (e.node === m.origin) return;
      const { bits, added } = setBit(m.receivers, this.indexOf(e.node));
      m.receivers = bits;
      if (!added) m.repeatedFirstReceipts++;
      else {
        m.received++;
        this.lastReceipt = performance.now();
        this.latency.record(e.latencyMs);
      }
    }
  }

  /** The report, counting as live only receivers for which `isRunning` holds. */
  report(isRunning: (peer: string) => boolean): ShardStatsReport {
    const live = this.peerIds.map((id) => isRunning(id));
    const messages: ShardMessageStats[] = [];
    for (const m of this.messages.values()) {
      let liveReceived = 0;
      for (let w = 0; w < m.receivers.length; w++) {
        let word = m.receivers[w]!;
        while (word !== 0) {
          const b = 31 - Math.clz32(word);
          word &= ~(1 << b);
          if (live[w * 32 + b]) liveReceived++;
        }
      }
      messages.push({
        id: m.id,
        origin: m.origin,
        ...(m.createdAt !== undefined ? { createdAt: m.createdAt, text: m.text } : {}),
        received: m.received,
        liveReceived,
        transmissions: m.transmissions,
        repeatedFirstReceipts: m.repeatedFirstReceipts,
      });
    }
    return { messages, latency: this.latency.toBuckets(), sinceLastReceiptMs: performance.now() - this.lastReceipt };
  }

  private entry(id: string, origin: string): Entry {
    let m = this.messages.get(id);
    if (!m) {
      m = { id, origin, receivers: new Uint32Array(0), received: 0, transmissions: 0, repeatedFirstReceipts: 0 };
      this.messages.set(id, m);
    }
    return m;
  }

  private indexOf(peer: string): number {
    let i = this.peerIndex.get(peer);
    if (i === undefined) {
      i = this.peerIds.length;
      this.peerIndex.set(peer, i);
      this.peerIds.push(peer);
    }
    return i;
  }
}
