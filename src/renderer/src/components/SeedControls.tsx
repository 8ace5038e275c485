/** Start a local seed: host and port (0 = any free port). */
import { useState, type FormEvent } from 'react';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';
import { parseNumber } from '../util/parse';
import { Field } from './Field';

const describe = (r: { id: string }): string => `Seed started at ${r.id}`;

/** The "Add seed" form. */
export function SeedControls() {
  const [host, setHost] = useState('127.0.0.1');
  const [port, setPort] = useState('0');
  const { run, busy } = useCommand('addSeed', 'Add seed', describe);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const p = parseNumber(port, 'port');
    if (!p.ok) {
      useLabStore.getState().addNotice('error', `Add seed: ${p.error} (0 = any free port)`);
      return;
    }
    void run({ host: host.trim(), port: p.value });
  };

  return (
    <form className="control row bottom" onSubmit={submit}>
      <Field label="Seed host" value={host} onValue={setHost} testId="seed-host" className="grow" />
      <Field label="Port" value={port} onValue={setPort} testId="seed-port" inputMode="numeric" className="port" title="0 = any free port" />
      <button type="submit" className="btn primary" data-testid="add-seed" disabled={busy} aria-busy={busy}>
        {busy ? 'Starting…' : 'Add seed'}
      </button>
    </form>
  );
}
