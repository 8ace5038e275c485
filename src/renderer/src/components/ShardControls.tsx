/**
 * Where the nodes run: the shards setting (`setShards`). 0 runs them in the host's own process;
 * 1 … N in that many shard processes, at a lower priority than the app. It applies when no node
 * runs: at once when the network is empty, else to the next network (after Stop all).
 */
import { useState, type FormEvent } from 'react';
import { MAX_SHARDS, type RuntimeInfo } from '../../../shared/types';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';
import { parseNumber } from '../util/parse';
import { Field } from './Field';

const describe = (r: RuntimeInfo): string =>
  r.active !== null && r.active !== r.shards
    ? `Shards: ${r.shards} from the next network (stop all local nodes to apply)`
    : `Shards: ${r.shards === 0 ? 'nodes run in the host process' : r.shards}`;

/** The hint under the field: what runs where now. */
function hint(r: RuntimeInfo | null): string {
  if (r === null) return '';
  const now = r.active === null ? 'no network yet' : r.active === 0 ? 'now: in the host process' : `now: ${r.running} of ${r.active} shards running`;
  const next = r.active !== null && r.active !== r.shards ? ` · next network: ${r.shards === 0 ? 'in process' : r.shards}` : '';
  return `0 = in the host process; default ${r.defaultShards} (CPUs) · ${now}${next}`;
}

/** The shards form with its Apply button. */
export function ShardControls() {
  const runtime = useLabStore((s) => s.runtime);
  const [edited, setEdited] = useState<string | null>(null);
  const { run, busy } = useCommand('setShards', 'Shards', describe);
  const shown = edited ?? (runtime === null ? '' : String(runtime.shards));

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const n = parseNumber(shown, 'shards');
    if (!n.ok) {
      useLabStore.getState().addNotice('error', `Shards: ${n.error}`);
      return;
    }
    void run({ shards: n.value }).then((reply) => {
      if (reply.ok) setEdited(null);
    });
  };

  return (
    <form className="control" onSubmit={submit}>
      <div className="row bottom">
        <Field label={`Shards (0–${MAX_SHARDS})`} value={shown} onValue={setEdited} testId="shards" type="number" min={0} max={MAX_SHARDS} className="grow" />
        <button type="submit" className="btn" data-testid="apply-shards" disabled={busy} aria-busy={busy}>
          {busy ? 'Applying…' : 'Apply'}
        </button>
      </div>
      <span className="hint" data-testid="shards-hint">
        {hint(runtime)}
      </span>
    </form>
  );
}
