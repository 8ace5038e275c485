/** Watch a seed running elsewhere (`IP:Port`). */
import { useState, type FormEvent } from 'react';
import { useCommand } from '../hooks/useCommand';
import { Field } from './Field';

const describe = (r: { seed: string; peers: number }): string => `Watching remote seed ${r.seed} (${r.peers} peer${r.peers === 1 ? '' : 's'})`;

/** The "Connect to a remote seed" form. */
export function RemoteSeedControls() {
  const [address, setAddress] = useState('');
  const { run, busy } = useCommand('connectRemoteSeed', 'Connect to remote seed', describe);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void run({ address });
  };

  return (
    <form className="control row bottom" onSubmit={submit}>
      <Field label="Remote seed" value={address} onValue={setAddress} testId="remote-seed" placeholder="IP:Port" className="grow" />
      <button type="submit" className="btn" data-testid="connect-remote" disabled={busy} aria-busy={busy}>
        {busy ? 'Connecting…' : 'Connect'}
      </button>
    </form>
  );
}
