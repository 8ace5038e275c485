/**
 * Parses a recording's lines (src/shared/recording.ts) and checks their shape before anything is
 * replayed: a recording may come from anywhere, so a line that is not what the format says is
 * skipped and counted, never applied (an event inside a batch is checked on its own: see
 * ./sanitize.ts), and a file that is not a recording is refused in words.
 */
import type { RecordingBatch, RecordingEnd, RecordingHeader, RecordingKeyframe, RecordingRecord } from '../../../shared/recording';
import { RECORDING_FORMAT, RECORDING_VERSION } from '../../../shared/recording';
import type { Snapshot, UiEvent } from '../../../shared/types';
import { HOST_KINDS, replayEvent, replaySnapshot } from './sanitize';

/**
 * The header line.
 * @throws Error, in words, for a file that is not a recording or has another version.
 */
export function parseHeader(text: string): RecordingHeader {
  let h: unknown;
  try {
    h = JSON.parse(text);
  } catch {
    throw new Error('this file is not a Gossip Lab recording (its first line is not JSON)');
  }
  if (!isObject(h) || h.format !== RECORDING_FORMAT) throw new Error('this file is not a Gossip Lab recording (no recording header)');
  if (h.version !== RECORDING_VERSION) throw new Error(`this recording has format version ${String(h.version)}; this app reads version ${RECORDING_VERSION}`);
  if (!finite(h.startedAt) || !finite(h.keyframeIntervalMs)) throw new Error('this recording\'s header is damaged (no start time)');
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    startedAt: h.startedAt,
    source: h.source === 'cli' ? 'cli' : 'app',
    description: typeof h.description === 'string' ? h.description.slice(0, 500) : '',
    keyframeIntervalMs: h.keyframeIntervalMs,
  };
}

/**
 * One record after the header, or null when the line is not a well-formed record. A keyframe's
 * state and a batch's events pass through ./sanitize.ts: `dropped` counts the events left out
 * (malformed, unknown, or about the recording host itself).
 */
export function parseRecord(text: string): RecordingRecord | null {
  return parseRecordCounted(text)?.record ?? null;
}

/** {@link parseRecord}, and how many of a batch's events were left out as damaged or unknown (not the host's own, left out on purpose). */
export function parseRecordCounted(text: string): { record: RecordingRecord; dropped: number } | null {
  let r: unknown;
  try {
    r = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(r) || !finite(r.t)) return null;
  if ('k' in r) {
    const k = replaySnapshot(r.k);
    return k === null ? null : { record: { t: r.t, k: k as Snapshot }, dropped: 0 };
  }
  if ('e' in r) {
    if (!Array.isArray(r.e)) return null;
    const e: UiEvent[] = [];
    let dropped = 0;
    for (const raw of r.e) {
      const ev = replayEvent(raw);
      if (ev !== null) e.push(ev);
      else if (!(isObject(raw) && HOST_KINDS.has(raw.kind))) dropped++;
    }
    return { record: { t: r.t, e } satisfies RecordingBatch, dropped };
  }
  if (r.end === 'stopped' || r.end === 'limit') return { record: { t: r.t, end: r.end } satisfies RecordingEnd, dropped: 0 };
  return null;
}

/** True for a keyframe record. */
export function isKeyframe(r: RecordingRecord): r is RecordingKeyframe {
  return 'k' in r;
}

/** True for a batch record. */
export function isBatch(r: RecordingRecord): r is RecordingBatch {
  return 'e' in r;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
