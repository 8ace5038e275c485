/**
 * Plays a scanned recording: seek to any instant (the last keyframe before it, then the batches
 * up to it), play forward at a speed, pause. Reads the file from the keyframe on, a chunk at a
 * time, so memory does not grow with the recording. Seeks coalesce: while one runs, only the
 * latest asked for runs next (scrubbing a slider asks for many).
 */
import type { Snapshot, UiEvent } from '../../../shared/types';
import type { Line } from './lines';
import { readLines } from './lines';
import { isBatch, isKeyframe, parseRecord } from './parse';
import type { RecordingIndex } from './scan';
import type { ByteSource } from './source';

/** Where the player sends the state it replays. */
export interface ReplaySink {
  /** Replace the whole state with a keyframe's. */
  snapshot(s: Snapshot): void;
  /** Apply one batch; `animate` while playing (not while seeking). */
  events(batch: readonly UiEvent[], animate: boolean): void;
  /** The cursor moved (ms since epoch), and whether it plays. */
  cursor(t: number, playing: boolean): void;
}

/** A repeating timer, injectable for tests. */
export interface Ticker {
  now(): number;
  /** Calls `fn` every `ms`; returns the function that stops it. */
  every(ms: number, fn: () => void): () => void;
}

/** The page's timers. */
export const realTicker: Ticker = {
  now: () => performance.now(),
  every: (ms, fn) => {
    const h = setInterval(fn, ms);
    return () => clearInterval(h);
  },
};

/** Play advances the cursor this often, ms. */
export const TICK_MS = 100;
/** Speeds offered (× real time). */
export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 50] as const;

/** Replays one recording into a sink. */
export class ReplayPlayer {
  private at: number;
  private speed = 1;
  private stopTicker: (() => void) | null = null;
  private lastTick = 0;
  private lines: AsyncGenerator<Line> | null = null;
  /** A record read ahead of the cursor (its time is past it). */
  private pending: { t: number; e: readonly UiEvent[] } | null = null;
  private wanted: number | null = null;
  private running: Promise<void> | null = null;
  /** A play tick's forward read under way. */
  private busy: Promise<void> | null = null;
  private closed = false;
  private error: ((err: unknown) => void) | null;

  /**
   * @param onError called with a read error (the player pauses); default: rethrown to the console
   */
  constructor(
    private readonly source: ByteSource,
    readonly index: RecordingIndex,
    private readonly sink: ReplaySink,
    private readonly ticker: Ticker = realTicker,
    onError?: (err: unknown) => void,
  ) {
    this.at = index.start;
    this.error = onError ?? null;
  }

  /** The cursor, ms since epoch. */
  get cursor(): number {
    return this.at;
  }

  /** True while playing. */
  get playing(): boolean {
    return this.stopTicker !== null;
  }

  /** The play speed (× real time). */
  get rate(): number {
    return this.speed;
  }

  /**
   * Moves the cursor to `t` (clamped to the recording) and shows the state there. Resolves when
   * that seek, or a later one that replaced it, is done.
   */
  seek(t: number): Promise<void> {
    this.wanted = Math.min(this.index.end, Math.max(this.index.start, t));
    this.running ??= (async () => {
      await this.busy;
      await this.drain();
    })().finally(() => (this.running = null));
    return this.running;
  }

  /** Plays from the cursor (from the start when at the end). */
  play(): void {
    if (this.closed || this.stopTicker) return;
    if (this.at >= this.index.end) void this.seek(this.index.start);
    this.lastTick = this.ticker.now();
    this.stopTicker = this.ticker.every(TICK_MS, () => this.tick());
    this.sink.cursor(this.at, true);
  }

  /** Pauses. */
  pause(): void {
    this.stopTicker?.();
    this.stopTicker = null;
    this.sink.cursor(this.at, false);
  }

  /** Sets the play speed (× real time, > 0). */
  setSpeed(x: number): void {
    if (x > 0 && Number.isFinite(x)) this.speed = x;
  }

  /** Stops playing and reading; reads under way end without touching the sink. */
  close(): void {
    this.pause();
    this.closed = true;
    void this.lines?.return(undefined);
    this.lines = null;
  }

  private tick(): void {
    if (this.running || this.busy) return; // a seek or a read is under way; the next tick catches up
    const now = this.ticker.now();
    const dt = now - this.lastTick;
    this.lastTick = now;
    const target = Math.min(this.index.end, this.at + dt * this.speed);
    this.busy = this.forward(target, true)
      .then(() => {
        if (this.at >= this.index.end) this.pause();
      }, this.fail)
      .finally(() => (this.busy = null));
  }

  private async drain(): Promise<void> {
    while (this.wanted !== null && !this.closed) {
      const t = this.wanted;
      this.wanted = null;
      try {
        await this.seekNow(t);
      } catch (err) {
        this.fail(err);
      }
    }
    // play resumes from the new cursor: the time the seek took is not played
    this.lastTick = this.ticker.now();
  }

  private readonly fail = (err: unknown): void => {
    if (this.closed) return;
    // the reader may be broken: the next seek starts from a keyframe with a new one
    void this.lines?.return(undefined);
    this.lines = null;
    this.pending = null;
    this.pause();
    if (this.error) this.error(err);
    else console.error(err);
  };

  /** Seeks: forward from here when no keyframe lies between, else from the last keyframe before `t`. */
  private async seekNow(t: number): Promise<void> {
    const kf = keyframeAtOrBefore(this.index, t);
    const fromHere = this.lines !== null && t >= this.at && kf.t <= this.at;
    if (!fromHere) {
      await this.lines?.return(undefined);
      this.lines = readLines(this.source, kf.offset);
      this.pending = null;
      const first = await this.lines.next();
      if (this.closed) return;
      const r = first.done ? null : parseRecord(first.value.text);
      if (r === null || !isKeyframe(r)) throw new Error(`the keyframe at byte ${kf.offset} cannot be read: the recording changed or is damaged`);
      this.sink.snapshot(r.k);
      this.at = r.t;
    }
    await this.forward(t, false);
  }

  /** Applies the batches up to `t` and moves the cursor there. */
  private async forward(t: number, animate: boolean): Promise<void> {
    if (this.closed) return;
    if (this.lines === null) {
      await this.seekNow(t);
      return;
    }
    const lines = this.lines;
    for (;;) {
      if (this.pending === null) {
        const next = await lines.next();
        // closed, or a seek replaced the reader meanwhile: this read is stale
        if (this.closed || this.lines !== lines) return;
        if (next.done) break;
        const r = parseRecord(next.value.text);
        if (r === null || isKeyframe(r) || !isBatch(r)) continue; // keyframes repeat what the batches built
        this.pending = { t: r.t, e: r.e };
      }
      if (this.pending.t > t) break;
      this.sink.events(this.pending.e, animate);
      this.pending = null;
    }
    if (this.closed) return;
    this.at = t;
    this.sink.cursor(t, this.playing);
  }
}

/** The last keyframe at or before `t` (the first one when `t` is before it). */
export function keyframeAtOrBefore(index: RecordingIndex, t: number): { t: number; offset: number } {
  const ks = index.keyframes;
  let lo = 0;
  let hi = ks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ks[mid]!.t <= t) lo = mid;
    else hi = mid - 1;
  }
  return ks[lo]!;
}
