/**
 * One pass over a recording that builds what replay needs without keeping the file: where each
 * keyframe starts (byte offset and time), the run's first and last times, the events a user may
 * jump to (kills, dead reports, removals), and — through `onBatch` — everything the plots need.
 */
import type { RecordingEndReason, RecordingHeader } from '../../../shared/recording';
import type { Snapshot, UiEvent } from '../../../shared/types';
import { readLines } from './lines';
import { isBatch, isKeyframe, parseHeader, parseRecordCounted } from './parse';
import type { ByteSource } from './source';

/** Most marks (events to jump to) kept; later ones are counted, not kept. */
export const MAX_MARKS = 2000;
/**
 * Most keyframes indexed. Past it the index keeps every other one (a seek then reads from an
 * earlier keyframe: slower, never wrong), so a file of nothing but keyframes cannot fill memory.
 */
export const MAX_KEYFRAMES = 20_000;
/** Most nodes whose life the scan follows (for the marks); past it, new nodes make no marks. */
export const MAX_TRACKED_NODES = 100_000;

/** Where one keyframe starts. */
export interface KeyframeRef {
  t: number;
  /** Byte offset of its line. */
  offset: number;
}

/** An event a user may jump to. */
export interface Mark {
  t: number;
  kind: 'down' | 'dead-reported' | 'dead' | 'removed' | 'limit';
  node: string;
  /** In words, for the list. */
  label: string;
}

/** What a scan found. */
export interface RecordingIndex {
  name: string;
  header: RecordingHeader;
  keyframes: KeyframeRef[];
  /** First and last times in the file, ms since epoch. */
  start: number;
  end: number;
  /** Why it ended (null: no end line: still written, or the writer crashed). */
  endReason: RecordingEndReason | null;
  marks: Mark[];
  /** Marks left out past {@link MAX_MARKS}. */
  marksDropped: number;
  batches: number;
  events: number;
  /** Lines that were not well-formed records (skipped). */
  malformed: number;
  /** Events inside batches left out: malformed, of an unknown kind, or about the recording host itself. */
  droppedEvents: number;
  /** Bytes scanned. */
  bytes: number;
}

/** Options of {@link scanRecording}. */
export interface ScanOptions {
  /** Every keyframe, in order (the plots start from them). */
  onKeyframe?: (t: number, snapshot: Snapshot) => void;
  /** Every batch, in order. */
  onBatch?: (t: number, events: readonly UiEvent[]) => void;
  /** Bytes scanned so far, of the total. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the scan; it rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Reads the whole recording once, keeping only the index.
 * @throws Error, in words, for a file that is not a recording, has no keyframe, or cannot be read.
 */
export async function scanRecording(source: ByteSource, o: ScanOptions = {}): Promise<RecordingIndex> {
  const total = await source.size();
  let header: RecordingHeader | null = null;
  const index: Omit<RecordingIndex, 'header'> = { name: source.name, keyframes: [], start: 0, end: 0, endReason: null, marks: [], marksDropped: 0, batches: 0, events: 0, malformed: 0, droppedEvents: 0, bytes: 0 };
  const life = new Map<string, string>();
  let lastProgress = 0;
  for await (const line of readLines(source)) {
    o.signal?.throwIfAborted();
    index.bytes = line.end;
    if (header === null) {
      header = parseHeader(line.text);
      index.start = index.end = header.startedAt;
      continue;
    }
    const parsed = parseRecordCounted(line.text);
    if (parsed === null) {
      index.malformed++;
      continue;
    }
    const r = parsed.record;
    index.droppedEvents += parsed.dropped;
    index.end = Math.max(index.end, r.t);
    if (isKeyframe(r)) {
      index.keyframes.push({ t: r.t, offset: line.offset });
      if (index.keyframes.length > MAX_KEYFRAMES) index.keyframes = index.keyframes.filter((_, i) => i % 2 === 0);
      for (const n of r.k.nodes) if (life.has(n.id) || life.size < MAX_TRACKED_NODES) life.set(n.id, n.life);
      o.onKeyframe?.(r.t, r.k);
    } else if (isBatch(r)) {
      index.batches++;
      index.events += r.e.length;
      for (const ev of r.e) markOf(r.t, ev, life, index);
      o.onBatch?.(r.t, r.e);
    } else {
      index.endReason = r.end;
      if (r.end === 'limit') addMark(index, { t: r.t, kind: 'limit', node: '', label: 'recording stopped: size limit' });
    }
    if (index.bytes - lastProgress >= 1024 * 1024) {
      lastProgress = index.bytes;
      o.onProgress?.(index.bytes, total);
      // let the page draw the progress and take a Cancel
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  if (header === null) throw new Error('this file is empty, or not a Gossip Lab recording');
  if (index.keyframes.length === 0) throw new Error('this recording has no keyframe: it is damaged');
  o.onProgress?.(index.bytes, total);
  return { ...index, header };
}

/** Notes the jump-to marks one event makes: a node going down, reported dead, shown dead, removed. */
function markOf(t: number, ev: UiEvent, life: Map<string, string>, index: Omit<RecordingIndex, 'header'>): void {
  if (ev.kind === 'node') {
    const before = life.get(ev.node.id);
    if (before === undefined && life.size >= MAX_TRACKED_NODES) return;
    life.set(ev.node.id, ev.node.life);
    if (before === ev.node.life) return;
    if (ev.node.life === 'down') addMark(index, { t, kind: 'down', node: ev.node.id, label: `${ev.node.role} ${ev.node.id} down` });
    if (ev.node.life === 'dead') addMark(index, { t, kind: 'dead', node: ev.node.id, label: `${ev.node.id} shown dead` });
  } else if (ev.kind === 'dead-reported') {
    addMark(index, { t, kind: 'dead-reported', node: ev.dead, label: `${ev.reporter} reports ${ev.dead} dead` });
  } else if (ev.kind === 'node-removed') {
    if (life.get(ev.id) === 'up') {
      life.delete(ev.id);
      return; // a graceful stop, not a failure
    }
    life.delete(ev.id);
    addMark(index, { t, kind: 'removed', node: ev.id, label: `${ev.id} removed` });
  }
}

function addMark(index: Omit<RecordingIndex, 'header'>, m: Mark): void {
  if (index.marks.length < MAX_MARKS) index.marks.push(m);
  else index.marksDropped++;
}
