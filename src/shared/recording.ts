/**
 * The recording file format, shared by the host that writes it (src/host/recorder.ts, for the
 * app and for `gossip-lab net --record`) and the renderer that replays it
 * (src/renderer/src/recording/). Types and constants only, like ./types.ts.
 *
 * A recording is UTF-8 JSON Lines (one JSON object per `\n`-terminated line), written as the run
 * happens, so a reader can start anywhere a line starts and a crashed run leaves a readable file:
 *
 * 1. one {@link RecordingHeader} line;
 * 2. then, in time order, {@link RecordingKeyframe} lines (the whole state, as the `snapshot`
 *    command gives it: the first right after the header, then one every keyframe interval) and
 *    {@link RecordingBatch} lines (the UI events of one batch, as the live app receives them);
 * 3. one {@link RecordingEnd} line when the run ends or the size limit is reached (absent when
 *    the writer crashed, or while the run goes on).
 *
 * A reader seeks to time t by loading the last keyframe at or before t and applying the batches
 * after it up to t, so it never needs the whole file in memory. Times are ms since the epoch on
 * the recording host's clock.
 */
import type { Snapshot, UiEvent } from './types';

/** The `format` every header carries. */
export const RECORDING_FORMAT = 'gossip-lab-recording';
/** The version this code writes and reads. A reader refuses other versions with a message. */
export const RECORDING_VERSION = 1;
/** File name extension of recordings (JSON Lines). */
export const RECORDING_EXTENSION = '.glrec.jsonl';
/** Default size limit of one recording, bytes (the writer stops with a notice when it is reached). */
export const DEFAULT_RECORDING_MAX_BYTES = 256 * 1024 * 1024;
/** Default time between two keyframes, ms. */
export const DEFAULT_KEYFRAME_INTERVAL_MS = 10_000;
/** Longest line a reader accepts, bytes (a keyframe of a 6,301-node network is about 2 MB). */
export const MAX_RECORDING_LINE_BYTES = 64 * 1024 * 1024;
/** Most bytes one `readRecording` command returns. */
export const MAX_RECORDING_READ_BYTES = 4 * 1024 * 1024;
/**
 * UI events a recording leaves out: the host's own load readings and the recording's own state
 * say nothing about the network.
 */
export const UNRECORDED_EVENTS: ReadonlyArray<UiEvent['kind']> = ['load', 'recording'];

/** First line: what this file is. */
export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: number;
  /** When recording began, ms since epoch. */
  startedAt: number;
  /** What wrote it: the app (`app`) or the CLI (`cli`). */
  source: 'app' | 'cli';
  /** Free text: the command line or the app's version. */
  description: string;
  /** The keyframe interval the writer used, ms. */
  keyframeIntervalMs: number;
}

/** The whole state at time `t` (the same object the `snapshot` command answers). */
export interface RecordingKeyframe {
  t: number;
  k: Snapshot;
}

/** The UI events of one batch, as they reached (or would have reached) the renderer at time `t`. */
export interface RecordingBatch {
  t: number;
  e: UiEvent[];
}

/** Why a recording ended. */
export type RecordingEndReason = 'stopped' | 'limit';

/** Last line: the recording ended at `t`, and why. */
export interface RecordingEnd {
  t: number;
  end: RecordingEndReason;
}

/** Any line after the header. */
export type RecordingRecord = RecordingKeyframe | RecordingBatch | RecordingEnd;

/** A recording the host keeps, as the `recordings` command lists it. */
export interface RecordingInfo {
  /** File name (no directory). */
  name: string;
  bytes: number;
  /** When it began (the file's header), ms since epoch; null when the header cannot be read. */
  startedAt: number | null;
  /** True while the host is still writing it. */
  active: boolean;
}

/** The host's recording state, as the snapshot and `recording` events carry it. */
export interface RecordingState {
  /** Whether runs are recorded (a recording starts with the next run when none is active). */
  on: boolean;
  /** The recording being written now, or null. */
  active: { name: string; bytes: number; startedAt: number } | null;
  /** Why the last recording ended early, in words (a size limit), or null. */
  stopped: string | null;
}
