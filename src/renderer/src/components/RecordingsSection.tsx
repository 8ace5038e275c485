/**
 * Recordings: whether runs are recorded and the one being written (with Stop), the host's
 * recordings to open, and a file picker (a recording can also be dropped on the window).
 */
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { RecordingInfo } from '../../../shared/recording';
import { getApi } from '../api';
import { useCommand } from '../hooks/useCommand';
import { openRecording } from '../recording/controller';
import { useReplayStore } from '../recording/replayStore';
import { blobSource, hostSource } from '../recording/source';
import { useLabStore } from '../store';
import { Section } from './Section';
import { formatBytes, formatClock } from './timeFormat';

/** Recordings shown in the list (the newest). */
const LISTED = 8;

/** The left panel's Recordings card. */
export function RecordingsSection() {
  const recording = useLabStore((s) => s.recording);
  const replay = useReplayStore((s) => s.status);
  const [list, setList] = useState<RecordingInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const setOn = useCommand('setRecording', 'Recording');
  const stop = useCommand('stopRecording', 'Stop recording', (s) => (s.active === null ? 'Recording saved' : null));

  const refresh = useCallback(async (): Promise<void> => {
    const r = await getApi().command('recordings', {});
    if (r.ok) {
      setList(r.result.recordings);
      setError(null);
    } else setError(r.error);
  }, []);
  // the list follows the recording state: a recording began, ended or grew
  const activeName = recording.active?.name ?? null;
  useEffect(() => {
    void refresh();
  }, [refresh, activeName, recording.on]);

  // Ctrl+O (⌘O) opens a recording file from anywhere in the window
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        fileInput.current?.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const pick = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void openRecording(blobSource(file, file.name));
  };

  return (
    <Section title="Recordings" testId="recordings">
      <div className="control">
        <label className="check">
          <input type="checkbox" checked={recording.on} disabled={setOn.busy} data-testid="recording-on" onChange={(e) => void setOn.run({ on: e.target.checked })} />
          Record every run
        </label>
        <p className="hint" role="status" data-testid="recording-status">
          {recording.active ? (
            <>
              <span className="rec-dot" aria-hidden="true" /> Recording {recording.active.name} · {formatBytes(recording.active.bytes)}
            </>
          ) : recording.on ? (
            'The next run is recorded when its first node starts.'
          ) : (
            'Runs are not recorded.'
          )}
        </p>
        {recording.stopped && <p className="field-error">{recording.stopped}</p>}
        <div className="row">
          <button type="button" className="btn small" data-testid="stop-recording" disabled={!recording.active || stop.busy} onClick={() => void stop.run({}).then(() => refresh())}>
            Stop recording
          </button>
          <button type="button" className="btn small" data-testid="open-recording-file" disabled={replay === 'opening'} onClick={() => fileInput.current?.click()} title="Open a recording file (Ctrl+O); or drop one on the window">
            Open file…
          </button>
          <input ref={fileInput} type="file" accept=".jsonl,application/jsonl,application/x-ndjson" hidden data-testid="recording-file" onChange={pick} />
        </div>
        {error && <p className="field-error">{error}</p>}
        {list !== null && list.length === 0 && <p className="hint">No recordings yet. Drop a recording file on the window to open it.</p>}
        {list !== null && list.length > 0 && (
          <ul className="recording-list" aria-label="Recordings on this host" data-testid="recording-list">
            {list.slice(0, LISTED).map((r) => (
              <li key={r.name} data-testid="recording-entry" data-name={r.name}>
                <span className="recording-text">
                  {r.startedAt !== null ? formatClock(r.startedAt) : r.name} · {formatBytes(r.bytes)}
                  {r.active && <span className="muted"> · recording</span>}
                </span>
                <button type="button" className="btn ghost small" data-testid="open-recording" disabled={replay === 'opening'} onClick={() => void openRecording(hostSource(getApi(), r.name))} aria-label={`Open recording ${r.name}`}>
                  Open
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Section>
  );
}
