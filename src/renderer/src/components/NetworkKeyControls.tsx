/**
 * The network key for nodes started from here and for remote seeds: off (the open network) by
 * default; with a key every connection is authenticated and encrypted (TLS-PSK), and nodes
 * without the same key are refused. The key is sent to the host once and never shown again: the
 * field empties, and the page only knows "on" or "off".
 */
import { useState, type FormEvent } from 'react';
import { MIN_NETWORK_KEY_CHARS } from '../../../shared/types';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';
import { Field } from './Field';

/** Least key text the host accepts. */
const MIN_KEY_CHARS = MIN_NETWORK_KEY_CHARS;

const describe = (r: { on: boolean }): string => (r.on ? 'Network key set' : 'Network key cleared');

/** The "Network key" form: set or clear, and whether one is on. */
export function NetworkKeyControls() {
  const on = useLabStore((s) => s.networkKey);
  const [keyText, setKeyText] = useState('');
  const { run, busy } = useCommand('setNetworkKey', 'Network key', describe);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (keyText.trim().length < MIN_KEY_CHARS) {
      useLabStore.getState().addNotice('error', `Network key: enter at least ${MIN_KEY_CHARS} characters (the text of the network's key file)`);
      return;
    }
    void run({ keyText }).then((reply) => {
      if (reply.ok) setKeyText('');
    });
  };

  return (
    <form className="control" onSubmit={submit}>
      <div className="row bottom">
        <Field
          label="Network key"
          value={keyText}
          onValue={setKeyText}
          testId="network-key"
          type="password"
          placeholder={on ? 'set — type a new key to replace it' : 'off — the open network'}
          className="grow"
          title="The text of the network's key file (--network-key-file), at least 16 characters"
        />
        <button type="submit" className="btn" data-testid="set-network-key" disabled={busy} aria-busy={busy}>
          Set key
        </button>
        {on && (
          <button type="button" className="btn ghost" data-testid="clear-network-key" disabled={busy} onClick={() => void run({ keyText: null })}>
            Clear
          </button>
        )}
      </div>
      <span className="hint" data-testid="network-key-state">
        network key: {on ? 'on — new seeds, peers and remote seeds use TLS with it' : 'off'}
      </span>
    </form>
  );
}
