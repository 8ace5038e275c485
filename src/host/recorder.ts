/**
 * Writes one recording (the format of src/shared/recording.ts) as the run happens: a header, a
 * keyframe, then every event batch and a keyframe every interval, each line written through to
 * the file at once (synchronous appends: nothing is buffered in memory, so the memory a recording
 * takes does not grow with the run, and a crash leaves every batch written so far). The file is
 * bounded: the line that would pass `maxBytes` is not written; an end line with reason `limit`
 * is, and `onLimit` tells the user.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { Clock } from '../core/clock';
import type { RecordingEndReason, RecordingHeader } from '../shared/recording';
import { DEFAULT_KEYFRAME_INTERVAL_MS, DEFAULT_RECORDING_MAX_BYTES, RECORDING_FORMAT, RECORDING_VERSION, UNRECORDED_EVENTS } from '../shared/recording';
import type { Snapshot, UiEvent } from '../shared/types';

/** Bytes kept free under the limit for the end line. */
const END_RESERVE = 64;

/** How a {@link Recorder} writes. */
export interface RecorderOptions {
  /** The file to create; it must not exist (no recording is ever overwritten). */
  path: string;
  source: RecordingHeader['source'];
  /** Free text for the header (the command line, the app). */
  description: string;
  clock: Clock;
  /** The whole state now (a keyframe); called right after a batch was recorded, and at the start. */
  snapshot: () => Snapshot;
  /** Size limit of the file, bytes (default {@link DEFAULT_RECORDING_MAX_BYTES}). */
  maxBytes?: number;
  /** Time between keyframes, ms (default {@link DEFAULT_KEYFRAME_INTERVAL_MS}). */
  keyframeIntervalMs?: number;
  /** Called once when the size limit stopped the recording, with the bytes written. */
  onLimit?: (bytes: number) => void;
}

/** One recording being written. Create (the file is created now), `record` each batch, `close`. */
export class Recorder {
  /** The file's name, without its directory. */
  readonly name: string;
  /** When recording began, ms since epoch. */
  readonly startedAt: number;
  private fd: number | null;
  private written = 0;
  private lastKeyframe: number;
  private readonly maxBytes: number;
  private readonly keyframeIntervalMs: number;
  private readonly skip = new Set<string>(UNRECORDED_EVENTS);
  private endReason: RecordingEndReason | null = null;

  /**
   * Creates the file and writes the header and the first keyframe.
   * @throws Error (EEXIST, EACCES, …) when the file cannot be created.
   */
  constructor(private readonly o: RecorderOptions) {
    this.name = basename(o.path);
    this.maxBytes = o.maxBytes ?? DEFAULT_RECORDING_MAX_BYTES;
    this.keyframeIntervalMs = o.keyframeIntervalMs ?? DEFAULT_KEYFRAME_INTERVAL_MS;
    this.startedAt = o.clock.now();
    this.lastKeyframe = this.startedAt;
    this.fd = openSync(o.path, 'wx');
    const header: RecordingHeader = {
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      startedAt: this.startedAt,
      source: o.source,
      description: o.description,
      keyframeIntervalMs: this.keyframeIntervalMs,
    };
    this.line(header);
    this.line({ t: this.startedAt, k: o.snapshot() });
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.written;
  }

  /** True until the recording ended (closed, or stopped by its size limit). */
  get open(): boolean {
    return this.fd !== null;
  }

  /** Why it ended, or null while it is open. */
  get ended(): RecordingEndReason | null {
    return this.endReason;
  }

  /**
   * Records one batch (events the recording leaves out are dropped; an empty remainder writes
   * nothing), then a keyframe when one is due. Does nothing once ended.
   * @throws Error when the disk write fails (the recording is then closed).
   */
  record(batch: readonly UiEvent[]): void {
    if (this.fd === null) return;
    const now = this.o.clock.now();
    const e = batch.filter((ev) => !this.skip.has(ev.kind));
    if (e.length > 0) this.line({ t: now, e });
    if (this.fd !== null && now - this.lastKeyframe >= this.keyframeIntervalMs) {
      this.lastKeyframe = now;
      this.line({ t: now, k: this.o.snapshot() });
    }
  }

  /** Writes the end line and closes the file. Idempotent. */
  close(reason: RecordingEndReason = 'stopped'): void {
    if (this.fd === null) return;
    const fd = this.fd;
    try {
      const text = `${JSON.stringify({ t: this.o.clock.now(), end: reason })}\n`;
      writeSync(fd, text);
      this.written += Buffer.byteLength(text);
    } finally {
      this.endReason = reason;
      this.fd = null;
      closeSync(fd);
    }
  }

  /** Appends one line, or ends the recording when the line would pass the size limit. */
  private line(value: unknown): void {
    if (this.fd === null) return;
    const text = `${JSON.stringify(value)}\n`;
    const size = Buffer.byteLength(text);
    if (this.written + size > this.maxBytes - END_RESERVE) {
      this.close('limit');
      this.o.onLimit?.(this.written);
      return;
    }
    try {
      writeSync(this.fd, text);
    } catch (err) {
      this.close('stopped');
      throw err;
    }
    this.written += size;
  }
}
