/**
 * A peer's gossip: it creates `gossipCount` messages, one every `gossipIntervalMs`, and floods
 * every message it sees for the first time to all its neighbours but the one it came from. The
 * Message List drops every later copy.
 *
 * Every table is bounded (docs/PROTOCOL.md §Gossip):
 * - The Message List forgets an entry after G = 2 × `messageTtlMs` (at least; see
 *   messageList.ts), like gossipsub's seen-cache, and holds at most `originBurst × maxOrigins`
 *   entries. So that an expired entry can never be replayed, a message created more than
 *   `messageTtlMs` ago, or stamped more than `messageTtlMs` in the future, is dropped as
 *   **stale**: a message accepted at r has createdAt ≤ r + ttl, is stale from createdAt + ttl ≤
 *   r + 2 ttl = r + G on, and its entry lives past r + G.
 * - New messages are rate-limited per **origin** (a token bucket: `originBurst`,
 *   `originRatePerSec`, `maxOrigins` origins): one over its origin's rate is **throttled** — not
 *   recorded, forwarded or logged (one summary line a neighbour a second at most).
 * - A neighbour that itself forwards more new messages of one origin than an honest origin can
 *   make (a bucket per neighbour and origin, with twice the burst for relay delay jitter) earns a
 *   **strike** for each; at `throttleStrikes` strikes the host's `onAbuse` cuts the link. An
 *   honest neighbour forwards only what its own origin bucket let through, so it never gets
 *   there, even when a flood reaches it first; strikes are forgotten after `messageTtlMs` quiet.
 * The peer's own messages are exempt.
 */
import type { Clock } from '../clock';
import { every } from '../clock';
import type { NodeEvent } from '../events';
import type { NodeLogger } from '../log';
import { silentLogger } from '../log';
import type { Connection } from '../net/connection';
import type { Limits } from '../net/limits';
import { DEFAULT_LIMITS } from '../net/limits';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import type { MessageOf } from '../protocol/messages';
import { PROTOCOL_VERSION } from '../protocol/messages';
import { formatGossip } from '../protocol/report';
import { encodeGossip } from '../protocol/codec';
import { encodeFrame } from '../protocol/frame';
import { MessageList, messageId } from './messageList';
import { OriginLimiter } from './originLimiter';
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
  /** The node's bounds (Message List TTL, per-origin rate, strikes); {@link DEFAULT_LIMITS} when absent. */
  limits?: Limits;
  /**
   * Called once a neighbour has `throttleStrikes` strikes (it forwarded that many new messages
   * over an origin's rate): the peer answers it with an error and cuts the link. `why` says which
   * origin and rate, for the error and the log.
   */
  onAbuse?: (neighbour: string, why: string) => void;
}

/** What the engine keeps per neighbour: strikes, and drops not yet written in a summary line. */
interface NeighbourRecord {
  strikes: number;
  /** When the last strike was, ms. */
  struckAt: number;
  /** Throttled and stale messages since the last summary line. */
  throttled: number;
  stale: number;
  /** When the last summary line was written, ms. */
  loggedAt: number;
}

/** Drops from one neighbour are summed in one log line at most this often, ms. */
export const SUMMARY_INTERVAL_MS = 1_000;

/** Creates and forwards one peer's gossip. */
export class GossipEngine {
  /** The peer's Message List. */
  readonly ml: MessageList;
  /** Copies dropped because the Message List had them (the flooding overhead). */
  duplicates = 0;
  /** New messages dropped as stale: created more than `messageTtlMs` ago or stamped as far in the future. */
  stale = 0;
  /** New messages dropped because their origin (or their neighbour, for that origin) was over its rate. */
  throttled = 0;
  /** Neighbours reported to `onAbuse` (a neighbour that comes back and goes on counts again). */
  abusive = 0;
  /** Token buckets of new messages, by origin. */
  readonly origins: OriginLimiter;
  /** Token buckets of new messages, by neighbour and origin (`<neighbour> <origin>`). */
  readonly relays: OriginLimiter;
  /** Token buckets of origins new to this peer, by the neighbour that introduced them. */
  readonly newOrigins: OriginLimiter;
  private readonly limits: Limits;
  private readonly records = new Map<string, NeighbourRecord>();
  private seq = 0;
  private cancel: (() => void) | undefined;

  constructor(private readonly host: GossipHost) {
    const limits = (this.limits = host.limits ?? DEFAULT_LIMITS);
    this.ml = new MessageList({
      lifetimeMs: Math.max(1, 2 * limits.messageTtlMs),
      maxEntries: Math.max(1, limits.originBurst * limits.maxOrigins),
      now: () => host.clock.now(),
      onFull: (n) => host.log.warn(`Message List full: forgot its oldest third early (${n} entries left); old messages may come back once`),
    });
    this.origins = new OriginLimiter({ burst: limits.originBurst, ratePerSec: limits.originRatePerSec, maxKeys: limits.maxOrigins });
    this.relays = new OriginLimiter({ burst: 2 * limits.originBurst, ratePerSec: limits.originRatePerSec, maxKeys: limits.maxOrigins });
    this.newOrigins = new OriginLimiter({ burst: limits.maxOrigins, ratePerSec: limits.newOriginsPerSec, maxKeys: limits.maxNeighbours + 1 });
  }

  /** The neighbours with an open link now, as the host gives them (for inspectors and tests). */
  links(): GossipLink[] {
    return this.host.neighbours();
  }

  /** A neighbour's strikes now (see the file's doc), 0 for one without. */
  strikes(neighbour: string): number {
    return this.records.get(neighbour)?.strikes ?? 0;
  }

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
   * copy and is dropped without hashing. A new one is dropped as stale when its `createdAt` is
   * more than `messageTtlMs` from now (either way); it must carry the SHA-256 of its text as `id`
   * (else it is refused: returns false); it is throttled when its origin, or `from` for that
   * origin, is over its rate (see the file's doc). Otherwise it is recorded, logged and
   * forwarded to every neighbour but `from`.
   * @returns false when the frame's `id` is not the hash of its text.
   */
  receive(m: MessageOf<'gossip'>, from: string): boolean {
    const { clock, log, emit } = this.host;
    if (this.ml.has(m.id)) {
      this.duplicates++;
      return true;
    }
    const at = clock.now();
    const ttl = this.limits.messageTtlMs;
    if (m.createdAt < at - ttl || m.createdAt > at + ttl) {
      this.stale++;
      this.dropped(from, at, 'stale');
      return true;
    }
    const id = messageId(m.text);
    if (id !== m.id) return false;
    const origin = addrKey(m.origin);
    // made-up origins: a neighbour may introduce only so many origins this peer does not know
    if (!this.origins.has(origin) && !this.newOrigins.take(from, at)) {
      this.throttled++;
      this.dropped(from, at, 'throttled');
      this.strike(from, origin, at, 'new-origin');
      return true;
    }
    if (!this.relays.take(`${from} ${origin}`, at)) {
      this.throttled++;
      this.dropped(from, at, 'throttled');
      this.strike(from, origin, at);
      return true;
    }
    if (!this.origins.take(origin, at)) {
      this.throttled++;
      this.dropped(from, at, 'throttled');
      return true;
    }
    this.ml.add(id);
    const targets = this.host.neighbours().filter((n) => n.key !== from);
    if (log !== silentLogger) log.info(`${new Date(at).toISOString()} received "${m.text}" from ${from}`);
    const hops = m.hops + 1;
    if (targets.length > 0) {
      const frame = encodeFrame(encodeGossip({ id, text: m.text, origin: m.origin, seq: m.seq, createdAt: m.createdAt, hops }));
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

  /** The record of neighbour `key`, made when absent; the table holds at most `maxNeighbours` (+ 1). */
  private record(key: string, at: number): NeighbourRecord {
    let r = this.records.get(key);
    if (r) return r;
    if (this.records.size >= this.limits.maxNeighbours) {
      const current = new Set(this.host.neighbours().map((n) => n.key));
      for (const k of this.records.keys()) if (!current.has(k)) this.records.delete(k);
      while (this.records.size >= this.limits.maxNeighbours) this.records.delete(this.records.keys().next().value!);
    }
    r = { strikes: 0, struckAt: at, throttled: 0, stale: 0, loggedAt: -Infinity };
    this.records.set(key, r);
    return r;
  }

  /** Counts a drop for `from`'s summary line and writes the line when the last is a second old. */
  private dropped(from: string, at: number, kind: 'stale' | 'throttled'): void {
    const r = this.record(from, at);
    r[kind]++;
    if (at - r.loggedAt >= SUMMARY_INTERVAL_MS) this.summary(from, r, at);
  }

  /** Writes `from`'s summary line: the drops since the last one. */
  private summary(from: string, r: NeighbourRecord, at: number): void {
    if (r.throttled === 0 && r.stale === 0) return;
    const parts = [r.throttled > 0 ? `${r.throttled} throttled (origin over ${this.limits.originBurst} + ${this.limits.originRatePerSec}/s)` : '', r.stale > 0 ? `${r.stale} stale` : ''];
    this.host.log.warn(`dropped new messages from ${from}: ${parts.filter(Boolean).join(', ')}; strikes ${r.strikes}/${this.limits.throttleStrikes}`);
    r.throttled = 0;
    r.stale = 0;
    r.loggedAt = at;
  }

  /** One strike for `from`; at `throttleStrikes` the host's `onAbuse` is called and the count restarts. */
  private strike(from: string, origin: string, at: number, kind: 'origin' | 'new-origin' = 'origin'): void {
    const r = this.record(from, at);
    if (at - r.struckAt > this.limits.messageTtlMs) r.strikes = 0; // a quiet TTL forgives
    r.strikes++;
    r.struckAt = at;
    if (r.strikes < this.limits.throttleStrikes) return;
    this.summary(from, r, at); // the drops not yet written: the link is about to go
    r.strikes = 0;
    this.abusive++;
    const why =
      kind === 'origin'
        ? `forwarded ${this.limits.throttleStrikes} new messages of origin ${origin} beyond a neighbour's allowance (${2 * this.limits.originBurst} + ${this.limits.originRatePerSec}/s)`
        : `introduced origins beyond a neighbour's allowance (${this.limits.maxOrigins} + ${this.limits.newOriginsPerSec}/s), ${this.limits.throttleStrikes} times; the last was ${origin}`;
    if (this.host.onAbuse) this.host.onAbuse(from, why);
    else this.host.log.warn(`neighbour ${from} ${why}`);
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
    const frame = encodeFrame(encodeGossip({ id, text, origin, seq, createdAt, hops: 0 }));
    for (const t of targets) t.conn.sendFrame(frame);
    log.info(`generated "${text}" → ${targets.length} neighbours`);
    emit({ type: 'gossip-generated', at: createdAt, node: this.host.nodeId(), id, text, seq, forwarded: targets.length });
  }
}
