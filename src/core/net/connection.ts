/**
 * A framed, validated, request-capable wrapper around one TCP socket. It owns the socket's
 * lifetime: frame limits, the partial-frame timeout, back-pressure, and closing.
 */
import type net from 'node:net';
import type { Clock, TimerHandle } from '../clock';
import { FrameDecoder, FrameTooLargeError, encodeFrame } from '../protocol/frame';
import { decodeMessage, encodeMessage } from '../protocol/codec';
import type { ErrorCode, Message, Outgoing } from '../protocol/messages';
import type { Limits } from './limits';
import { plainTcp } from './transport';
import { DROP } from './faults';
import { addrKey } from '../protocol/addr';

/** Message types that answer a request (matched to it by `rid`). */
const RESPONSE_TYPES = new Set<string>([
  'registered',
  'peer-list',
  'ack',
  'peer-accept',
  'peer-reject',
  'liveness-reply',
  'ping-req-reply',
  'neighbours',
  'reach-ok',
  'error',
]);

/** The remote answered a request with an `error` message. */
export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'RemoteError';
  }
}

/** A request got no answer in time, or the connection closed first. */
export class RequestFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestFailedError';
  }
}

/** Something wrong that arrived on a connection, already answered with an `error` frame. */
export interface Violation {
  code: ErrorCode;
  message: string;
}

/** A message that opens a request: any outgoing message with a `rid`, which {@link Connection.request} assigns. */
type RequestBody = Extract<Outgoing, { rid: number }> extends infer M ? (M extends { rid: number } ? Omit<M, 'rid'> : never) : never;

interface Pending {
  resolve: (m: Message) => void;
  reject: (e: Error) => void;
  timer: TimerHandle;
}

/** Error codes a node sends, without a rid, just before it closes a connection. */
const CLOSING_CODES = new Set<string>(['busy', 'shutting-down', 'idle-timeout', 'key-required']);

/** Messages a held connection keeps at most (see {@link Connection.hold}). */
const MAX_HELD = 4096;

/** `::ffff:1.2.3.4` → `1.2.3.4`; anything else unchanged. */
function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/** Connections with frames corked since the last flush. */
const corkedConnections: Connection[] = [];

/**
 * Writes out every corked connection: runs once the current callback (a read, a timer) is done,
 * so all the frames it sent to one socket go out in one write (writev). Not later: waiting for the
 * end of the event loop's turn would batch more under load, but would hold every hop of a flood
 * for the rest of the turn (measured: 300 peers at the default rates, latency p50 145 → 315 ms).
 */
function flushCorked(): void {
  const all = corkedConnections.splice(0);
  for (const c of all) c.uncork();
}

/** One framed connection. Set the `on*` callbacks right after creating it. */
export class Connection {
  /** The remote end as `ip:port` of the socket (not the remote node's listening address). */
  readonly remote: string;
  /** The remote end's IP address (IPv4-mapped IPv6 written as IPv4): what per-source bounds count. */
  readonly remoteIp: string;
  /** Called for every valid message that is not an answer to one of our requests. */
  onMessage: (message: Message) => void = () => {};
  /** Called for every invalid input after it was answered; the connection may then close. */
  onViolation: (v: Violation) => void = () => {};
  /** Called once when the socket is gone. */
  onClose: () => void = () => {};
  /**
   * A fast path run on each payload before it is decoded: return true when it fully handled the
   * payload (a gossip copy the Message List already has), and decoding is skipped.
   */
  prefilter: ((payload: Buffer) => boolean) | undefined;
  /**
   * The remote node's address key (`host:port` it listens on) once known: set by {@link dial}
   * and by a link's handshake. Injected faults per node, link and partition use it.
   */
  remoteKey: string | undefined;

  private readonly decoder: FrameDecoder;
  private readonly pending = new Map<number, Pending>();
  private nextRid = 1;
  private frameTimer: TimerHandle | undefined;
  private sawMessage = false;
  private closedFlag = false;
  private corked = false;
  private readonly closeHooks: Array<() => void> = [];
  /** Messages received while held (see {@link hold}); undefined when not holding. */
  private held: Message[] | undefined;
  private idleMs = 0;
  private idleTimer: TimerHandle | undefined;
  private lastActivity = 0;
  /** Frames held back by an injected delay or pause, in order (see `faults.ts`). */
  private delayedOut: Array<{ at: number; frame: Buffer }> | undefined;
  private delayedIn: Array<{ at: number; payload: Buffer }> | undefined;
  private delayTimer: TimerHandle | undefined;

  /**
   * @param socket a connected socket; the connection takes ownership.
   * @param inbound true for accepted sockets: the first message must arrive within frameTimeoutMs.
   */
  constructor(
    private readonly socket: net.Socket,
    private readonly clock: Clock,
    private readonly limits: Limits,
    inbound: boolean,
  ) {
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.remoteIp = normaliseIp(socket.remoteAddress ?? '?');
    this.decoder = new FrameDecoder(limits.frameBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => {}); // 'close' follows; errors are expected on crashes
    socket.on('close', () => this.closed());
    if (inbound) this.armFrameTimer();
  }

  /** Registers an internal hook that runs when the socket is gone, before `onClose`. */
  whenClosed(hook: () => void): void {
    this.closeHooks.push(hook);
  }

  /**
   * Holds every message that is not an answer to a request until {@link release}: a dialler sets
   * it before its `peer-hello`, so gossip and liveness the acceptor sends on the new link before
   * the dialler has wired its handlers are kept, not dropped. At most `limit` messages are held;
   * past that the connection is dropped as misbehaving.
   */
  hold(): void {
    this.held ??= [];
  }

  /** Stops holding and hands every held message, in order, to the current `onMessage`. */
  release(): void {
    const held = this.held;
    this.held = undefined;
    if (!held) return;
    for (const m of held) {
      if (this.closedFlag) return;
      this.onMessage(m);
    }
  }

  /**
   * Closes the connection with `error idle-timeout` after `ms` without a valid message received
   * (0 turns it off). Inbound connections that are not links get it, so idle ones cannot hold a
   * node's connection slots forever.
   */
  setIdleTimeout(ms: number): void {
    this.idleMs = ms;
    this.lastActivity = this.clock.now();
    if (this.idleTimer !== undefined) this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (ms > 0 && !this.isClosed) this.armIdleTimer(ms);
  }

  /** True once the socket has closed or is closing. */
  get isClosed(): boolean {
    return this.closedFlag || this.socket.destroyed;
  }

  /**
   * Sends one message. Returns false when the connection is closed or the message is over the
   * frame limit (nothing is sent then). Drops the connection if the peer stops reading and more
   * than `maxWriteBufferBytes` queue up.
   */
  send(message: Outgoing): boolean {
    if (this.isClosed) return false;
    let frame: Buffer;
    try {
      frame = encodeFrame(encodeMessage(message), this.limits.frameBytes);
    } catch (e) {
      if (e instanceof FrameTooLargeError) return false;
      throw e;
    }
    return this.sendFrame(frame);
  }

  /**
   * Sends an already encoded frame (from {@link encodeFrame}); lets a forwarder encode a message
   * once for all its neighbours. Same return value and back-pressure rule as {@link send}.
   */
  sendFrame(frame: Buffer): boolean {
    if (this.isClosed) return false;
    const faults = this.limits.faults;
    if (faults !== undefined) {
      const fate = faults.outgoing(this.remoteKey);
      if (fate === DROP) return true; // lost on the way: the sender cannot tell
      if (fate > 0 || this.delayedOut !== undefined) {
        (this.delayedOut ??= []).push({ at: Math.max(this.clock.now() + fate, this.delayedOut.at(-1)?.at ?? 0), frame });
        this.armDelayTimer();
        return true;
      }
    }
    return this.writeFrame(frame);
  }

  /** Writes one frame now, corked with the others of this callback. */
  private writeFrame(frame: Buffer): boolean {
    if (this.socket.writableLength + frame.length > this.limits.maxWriteBufferBytes) {
      this.onViolation({ code: 'busy', message: `remote is not reading: over ${this.limits.maxWriteBufferBytes} bytes queued` });
      this.destroy();
      return false;
    }
    // coalesce every frame sent to this socket by the current callback into one write
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      corkedConnections.push(this);
      if (corkedConnections.length === 1) process.nextTick(flushCorked);
    }
    this.socket.write(frame);
    return true;
  }

  /**
   * Sends a request with a fresh `rid` and resolves with the answer carrying the same `rid`.
   * @throws RemoteError when the answer is an `error` message.
   * @throws RequestFailedError on timeout or when the connection closes first.
   */
  request(body: RequestBody, timeoutMs = this.limits.requestTimeoutMs): Promise<Message> {
    const rid = this.nextRid++;
    if (this.nextRid > 2 ** 31 - 1) this.nextRid = 1;
    return new Promise<Message>((resolve, reject) => {
      if (this.isClosed) {
        reject(new RequestFailedError(`${body.type} to ${this.remote}: connection closed`));
        return;
      }
      const timer = this.clock.setTimeout(() => {
        // a timer that fires late (a stalled event loop) runs before the I/O that waited with it:
        // let the reply that may already be in the socket be read first (setImmediate runs after
        // the poll phase), so a slow process does not count its own lateness as a missed answer
        setImmediate(() => {
          if (!this.pending.has(rid)) return;
          this.pending.delete(rid);
          reject(new RequestFailedError(`${body.type} to ${this.remote}: no answer within ${timeoutMs} ms`));
        });
      }, timeoutMs);
      this.pending.set(rid, { resolve, reject, timer });
      if (!this.send({ ...body, rid } as Outgoing)) {
        this.clock.clearTimeout(timer);
        this.pending.delete(rid);
        reject(new RequestFailedError(`${body.type} to ${this.remote}: could not send`));
      }
    });
  }

  /** Answers a request with an `error` message. */
  sendError(code: ErrorCode, message: string, rid?: number): void {
    this.send({ type: 'error', code, message: message.slice(0, 512), ...(rid !== undefined ? { rid } : {}) });
  }

  /** Writes out the frames corked by the current callback (called by the flush). */
  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.socket.uncork();
  }

  /** Closes gracefully: queued frames are flushed, then FIN. */
  end(): void {
    if (this.isClosed) return;
    this.closedFlag = true;
    this.socket.end();
    // a peer that never reads must not keep us waiting
    const t = this.clock.setTimeout(() => this.socket.destroy(), this.limits.requestTimeoutMs);
    this.socket.once('close', () => this.clock.clearTimeout(t));
  }

  /** Closes at once: the socket is destroyed, nothing more is sent. */
  destroy(): void {
    this.closedFlag = true;
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    if (this.closedFlag) return;
    let payloads: Buffer[];
    try {
      payloads = this.decoder.push(chunk);
    } catch (e) {
      // the frames before the broken header are whole: handle them first, then fail
      if (e instanceof FrameTooLargeError) this.handlePayloads(e.completed);
      const message = e instanceof FrameTooLargeError ? e.message : 'unreadable frame';
      this.fail(e instanceof FrameTooLargeError ? 'frame-too-large' : 'bad-frame', message);
      return;
    }
    this.handlePayloads(payloads);
    if (!this.closedFlag) this.armFrameTimer();
  }

  /** Decodes and dispatches complete payloads, in order, until the connection closes. */
  private handlePayloads(payloads: Buffer[]): void {
    if (payloads.length > 0) {
      // a frame completed: the partial-frame timer measures from here, so a link that stays
      // backlogged but keeps completing frames is never cut as frame-timeout
      if (this.frameTimer !== undefined && this.sawMessage) {
        this.clock.clearTimeout(this.frameTimer);
        this.frameTimer = undefined;
      }
    }
    const faults = this.limits.faults;
    for (const payload of payloads) {
      if (this.closedFlag) return;
      if (faults !== undefined) {
        const fate = faults.incoming(this.remoteKey);
        if (fate === DROP) continue;
        if (fate > 0 || this.delayedIn !== undefined) {
          (this.delayedIn ??= []).push({ at: Math.max(this.clock.now() + fate, this.delayedIn.at(-1)?.at ?? 0), payload });
          this.armDelayTimer();
          continue;
        }
      }
      if (!this.handleOne(payload)) return;
    }
  }

  /**
   * Runs the frames whose injected delay is over, in order, and re-arms for the next one.
   */
  private runDelayed(): void {
    this.delayTimer = undefined;
    const now = this.clock.now();
    while (this.delayedOut !== undefined && this.delayedOut.length > 0 && this.delayedOut[0]!.at <= now && !this.isClosed) {
      this.writeFrame(this.delayedOut.shift()!.frame);
    }
    if (this.delayedOut?.length === 0) this.delayedOut = undefined;
    while (this.delayedIn !== undefined && this.delayedIn.length > 0 && this.delayedIn[0]!.at <= now && !this.closedFlag) {
      if (!this.handleOne(this.delayedIn.shift()!.payload)) break;
    }
    if (this.delayedIn?.length === 0) this.delayedIn = undefined;
    if (!this.isClosed) this.armDelayTimer();
  }

  private armDelayTimer(): void {
    if (this.delayTimer !== undefined) return;
    const next = Math.min(this.delayedOut?.[0]?.at ?? Infinity, this.delayedIn?.[0]?.at ?? Infinity);
    if (next === Infinity) return;
    this.delayTimer = this.clock.setTimeout(() => this.runDelayed(), Math.max(0, next - this.clock.now()));
  }

  /** Handles one payload; false when the connection is gone afterwards. */
  private handleOne(payload: Buffer): boolean {
    if (this.prefilter?.(payload)) {
      this.sawMessage = true;
      return true;
    }
    const result = decodeMessage(payload);
    if (!result.ok) {
      this.sendError(result.code, result.message, result.rid);
      this.onViolation({ code: result.code, message: result.message });
      return !this.closedFlag;
    }
    this.sawMessage = true;
    if (this.idleMs > 0) this.lastActivity = this.clock.now();
    try {
      this.dispatch(result.message);
    } catch (e) {
      // a bug in a handler must not take the process (and every node in it) down
      this.onViolation({ code: 'bad-message', message: `could not handle ${result.message.type}: ${(e as Error).message}` });
      this.destroy();
      return false;
    }
    return !this.closedFlag;
  }

  private dispatch(message: Message): void {
    const rid = 'rid' in message ? message.rid : undefined;
    if (rid !== undefined && RESPONSE_TYPES.has(message.type)) {
      const p = this.pending.get(rid);
      if (p) {
        this.pending.delete(rid);
        this.clock.clearTimeout(p.timer);
        if (message.type === 'error') p.reject(new RemoteError(message.code, message.message));
        else p.resolve(message);
        return;
      }
    }
    if (message.type === 'error' && CLOSING_CODES.has(message.code) && this.pending.size > 0) {
      // a full or stopping node answers before it closes, with no rid: that is the answer to
      // every request still open here, and clearer than "connection closed"
      for (const [r, p] of this.pending) {
        this.pending.delete(r);
        this.clock.clearTimeout(p.timer);
        p.reject(new RemoteError(message.code, message.message));
      }
    }
    if (this.held) {
      if (this.held.length >= MAX_HELD) {
        this.onViolation({ code: 'busy', message: `more than ${MAX_HELD} messages before the link opened` });
        this.destroy();
        return;
      }
      this.held.push(message);
      return;
    }
    this.onMessage(message);
  }

  /** Runs the frame timer while a frame is incomplete or the first message has not come. */
  private armFrameTimer(): void {
    const waiting = this.decoder.pendingBytes > 0 || !this.sawMessage;
    if (!waiting) {
      if (this.frameTimer !== undefined) this.clock.clearTimeout(this.frameTimer);
      this.frameTimer = undefined;
      return;
    }
    if (this.frameTimer !== undefined) return;
    this.frameTimer = this.clock.setTimeout(() => {
      this.frameTimer = undefined;
      const what = this.sawMessage ? `incomplete frame (${this.decoder.pendingBytes} bytes)` : 'no message';
      this.fail('frame-timeout', `${what} after ${this.limits.frameTimeoutMs} ms`);
    }, this.limits.frameTimeoutMs);
  }

  /** Answers a fatal violation, reports it, and closes. */
  private fail(code: ErrorCode, message: string): void {
    if (this.closedFlag) return;
    this.sendError(code, message);
    this.onViolation({ code, message });
    this.end();
  }

  private armIdleTimer(delay: number): void {
    this.idleTimer = this.clock.setTimeout(() => {
      this.idleTimer = undefined;
      if (this.isClosed || this.idleMs <= 0) return;
      const quiet = this.clock.now() - this.lastActivity;
      if (quiet < this.idleMs) {
        this.armIdleTimer(this.idleMs - quiet);
        return;
      }
      this.fail('idle-timeout', `no message for ${this.idleMs} ms`);
    }, delay);
  }

  private closed(): void {
    if (this.delayTimer !== undefined) this.clock.clearTimeout(this.delayTimer);
    this.delayTimer = undefined;
    this.delayedOut = undefined;
    this.delayedIn = undefined;
    if (this.frameTimer !== undefined) this.clock.clearTimeout(this.frameTimer);
    this.frameTimer = undefined;
    if (this.idleTimer !== undefined) this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.held = undefined;
    this.closedFlag = true;
    for (const [rid, p] of this.pending) {
      this.pending.delete(rid);
      this.clock.clearTimeout(p.timer);
      p.reject(new RequestFailedError(`connection to ${this.remote} closed before the answer`));
    }
    for (const hook of this.closeHooks) hook();
    this.onClose();
  }
}

/**
 * Opens a connection to `host:port` over the node's transport (plain TCP unless a network key
 * is set) and wraps it.
 * @throws Error (ECONNREFUSED, EHOSTUNREACH, timeout after connectTimeoutMs, a refused handshake, …) when it cannot connect.
 */
export async function dial(host: string, port: number, clock: Clock, limits: Limits): Promise<Connection> {
  const key = addrKey({ host, port });
  const refused = limits.faults?.refuseDial(key);
  if (refused !== undefined) throw new Error(`connect to ${key} failed: unreachable (${refused})`);
  const socket = await (limits.transport ?? plainTcp).connect(host, port, limits.connectTimeoutMs);
  const conn = new Connection(socket, clock, limits, false);
  conn.remoteKey = key;
  return conn;
}
