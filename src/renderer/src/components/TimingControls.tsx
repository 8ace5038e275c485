/**
 * The protocol timing for peers started from now on. Fields show the host's timing until the
 * user edits them; Apply sends every field (`setTiming`), and the host's reply becomes the new value.
 */
import { useState, type FormEvent } from 'react';
import type { PeerTiming } from '../../../shared/types';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';
import { parseNumber } from '../util/parse';
import { Field } from './Field';

type Key = keyof PeerTiming;

/** The fields, in display order, with their labels, units and test ids. */
const FIELDS: ReadonlyArray<{ key: Key; label: string; unit?: string; testId: string; what: string }> = [
  { key: 'neighbours', label: 'Neighbours (m)', testId: 'timing-neighbours', what: 'neighbours (m)' },
  { key: 'gossipIntervalMs', label: 'Gossip interval', unit: 'ms', testId: 'timing-gossip-interval', what: 'gossip interval' },
  { key: 'gossipCount', label: 'Gossip count', testId: 'timing-gossip-count', what: 'gossip count' },
  { key: 'livenessIntervalMs', label: 'Liveness interval', unit: 'ms', testId: 'timing-liveness-interval', what: 'liveness interval' },
  { key: 'livenessMisses', label: 'Liveness misses', testId: 'timing-liveness-misses', what: 'liveness misses' },
];

const describe = (t: PeerTiming): string =>
  `New peers: m = ${t.neighbours}, gossip every ${t.gossipIntervalMs} ms × ${t.gossipCount}, liveness every ${t.livenessIntervalMs} ms, ${t.livenessMisses} misses`;

/** The timing form with its Apply button. */
export function TimingControls() {
  const timing = useLabStore((s) => s.timing);
  const [edited, setEdited] = useState<Partial<Record<Key, string>>>({});
  const [seenTiming, setSeenTiming] = useState(timing);
  const { run, busy } = useCommand('setTiming', 'Apply timing', describe);

  // When the host's timing changes (after an Apply, or from elsewhere), show it.
  if (timing !== seenTiming) {
    setSeenTiming(timing);
    setEdited({});
  }

  const shown = (k: Key): string => edited[k] ?? (timing === null ? '' : String(timing[k]));

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const args: Partial<PeerTiming> = {};
    const errors: string[] = [];
    for (const f of FIELDS) {
      const p = parseNumber(shown(f.key), f.what);
      if (p.ok) args[f.key] = p.value;
      else errors.push(p.error);
    }
    if (errors.length > 0) {
      useLabStore.getState().addNotice('error', `Apply timing: ${errors.join('; ')}`);
      return;
    }
    void run(args).then((reply) => {
      // Show what the host accepted until its `timing` event arrives (either may come first).
      if (reply.ok) setEdited(Object.fromEntries(FIELDS.map((f) => [f.key, String(reply.result[f.key])])));
    });
  };

  const dirty = FIELDS.some((f) => edited[f.key] !== undefined && (timing === null || edited[f.key] !== String(timing[f.key])));
  return (
    <form className="control" onSubmit={submit}>
      <div className="grid2">
        {FIELDS.map((f) => (
          <Field
            key={f.key}
            label={f.label}
            unit={f.unit}
            value={shown(f.key)}
            onValue={(v) => setEdited((old) => ({ ...old, [f.key]: v }))}
            testId={f.testId}
            inputMode="numeric"
          />
        ))}
      </div>
      <div className="row">
        <button type="submit" className="btn" data-testid="apply-timing" disabled={busy} aria-busy={busy}>
          {busy ? 'Applying…' : 'Apply'}
        </button>
        {dirty && (
          <button type="button" className="btn ghost" onClick={() => setEdited({})}>
            Reset
          </button>
        )}
        <span className="hint">{dirty ? 'edited — not applied yet' : 'applies to peers started next'}</span>
      </div>
    </form>
  );
}
