/**
 * `gossip-lab net --record FILE`: the run recorded as it happens, in the app's recording format
 * (src/shared/recording.ts, written by src/host/networkRecording.ts), so the app opens it on its
 * timeline like one of its own.
 */
import { NetworkRecording } from '../../host/networkRecording';
import type { PeerTiming } from '../../core/peer/options';
import type { DetectorKind } from '../../shared/types';

/** What `--record` wrote (in the summary and its `--json`). */
export interface RecordingSummary {
  path: string;
  bytes: number;
  /** `stopped`: the whole run; `limit`: the size limit ended it early. */
  ended: 'stopped' | 'limit';
}

/**
 * Opens the recording `--record` asks for (undefined without the flag).
 * @throws Error when the file cannot be created (it exists: recordings are never overwritten).
 */
export function openNetRecording(o: { record?: string; recordMaxMb?: number; detector?: DetectorKind }, timing: PeerTiming): NetworkRecording | undefined {
  if (o.record === undefined) return undefined;
  try {
    return new NetworkRecording({
      path: o.record,
      description: `gossip-lab ${process.argv.slice(2).join(' ')}`.slice(0, 500),
      timing,
      detector: o.detector ?? 'assignment',
      maxBytes: o.recordMaxMb === undefined ? undefined : o.recordMaxMb * 1024 * 1024,
      onLimit: (bytes) => console.error(`gossip-lab: the recording ${o.record} reached its size limit (${(bytes / 1024 / 1024).toFixed(1)} MB) and stopped; the run goes on unrecorded`),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new Error(`--record ${o.record}: the file exists (a recording is never overwritten): choose another name`);
    throw new Error(`--record ${o.record}: cannot create it: ${(e as Error).message}`);
  }
}

/** Ends a recording and says what it wrote (undefined without one). */
export function closeNetRecording(rec: NetworkRecording | undefined, path: string | undefined): RecordingSummary | undefined {
  if (rec === undefined || path === undefined) return undefined;
  rec.close();
  return { path, bytes: rec.bytes, ended: rec.ended ?? 'stopped' };
}

/** The summary's line. */
export function formatRecording(r: RecordingSummary): string {
  return `recording    ${r.path} (${(r.bytes / 1024).toFixed(1)} KB${r.ended === 'limit' ? ', stopped early at its size limit' : ''}): open it in the app (Recordings → Open file…)`;
}
