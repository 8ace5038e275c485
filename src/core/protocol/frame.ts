/**
 * Length-prefixed framing: every frame is a 4-byte big-endian unsigned payload length followed by
 * that many bytes of UTF-8 JSON. See docs/PROTOCOL.md §Framing.
 *
 * Modelled on ws's receiver: a small state machine that checks the size limit from the header,
 * before it buffers a single byte of the payload.
 */

/** Bytes in a frame header. */
export const HEADER_BYTES = 4;
/** Hard limit on one frame's payload, in bytes (64 KiB). */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Thrown by {@link encodeFrame} and reported by {@link FrameDecoder} when a frame is too large. */
export class FrameTooLargeError extends Error {
  constructor(
    /** The payload length the frame declared or would have had, in bytes. */
    readonly size: number,
    /** The limit it broke, in bytes. */
    readonly limit: number,
    /** Payloads that completed in the same `push` before the oversize header: still to be handled. */
    readonly completed: Buffer[] = [],
  ) {
    super(`frame of ${size} bytes exceeds the ${limit}-byte limit`);
    this.name = 'FrameTooLargeError';
  }
}

/**
 * Wraps a payload into one frame.
 * @throws FrameTooLargeError when the payload is over `limit` bytes.
 */
export function encodeFrame(payload: Buffer, limit = MAX_FRAME_BYTES): Buffer {
  if (payload.length > limit) throw new FrameTooLargeError(payload.length, limit);
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt32BE(payload.length, 0);
  payload.copy(frame, HEADER_BYTES);
  return frame;
}

type DecoderState = { code: 'header' } | { code: 'payload'; length: number } | { code: 'failed' };

/**
 * Incremental frame parser. Feed it whatever the socket delivers (frames may be split across
 * chunks or several may share one); it returns the complete payloads. After a frame that breaks
 * the limit the stream cannot be resynchronised, so the decoder enters the `failed` state and
 * every later `push` throws: the caller must close the connection.
 */
export class FrameDecoder {
  private state: DecoderState = { code: 'header' };
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly limit = MAX_FRAME_BYTES) {}

  /** Bytes received that do not yet form a complete frame (a consumed header included). */
  get pendingBytes(): number {
    return this.buffered + (this.state.code === 'payload' ? HEADER_BYTES : 0);
  }

  /** True once a frame broke the limit. */
  get failed(): boolean {
    return this.state.code === 'failed';
  }

  /**
   * Adds received bytes and returns every payload now complete, in order.
   * @throws FrameTooLargeError when a header declares more than the limit (state becomes failed);
   *   the frames that completed before it are in its `completed`.
   */
  push(chunk: Buffer): Buffer[] {
    if (this.state.code === 'failed') throw new Error('frame decoder has failed; close the connection');
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: Buffer[] = [];
    for (;;) {
      if (this.state.code === 'header') {
        if (this.buffered < HEADER_BYTES) break;
        const length = this.take(HEADER_BYTES).readUInt32BE(0);
        if (length > this.limit) {
          this.state = { code: 'failed' };
          this.chunks = [];
          this.buffered = 0;
          throw new FrameTooLargeError(length, this.limit, out);
        }
        this.state = { code: 'payload', length };
      } else if (this.state.code === 'payload') {
        if (this.buffered < this.state.length) break;
        out.push(this.take(this.state.length));
        this.state = { code: 'header' };
      } else {
        break;
      }
    }
    return out;
  }

  /** Removes and returns the first `n` buffered bytes (n <= buffered). */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[0]!;
    if (first.length === n) {
      this.chunks.shift();
      this.buffered -= n;
      return first;
    }
    if (first.length > n) {
      this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let copied = 0;
    while (copied < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - copied);
      c.copy(out, copied, 0, k);
      copied += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= n;
    return out;
  }
}
