/**
 * The replay's own small store (zustand): which recording is open, how far opening it has got,
 * the cursor, play state and speed, and the marks to jump to. The timeline and the recordings
 * dialog read it; recording/controller.ts writes it.
 */
import { create } from 'zustand';
import type { RecordingEndReason } from '../../../shared/recording';
import type { Mark } from './scan';

/** The replay as the page shows it. */
export interface ReplayState {
  /** idle: live view; opening: scanning a file; open: replaying; error: opening failed. */
  status: 'idle' | 'opening' | 'open' | 'error';
  /** The recording's name (file name). */
  name: string | null;
  /** Opening progress: bytes scanned of the total. */
  progress: { done: number; total: number } | null;
  /** Why opening or reading failed, in words. */
  error: string | null;
  /** First and last instants, and the cursor, ms since epoch. */
  start: number;
  end: number;
  cursor: number;
  playing: boolean;
  /** × real time. */
  speed: number;
  marks: Mark[];
  marksDropped: number;
  endReason: RecordingEndReason | null;
  /** Lines skipped as malformed while opening. */
  malformed: number;
  /** Events inside batches left out (malformed, unknown, or about the recording host). */
  droppedEvents: number;
  /** Events in the recording. */
  events: number;
}

/** The idle state. */
export const IDLE: ReplayState = {
  status: 'idle',
  name: null,
  progress: null,
  error: null,
  start: 0,
  end: 0,
  cursor: 0,
  playing: false,
  speed: 1,
  marks: [],
  marksDropped: 0,
  endReason: null,
  malformed: 0,
  droppedEvents: 0,
  events: 0,
};

/** The replay store (`useReplayStore.getState()` / `.setState()` outside React). */
export const useReplayStore = create<ReplayState>()(() => ({ ...IDLE }));
