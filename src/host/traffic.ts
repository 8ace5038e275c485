/**
 * The network's gossip traffic as rates: messages created, gossip frames sent and first receipts
 * per second. Counted from every local node's events — including the receipts a shard counted
 * without forwarding them one by one (with the frames those receipts sent) — never from the
 * sampled `gossip` animation events, so the rates are exact. The session reads it once a load
 * interval and sends it to the UI as a `traffic` event.
 */
import type { NodeEvent } from '../core/events';
import type { UiEvent } from '../shared/types';

/** The `traffic` UI event. */
export type TrafficEvent = Extract<UiEvent, { kind: 'traffic' }>;

/** Counts gossip traffic between two readings. */
export class TrafficCounter {
  private messages = 0;
  private frames = 0;
  private receipts = 0;
  private since: number;

  /** @param now the time counting starts, ms since epoch */
  constructor(now: number) {
    this.since = now;
  }

  /**
   * Takes one local node event: a `gossip-generated` counts one message and the frames its origin
   * sent (`forwarded`), a `gossip-received` one first receipt and the frames it forwarded. Other
   * events are ignored.
   */
  record(e: NodeEvent): void {
    if (e.type === 'gossip-generated') {
      this.messages++;
      this.frames += e.forwarded;
    } else if (e.type === 'gossip-received') {
      this.receipts++;
      this.frames += e.forwarded;
    }
  }

  /** Adds receipts a shard counted but did not forward as events, and the frames they sent. */
  counted(receipts: number, frames: number): void {
    this.receipts += receipts;
    this.frames += frames;
  }

  /** True when nothing was counted since the last reading. */
  get idle(): boolean {
    return this.messages === 0 && this.frames === 0 && this.receipts === 0;
  }

  /**
   * The rates since the last reading (or since construction), per second, and starts a new
   * interval at `now`.
   * @param now ms since epoch; an interval shorter than 1 ms counts as 1 ms
   */
  take(now: number): TrafficEvent {
    const intervalMs = Math.max(1, now - this.since);
    const perS = (n: number): number => Math.round((n * 1000 * 100) / intervalMs) / 100;
    const e: TrafficEvent = { kind: 'traffic', at: now, intervalMs, messagesPerS: perS(this.messages), framesPerS: perS(this.frames), receiptsPerS: perS(this.receipts) };
    this.messages = 0;
    this.frames = 0;
    this.receipts = 0;
    this.since = now;
    return e;
  }
}
