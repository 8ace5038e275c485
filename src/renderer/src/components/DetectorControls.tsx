/**
 * The failure detector of peers started from now on (`setDetector`): `assignment` (a ping every
 * liveness interval, dead after the misses) or `swim` (indirect probes through other neighbours,
 * a suspicion the suspect can refute, Lifeguard's local health). Peers running keep theirs.
 */
import { useState } from 'react';
import type { DetectorKind } from '../../../shared/types';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';

const LABEL: Record<DetectorKind, string> = {
  assignment: 'assignment — dead after missed pings',
  swim: 'swim — indirect probes, suspicion, refutation',
};

const describe = (r: { detector: DetectorKind }): string => `New peers use the ${r.detector} failure detector`;

/** The detector select with its Apply button. */
export function DetectorControls() {
  const detector = useLabStore((s) => s.detector);
  const [edited, setEdited] = useState<DetectorKind | null>(null);
  const { run, busy } = useCommand('setDetector', 'Failure detector', describe);
  const shown = edited ?? detector ?? 'assignment';
  const dirty = edited !== null && edited !== detector;

  return (
    <form
      className="control"
      onSubmit={(e) => {
        e.preventDefault();
        void run({ detector: shown }).then((reply) => {
          if (reply.ok) setEdited(null);
        });
      }}
    >
      <label className="field">
        <span className="field-label">Failure detector</span>
        <span className="row">
          <select className="grow" data-testid="detector" value={shown} onChange={(e) => setEdited(e.target.value as DetectorKind)}>
            {(Object.keys(LABEL) as DetectorKind[]).map((k) => (
              <option key={k} value={k}>
                {LABEL[k]}
              </option>
            ))}
          </select>
          <button type="submit" className="btn" data-testid="apply-detector" disabled={busy || !dirty} aria-busy={busy}>
            {busy ? 'Applying…' : 'Apply'}
          </button>
        </span>
      </label>
      <span className="hint" data-testid="detector-hint">
        {dirty ? 'edited — not applied yet' : `new peers: ${detector ?? '…'}; peers running keep theirs`}
      </span>
    </form>
  );
}
