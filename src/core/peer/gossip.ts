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
import { PROTOCOL_VERSION } from '../protocol/messages';
import { formatGossip } from '../protocol/report';
import { encodeMessage } from '../protocol/codec';
import { encodeFrame } from '../protocol/frame';
import { MessageList, messageId } from './messageList';
import type { PeerTiming } from './options';

/**
 * How every gossip frame this protocol sends begins: `encodeMessage` writes `v`, `type` and `id`
 * first. A payload starting so has its id at a fixed offset, which lets a copy be recognised
 * without parsing it ({@link GossipEngine.dropIfCopy}).
 */
export const GOSSIP_PREFIX = Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, type: 'gossip', id: '' }).slice(0, -2), 'utf8');

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
  /** Copies dropped because the Message List had them (the flooding overhead). */
  duplicates = 0;
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
   * The duplicate check on a raw frame payload, before it is parsed: true (and the copy counted
   * and dropped) when the payload is a gossip message in this protocol's own encoding (see
   * {@link GOSSIP_PREFIX}) whose `id` the Message List already has. Most gossip frames a peer
   * gets are such copies (flooding sends each message over every link), so they skip JSON
   * parsing and validation; anything else returns false and takes the normal path.
   */
  dropIfCopy(payload: Buffer): boolean {
    if (payload.length < GOSSIP_PREFIX.length + 64 || payload.compare(GOSSIP_PREFIX, 0, GOSSIP_PREFIX.length, 0, GOSSIP_PREFIX.length) !== 0) return false;
    if (!this.ml.hasBytes(payload, GOSSIP_PREFIX.length)) return false;
    this.duplicates++;
    return true;
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
    if (this.ml.has(m.id)) {
      this.duplicates++;
      return true;
    }
    const at = clock.now();
    const id = messageId(m.text);
    if (id !== m.id) return false;
    this.ml.add(id);
    const targets = this.host.neighbours().filter((n) => n.key !== from);
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
    this.ml.add(id);
    const frame = encodeFrame(encodeMessage({ type: 'gossip', id, text, origin, seq, createdAt, hops: 0 }));
    for (const t of targets) t.conn.sendFrame(frame);
    log.info(`generated "${text}" → ${targets.length} neighbours`);
    emit({ type: 'gossip-generated', at: createdAt, node: this.host.nodeId(), id, text, seq, forwarded: targets.length });
  }
}
