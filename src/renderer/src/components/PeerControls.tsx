/** Start N local peers. */
import { useState, type FormEvent } from 'react';
import type { CommandResults } from '../../../shared/types';
import { MAX_PEERS_PER_COMMAND } from '../../../shared/types';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';
import { parseNumber } from '../util/parse';
import { Field } from './Field';
import { TaskProgress } from './TaskProgress';

/** Most peers one command may start. */
const MAX_PEERS = MAX_PEERS_PER_COMMAND;

const describe = (r: CommandResults['addPeers']): string =>
  `Started ${r.ids.length} peer${r.ids.length === 1 ? '' : 's'}${r.failed > 0 ? `, ${r.failed} failed` : ''}` +
  (r.canceled ? `; canceled, ${r.notStarted ?? 0} not started (the ${r.ids.length} started keep running)` : '');

/** The "Add peers" form. */
export function PeerControls() {
  const [count, setCount] = useState('10');
  const { run, busy } = useCommand('addPeers', 'Add peers', describe);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const n = parseNumber(count, 'peer count');
    if (!n.ok) {
      useLabStore.getState().addNotice('error', `Add peers: ${n.error}`);
      return;
    }
    void run({ count: n.value });
  };

  return (
    <>
      <form className="control row bottom" onSubmit={submit}>
        <Field label={`Peers (1–${MAX_PEERS})`} value={count} onValue={setCount} testId="peer-count" type="number" min={1} max={MAX_PEERS} className="grow" />
        <button type="submit" className="btn primary" data-testid="add-peers" disabled={busy} aria-busy={busy}>
          {busy ? 'Adding…' : 'Add peers'}
        </button>
      </form>
      <TaskProgress task="addPeers" />
    </>
  );
}
