/**
 * Parses a recording's lines (src/shared/recording.ts) and checks their shape before anything is
 * replayed: a recording may come from anywhere, so a line that is not what the format says is
 * skipped and counted, never applied, and a file that is not a recording is refused in words.
 */
import type { RecordingBatch, RecordingEnd, RecordingHeader, RecordingKeyframe, RecordingRecord } from '../../../shared/recording';
import { RECORDING_FORMAT, RECORDING_VERSION } from '../../../shared/recording';
import type { UiEvent } from '../../../shared/types';

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

/** The time of a line, read from its start without parsing the rest (null when it has none). */
export function lineTime(text: string): number | null {
  const m = /^\{"t":(-?\d+(?:\.\d+)?)/.exec(text);
  return m ? Number(m[1]) : null;
}

/** One record after the header, or null when the line is not a well-formed record. */
export function parseRecord(text: string): RecordingRecord | null {
  let r: unknown;
  try {
    r = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(r) || !finite(r.t)) return null;
  if ('k' in r) return isSnapshot(r.k) ? (r as unknown as RecordingKeyframe) : null;
  if ('e' in r) {
    if (!Array.isArray(r.e)) return null;
    const e = r.e.filter(isEvent);
    return { t: r.t, e } satisfies RecordingBatch;
  }
  if (r.end === 'stopped' || r.end === 'limit') return { t: r.t, end: r.end } satisfies RecordingEnd;
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

/** The fields the store reads from a snapshot, with the types it needs. */
function isSnapshot(k: unknown): boolean {
  return (
    isObject(k) &&
    Array.isArray(k.nodes) &&
    k.nodes.every((n) => isObject(n) && typeof n.id === 'string' && (n.role === 'seed' || n.role === 'peer')) &&
    Array.isArray(k.links) &&
    k.links.every((l) => Array.isArray(l) && typeof l[0] === 'string' && typeof l[1] === 'string') &&
    Array.isArray(k.messages) &&
    isObject(k.report) &&
    Array.isArray(k.remoteSeeds)
  );
}

/** An event of a known kind with the fields the store and the plots read. */
function isEvent(e: unknown): e is UiEvent {
  if (!isObject(e) || typeof e.kind !== 'string') return false;
  switch (e.kind) {
    case 'node':
      return isObject(e.node) && typeof e.node.id === 'string';
    case 'node-removed':
      return typeof e.id === 'string';
    case 'link':
      return typeof e.a === 'string' && typeof e.b === 'string' && typeof e.up === 'boolean';
    case 'message':
      return isObject(e.message) && typeof e.message.id === 'string';
    case 'degrees':
      return isObject(e.report) && Array.isArray(e.report.degrees);
    case 'notice':
      return typeof e.text === 'string';
    default:
      return true;
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
