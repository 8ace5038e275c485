/**
 * The replay timeline, above the graph while a recording is open: play/pause, speed, a slider to
 * scrub (with the marks of kills, dead reports and removals on it), previous/next mark, a list to
 * jump to one, and Back to live. While a recording opens: its progress and Cancel.
 */
import type { ChangeEvent } from 'react';
import { cancelOpening, closeRecording, replay } from '../recording/controller';
import { SPEEDS } from '../recording/player';
import { useReplayStore } from '../recording/replayStore';
import type { Mark } from '../recording/scan';
import { formatClock, formatOffset } from './timeFormat';

/** Slider resolution, ms. */
const STEP_MS = 100;

/** The timeline bar (nothing while the live network is shown). */
export function Timeline() {
  const r = useReplayStore();
  if (r.status === 'idle') return null;
  if (r.status === 'opening') {
    const pct = r.progress && r.progress.total > 0 ? Math.round((100 * r.progress.done) / r.progress.total) : 0;
    return (
      <div className="timeline" data-testid="timeline" role="region" aria-label="Replay">
        <span>Opening {r.name}…</span>
        <progress max={100} value={pct} aria-label="Opening the recording" />
        <span>{pct} %</span>
        <button type="button" className="btn small" onClick={cancelOpening}>
          Cancel
        </button>
      </div>
    );
  }
  if (r.status === 'error') {
    return (
      <div className="timeline error" data-testid="timeline" role="alert">
        <span>
          Cannot open {r.name}: {r.error}
        </span>
        <button type="button" className="btn small" onClick={() => void closeRecording()}>
          Dismiss
        </button>
      </div>
    );
  }
  const duration = Math.max(0, r.end - r.start);
  const offset = r.cursor - r.start;
  const scrub = (e: ChangeEvent<HTMLInputElement>): void => void replay.seek(r.start + Number(e.target.value));
  const jump = (e: ChangeEvent<HTMLSelectElement>): void => {
    const m = r.marks[Number(e.target.value)];
    if (m) void replay.seek(m.t);
  };
  return (
    <div className="timeline" data-testid="timeline" role="region" aria-label="Replay">
      <div className="timeline-head">
        <strong>Replay</strong>
        <span className="muted" title={r.name ?? ''}>
          {r.name} · {formatClock(r.start)} · {endText(r.endReason)}
          {r.malformed > 0 && ` · ${r.malformed} damaged line${r.malformed === 1 ? '' : 's'} skipped`}
          {r.droppedEvents > 0 && ` · ${r.droppedEvents} damaged or unknown event${r.droppedEvents === 1 ? '' : 's'} left out`}
        </span>
        {r.error && <span className="field-error">{r.error}</span>}
        <button type="button" className="btn small primary" data-testid="back-to-live" onClick={() => void closeRecording()}>
          Back to live
        </button>
      </div>
      <div className="timeline-controls">
        <button type="button" className="btn small" aria-label="Previous event" title="Previous event" onClick={() => void replay.step(-1)}>
          <Icon d="M3 2h2v12H3zM14 2v12L6 8z" />
        </button>
        <button type="button" className="btn small" data-testid="replay-play" aria-label={r.playing ? 'Pause' : 'Play'} onClick={replay.toggle}>
          {r.playing ? <Icon d="M3 2h4v12H3zM9 2h4v12H9z" /> : <Icon d="M4 2v12l10-6z" />}
        </button>
        <button type="button" className="btn small" aria-label="Next event" title="Next event" onClick={() => void replay.step(1)}>
          <Icon d="M11 2h2v12h-2zM2 2v12l8-6z" />
        </button>
        <div className="timeline-track">
          <input
            type="range"
            min={0}
            max={duration}
            step={STEP_MS}
            value={Math.min(duration, offset)}
            onChange={scrub}
            data-testid="replay-slider"
            aria-label="Replay position"
            aria-valuetext={`${formatOffset(offset)} of ${formatOffset(duration)}`}
          />
          <div className="timeline-marks" aria-hidden="true">
            {r.marks.map((m, i) => (
              <span key={i} className={`timeline-mark ${m.kind}`} style={{ left: `${duration > 0 ? (100 * (m.t - r.start)) / duration : 0}%` }} />
            ))}
          </div>
        </div>
        <span className="timeline-time" data-testid="replay-time">
          {formatOffset(offset)} / {formatOffset(duration)}
        </span>
        <label className="timeline-speed">
          <span className="sr-only">Speed</span>
          <select value={r.speed} onChange={(e) => replay.setSpeed(Number(e.target.value))} aria-label="Speed">
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <select className="timeline-jump" value="" onChange={jump} aria-label="Jump to an event" data-testid="replay-jump" disabled={r.marks.length === 0}>
          <option value="">{r.marks.length === 0 ? 'No failures recorded' : `Jump to… (${r.marks.length}${r.marksDropped > 0 ? '+' : ''})`}</option>
          {r.marks.map((m, i) => (
            <option key={i} value={i}>
              {markText(m, r.start)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function endText(reason: 'stopped' | 'limit' | null): string {
  if (reason === 'stopped') return 'complete';
  if (reason === 'limit') return 'stopped at its size limit';
  return 'no end mark (still being recorded, or cut short)';
}

function markText(m: Mark, start: number): string {
  return `${formatOffset(m.t - start)} ${m.label}`;
}

/** A 16×16 icon from one SVG path (the system's fonts may lack the media-control characters). */
function Icon({ d }: { d: string }) {
  return (
    <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={d} fill="currentColor" />
    </svg>
  );
}
