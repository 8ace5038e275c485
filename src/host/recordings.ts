/**
 * The app's recordings: every run is recorded to a file in one directory (a run begins with the
 * first node drawn while no recording is open, and ends at Stop all, when the session closes, or
 * with `stopRecording`); the `recordings` and `readRecording` commands let the renderer list
 * them and read one piece by piece (it never needs a whole file at once).
 */
import { mkdirSync, openSync, closeSync, readSync, fstatSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../core/clock';
import type { RecordingInfo, RecordingState } from '../shared/recording';
import { MAX_RECORDING_READ_BYTES, RECORDING_EXTENSION, RECORDING_FORMAT } from '../shared/recording';
import type { Snapshot, UiEvent } from '../shared/types';
import { Recorder } from './recorder';

/** Most recordings `list` returns (the newest). */
export const MAX_LISTED_RECORDINGS = 200;
/** A recording's `bytes` are announced (a `recording` event) at most this often, ms. */
const ANNOUNCE_EVERY_MS = 2000;
/** Recording file names this host writes and reads: no directories, our extension. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}\.glrec\.jsonl$/;

/** What {@link Recordings} needs from the session. */
export interface RecordingsOptions {
  /** The directory the recordings are written to (created when missing). */
  dir: string;
  clock: Clock;
  /** The whole state now (the keyframes). */
  snapshot: () => Snapshot;
  /** Queues a UI event (the `recording` state changes). */
  push: (e: UiEvent) => void;
  /** Tells the user something. */
  notice: (level: 'info' | 'error', text: string) => void;
  /** Header description (the app's name and version). */
  description: string;
  /** Size limit of one recording, bytes. */
  maxBytes?: number;
  /** Time between keyframes, ms. */
  keyframeIntervalMs?: number;
  /** Whether runs are recorded from the start (default true). */
  on?: boolean;
}

/** The recordings of one session. */
export class Recordings {
  private on: boolean;
  private current: Recorder | null = null;
  private stopped: string | null = null;
  private announced = 0;
  private seq = 0;
  private ending = false;
  /** The size limit stopped the last recording: no new one starts until the run ends or recording is switched back on. */
  private limited = false;

  constructor(private readonly o: RecordingsOptions) {
    this.on = o.on ?? true;
  }

  /** The state the renderer shows. */
  state(): RecordingState {
    const c = this.current;
    return { on: this.on, active: c ? { name: c.name, bytes: c.bytes, startedAt: c.startedAt } : null, stopped: this.stopped };
  }

  /**
   * Sees one batch the session sends: starts a recording when runs are recorded, none is open
   * and the batch draws a node; records the batch into the open one.
   */
  onBatch(batch: readonly UiEvent[]): void {
    if (this.on && !this.limited && this.current === null && batch.some((e) => e.kind === 'node')) this.start();
    const c = this.current;
    if (c === null) return;
    try {
      c.record(batch);
    } catch (err) {
      this.o.notice('error', `recording ${c.name} stopped: could not write (${err instanceof Error ? err.message : String(err)})`);
    }
    if (this.ending) this.end();
    if (!c.open) {
      this.current = null;
      this.announce();
    } else if (this.o.clock.now() - this.announced >= ANNOUNCE_EVERY_MS) this.announce();
  }

  /** Turns recording of runs on (a recording starts now when nodes are drawn) or off (the open one ends). */
  setOn(on: boolean, nodesDrawn: boolean): RecordingState {
    this.on = on;
    this.limited = false;
    if (!on) this.end();
    else if (this.current === null && nodesDrawn) this.start();
    this.announce();
    return this.state();
  }

  /**
   * The run ended (Stop all): the open recording ends once the next batch is in it (the removals
   * Stop all queued belong to the run), or now when nothing is queued; the next run may be
   * recorded again.
   */
  endAfterNextBatch(nothingQueued: boolean): void {
    this.limited = false;
    if (this.current === null) return;
    if (nothingQueued) this.stop();
    else this.ending = true;
  }

  /** Ends the open recording (the next run starts a new one). */
  stop(): RecordingState {
    this.limited = false;
    this.end();
    this.announce();
    return this.state();
  }

  /**
   * The recordings in the directory, newest first (at most {@link MAX_LISTED_RECORDINGS}).
   * A missing directory lists none.
   */
  async list(): Promise<RecordingInfo[]> {
    let names: string[];
    try {
      names = (await readdir(this.o.dir)).filter((n) => NAME.test(n));
    } catch {
      return [];
    }
    const infos = await Promise.all(
      names.map(async (name): Promise<RecordingInfo | null> => {
        try {
          const s = await stat(join(this.o.dir, name));
          return { name, bytes: s.size, startedAt: readStartedAt(join(this.o.dir, name)), active: this.current?.name === name };
        } catch {
          return null;
        }
      }),
    );
    return infos
      .filter((x): x is RecordingInfo => x !== null)
      .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0) || (a.name < b.name ? 1 : -1))
      .slice(0, MAX_LISTED_RECORDINGS);
  }

  /**
   * Up to `length` bytes of recording `name` from byte `offset` (fewer at the end of the file),
   * base64-encoded, and the file's size now (it grows while recorded).
   * @throws Error for a name that is not one of ours or a file that cannot be read.
   */
  read(name: string, offset: number, length: number): { data: string; size: number } {
    if (!NAME.test(name)) throw new Error(`"${name}" is not a recording name`);
    const fd = openSync(join(this.o.dir, name), 'r');
    try {
      const size = fstatSync(fd).size;
      const n = Math.max(0, Math.min(length, MAX_RECORDING_READ_BYTES, size - offset));
      const buf = Buffer.alloc(n);
      let got = 0;
      while (got < n) {
        const r = readSync(fd, buf, got, n - got, offset + got);
        if (r === 0) break;
        got += r;
      }
      return { data: buf.subarray(0, got).toString('base64'), size };
    } finally {
      closeSync(fd);
    }
  }

  /** Ends the open recording. */
  close(): void {
    this.end();
  }

  private start(): void {
    try {
      mkdirSync(this.o.dir, { recursive: true });
      const path = join(this.o.dir, recordingName(this.o.clock.now(), this.seq++));
      this.stopped = null;
      const recorder = new Recorder({
        path,
        source: 'app',
        description: this.o.description,
        clock: this.o.clock,
        snapshot: this.o.snapshot,
        maxBytes: this.o.maxBytes,
        keyframeIntervalMs: this.o.keyframeIntervalMs,
        onLimit: (bytes) => {
          this.limited = true;
          this.stopped = `the recording reached its size limit (${formatBytes(bytes)}) and stopped; the run goes on unrecorded`;
          this.o.notice('error', this.stopped);
        },
      });
      // a first keyframe already past the limit ended it in its constructor
      this.current = recorder.open ? recorder : null;
    } catch (err) {
      this.on = false;
      this.o.notice('error', `could not start a recording in ${this.o.dir}: ${err instanceof Error ? err.message : String(err)} — recording is off`);
    }
    this.announce();
  }

  private end(): void {
    this.ending = false;
    const c = this.current;
    this.current = null;
    if (c === null) return;
    try {
      c.close('stopped');
    } catch (err) {
      this.o.notice('error', `could not finish recording ${c.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private announce(): void {
    this.announced = this.o.clock.now();
    this.o.push({ kind: 'recording', recording: this.state() });
  }
}

/** A recording's file name for a run that began at `at` (UTC, sortable), e.g. `run-2026-12-02T12-30-45Z-0.glrec.jsonl`. */
export function recordingName(at: number, seq: number): string {
  const iso = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  return `run-${iso}-${seq}${RECORDING_EXTENSION}`;
}

/** "12.3 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The header's `startedAt`, from the file's first 4 KiB; null when it is not a recording's header. */
function readStartedAt(path: string): number | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const line = buf.subarray(0, n).toString('utf8').split('\n', 1)[0] ?? '';
    const h = JSON.parse(line) as { format?: unknown; startedAt?: unknown };
    return h.format === RECORDING_FORMAT && typeof h.startedAt === 'number' ? h.startedAt : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
