/**
 * A raw TCP test client for poking nodes with arbitrary bytes: it writes whatever it is given
 * (well-formed frames, broken frames, random noise) and reads back the node's frames, decoded,
 * with deadlines. It never validates anything it receives; the tests do.
 */
import net from 'node:net';

/** A decoded frame as received: the parsed JSON payload. */
export type Frame = Record<string, unknown>;

/** Wraps `payload` in a frame header (4-byte big-endian length). No size limit: tests send oversize frames on purpose. */
export function rawFrame(payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** Encodes `obj` as one frame: 4-byte big-endian length + UTF-8 JSON. */
export function frame(obj: unknown): Buffer {
  return rawFrame(JSON.stringify(obj));
}

/** `n` pseudo-random bytes from a 32-bit LCG seeded with `seed` (Numerical Recipes constants): the same bytes every run. */
export function lcgBytes(seed: number, n: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

interface Waiter {
  resolve: (f: Frame) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** One raw connection. Create with {@link RawClient.connect}; always {@link RawClient.destroy} it. */
export class RawClient {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly frames: Array<Frame | Error> = [];
  private readonly waiters: Waiter[] = [];
  private readonly closeWaiters: Array<() => void> = [];
  private closedFlag = false;
  private endedFlag = false;
  /** The last socket error (EPIPE, ECONNRESET, …), if any. */
  error: Error | undefined;

  /** This end as the node sees it (`ip:port`), i.e. the `remote` of the node's events (kept after close). */
  readonly remote: string;

  private constructor(readonly socket: net.Socket) {
    this.remote = `${socket.localAddress ?? '?'}:${socket.localPort ?? '?'}`;
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => (this.endedFlag = true));
    socket.on('error', (e) => (this.error = e));
    socket.on('close', () => {
      this.closedFlag = true;
      for (const w of this.waiters.splice(0)) {
        clearTimeout(w.timer);
        w.reject(new Error(`connection closed before a frame arrived${this.error ? ` (${this.error.message})` : ''}`));
      }
      for (const c of this.closeWaiters.splice(0)) c();
    });
  }

  /**
   * Connects to `host:port` (from `localAddress` when given: another loopback IP stands for a
   * second machine).
   * @throws Error when the connection fails or takes longer than `timeoutMs`.
   */
  static connect(port: number, host = '127.0.0.1', timeoutMs = 5_000, localAddress?: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, ...(localAddress ? { localAddress } : {}) });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (e) => {
        clearTimeout(timer);
        socket.destroy();
        reject(e);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RawClient(socket));
      });
    });
  }


  /** True once the socket is closed. */
  get isClosed(): boolean {
    return this.closedFlag;
  }

  /** True once the node sent FIN (closed its side). */
  get remoteEnded(): boolean {
    return this.endedFlag;
  }

  /** Bytes received that do not (yet) form a whole frame. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  /** Frames received and not yet taken by {@link nextFrame}. */
  get queued(): number {
    return this.frames.length;
  }

  /** Writes raw bytes; resolves once they are handed to the kernel (or the socket failed: see {@link error}). */
  write(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed || !this.socket.writable) {
        resolve();
        return;
      }
      this.socket.write(bytes, () => resolve());
    });
  }

  /** Writes `obj` as one frame. */
  send(obj: unknown): Promise<void> {
    return this.write(frame(obj));
  }

  /**
   * The next frame from the node, JSON-decoded.
   * @throws Error when none comes within `timeoutMs`, when the connection closes first, or when
   *   the payload is not a JSON object.
   */
  nextFrame(timeoutMs = 10_000): Promise<Frame> {
    const ready = this.frames.shift();
    if (ready) return ready instanceof Error ? Promise.reject(ready) : Promise.resolve(ready);
    if (this.closedFlag) return Promise.reject(new Error('connection is closed and no frame is queued'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new Error(`no frame within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Sends `obj` as a frame and returns the next frame received. */
  async request(obj: unknown, timeoutMs = 10_000): Promise<Frame> {
    await this.send(obj);
    return this.nextFrame(timeoutMs);
  }

  /**
   * Resolves when the connection has closed.
   * @throws Error when it is still open after `timeoutMs`.
   */
  closed(timeoutMs = 10_000): Promise<void> {
    if (this.closedFlag) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.closeWaiters.indexOf(done);
        if (i >= 0) this.closeWaiters.splice(i, 1);
        reject(new Error(`connection still open after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.closeWaiters.push(done);
    });
  }

  /** Closes at once. Harmless when already closed. */
  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32BE(0);
      if (this.buffer.length < 4 + length) break;
      const payload = this.buffer.subarray(4, 4 + length);
      this.buffer = this.buffer.subarray(4 + length);
      let decoded: Frame | Error;
      try {
        const v: unknown = JSON.parse(payload.toString('utf8'));
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not a JSON object');
        decoded = v as Frame;
      } catch (e) {
        decoded = new Error(`undecodable frame from the node (${(e as Error).message}): ${payload.toString('utf8').slice(0, 200)}`);
      }
      const w = this.waiters.shift();
      if (!w) this.frames.push(decoded);
      else {
        clearTimeout(w.timer);
        if (decoded instanceof Error) w.reject(decoded);
        else w.resolve(decoded);
      }
    }
  }
}

/**
 * Calls `onFrame` with every frame `socket` delivers, JSON-decoded, in order (frames may be split
 * across chunks): the reading side of the raw listeners tests run as fake nodes.
 */
export function onFrames(socket: net.Socket, onFrame: (m: Record<string, unknown>) => void): void {
  let buf = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
      const len = buf.readUInt32BE(0);
      const m = JSON.parse(buf.subarray(4, 4 + len).toString('utf8')) as Record<string, unknown>;
      buf = buf.subarray(4 + len);
      onFrame(m);
    }
  });
}
