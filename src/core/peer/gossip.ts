/**
 * A peer's gossip: it creates `gossipCount` messages, one every `gossipIntervalMs`, and floods
 * every message it sees for the first time to all its neighbours but the one it came from. The
 * Message List drops every later copy.
 */
import type { Clock } from '../clock';
import { every } from '../clock';
import type { NodeEvent } from '../events';
import type { NodeLogger } from '../log';
import { silentLogger } from '../log';
import type { Connection } from '../net/connection';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import type { MessageOf } from '../protocol/messages';
import { formatGossip } from '../protocol/report';
import { encodeMessage } from '../protocol/codec';
import { encodeFrame } from '../protocol/frame';
import { MessageList, messageId } from './messageList';
import type { PeerTiming } from './options';

/** A neighbour gossip can be sent to. */
export interface GossipLink {
  key: string;
  conn: Connection;
}

/** What the engine needs from its peer. */
export interface GossipHost {
  clock: Clock;
  timing: PeerTiming;
  self: () => Addr;
  /** The neighbours with an open link now. */
  neighbours: () => GossipLink[];
  log: NodeLogger;
  /** The peer's id (its address key), stamped on every event. */
  nodeId: () => string;
  /** Emits a complete event (the hot path builds it whole: no copying). */
  emit: (e: NodeEvent) => void;
}

/** Creates and forwards one peer's gossip. */
export class GossipEngine {
  /** The peer's Message List. */
  readonly ml = new MessageList();
  private seq = 0;
  private cancel: (() => void) | undefined;

  constructor(private readonly host: GossipHost) {}

  /** Messages created so far. */
  get created(): number {
    return this.seq;
  }

  /** Creates the first message now and the rest every interval, until `gossipCount`. Idempotent. */
  start(): void {
    if (this.cancel || this.seq >= this.host.timing.gossipCount) return;
    this.generate();
    if (this.seq < this.host.timing.gossipCount) {
      this.cancel = every(this.host.clock, this.host.timing.gossipIntervalMs, () => {
        this.generate();
        if (this.seq >= this.host.timing.gossipCount) this.stop();
      });
    }
  }

  /** Stops creating messages (forwarding goes on while the peer runs). */
  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  /**
   * Handles a gossip frame from neighbour `from`. A frame whose `id` the Message List knows is a
   * copy and is dropped without hashing; a new one must carry the SHA-256 of its text as `id`
   * (else it is refused: returns false), is recorded, logged and forwarded to every neighbour but
   * `from`.
   * @returns false when the frame's `id` is not the hash of its text.
   */
  receive(m: MessageOf<'gossip'>, from: string): boolean {
    const { clock, log, emit } = this.host;
    const at = clock.now();
    if (this.ml.has(m.id)) {
      emit({ type: 'gossip-duplicate', at, node: this.host.nodeId(), id: m.id, from });
      return true;
    }
    const id = messageId(m.text);
    if (id !== m.id) return false;
    const targets = this.host.neighbours().filter((n) => n.key !== from);
    this.ml.add(id, { from, sentTo: targets.map((t) => t.key), at });
    if (log !== silentLogger) log.info(`${new Date(at).toISOString()} received "${m.text}" from ${from}`);
    const hops = m.hops + 1;
    if (targets.length > 0) {
      const frame = encodeFrame(encodeMessage({ type: 'gossip', id, text: m.text, origin: m.origin, seq: m.seq, createdAt: m.createdAt, hops }));
      for (const t of targets) t.conn.sendFrame(frame);
    }
    emit({
      type: 'gossip-received',
      at,
      node: this.host.nodeId(),
      id,
      from,
      origin: addrKey(m.origin),
      hops,
      latencyMs: at - m.createdAt,
      forwarded: targets.length,
    });
    return true;
  }

  private generate(): void {
    const { clock, log, emit, self } = this.host;
    const createdAt = clock.now();
    const seq = ++this.seq;
    const origin = self();
    const text = formatGossip(createdAt, origin, seq);
    const id = messageId(text);
    const targets = this.host.neighbours();
    this.ml.add(id, { from: null, sentTo: targets.map((t) => t.key), at: createdAt });
    const frame = encodeFrame(encodeMessage({ type: 'gossip', id, text, origin, seq, createdAt, hops: 0 }));
    for (const t of targets) t.conn.sendFrame(frame);
    log.info(`generated "${text}" → ${targets.length} neighbours`);
    emit({ type: 'gossip-generated', at: createdAt, node: this.host.nodeId(), id, text, seq, forwarded: targets.length });
  }
}
