/**
 * Watch a seed running elsewhere (`IP:Port`), and the remote seeds watched, each with its status
 * and a Disconnect. A connection that fails is explained under the field, in the host's words.
 */
import { useState, type FormEvent } from 'react';
import type { RemoteSeedState } from '../../../shared/types';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';
import { Field } from './Field';

const describe = (r: { seed: string; peers: number }): string => `Watching remote seed ${r.seed} (${r.peers} peer${r.peers === 1 ? '' : 's'})`;

/** The "Connect to a remote seed" form and the list of remote seeds watched. */
export function RemoteSeedControls() {
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const { run, busy } = useCommand('connectRemoteSeed', 'Connect to remote seed', describe, false);
  const seeds = useLabStore((s) => s.remoteSeeds);

  const edit = (value: string): void => {
    setAddress(value);
    setError(undefined);
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (address.trim() === '') {
      setError('enter the address of a seed as IP:Port (e.g. 10.0.0.5:6000)');
      return;
    }
    setError(undefined);
    void run({ address }).then((reply) => {
      if (reply.ok) setAddress('');
      else setError(reply.error);
    });
  };

  return (
    <div className="control">
      <form className="row bottom" onSubmit={submit}>
        <Field label="Remote seed" value={address} onValue={edit} testId="remote-seed" placeholder="IP:Port" className="grow" error={error} />
        <button type="submit" className="btn" data-testid="connect-remote" disabled={busy} aria-busy={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </form>
      {seeds.length > 0 && (
        <ul className="remote-seeds" aria-label="Remote seeds watched" data-testid="remote-seeds">
          {seeds.map((s) => (
            <RemoteSeedEntry key={s.id} seed={s} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** One watched remote seed: its address, whether it answers (and why not), and Disconnect. */
function RemoteSeedEntry({ seed }: { seed: RemoteSeedState }) {
  const { run, busy } = useCommand('disconnectRemoteSeed', `Disconnect ${seed.id}`);
  return (
    <li className={`remote-seed ${seed.answering ? 'ok' : 'failing'}`} data-testid="remote-seed-entry" data-seed={seed.id}>
      <span className="remote-seed-text">
        <code>{seed.id}</code>{' '}
        <span className="remote-seed-status" data-testid="remote-seed-status" role="status">
          {seed.answering ? 'answers' : (seed.error ?? 'does not answer')}
        </span>
      </span>
      <button type="button" className="btn ghost small" data-testid="disconnect-remote" disabled={busy} onClick={() => void run({ address: seed.id })}>
        Disconnect
      </button>
    </li>
  );
}
