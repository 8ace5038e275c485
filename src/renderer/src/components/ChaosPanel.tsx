/**
 * The chaos panel: inject faults into the running network. Loss %, delay ± jitter on the targets
 * (nodes or one link, see ChaosTargets) or everywhere; pause or kill the target nodes; presets
 * (10 % loss everywhere, 200 ± 100 ms jitter everywhere, a partition in two halves, clear all).
 * The host owns the rules in force; what it says is in force is shown in words below.
 */
import { useState, type FormEvent } from 'react';
import type { CommandReply, FaultChange, FaultState } from '../../../shared/types';
import { describeFaults } from '../chaos/describe';
import { readFault, readPause, type FaultFields } from '../chaos/form';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';
import { ChaosTargets } from './ChaosTargets';
import { Field } from './Field';
import { Section } from './Section';

/** The presets, each one `setFaults` change. */
const PRESETS: ReadonlyArray<{ testId: string; label: string; title: string; change: FaultChange }> = [
  { testId: 'preset-loss', label: '10 % loss everywhere', title: 'every frame of the network is lost with probability 0.1', change: { scope: 'network', fault: { loss: 0.1 } } },
  { testId: 'preset-jitter', label: '200 ± 100 ms jitter everywhere', title: 'every frame is delayed 100–300 ms', change: { scope: 'network', fault: { delayMs: 200, jitterMs: 100 } } },
  { testId: 'preset-partition', label: 'Partition in two halves', title: 'the running local seeds and peers split in two groups that cannot reach each other', change: { scope: 'partition', groups: 'halves' } },
  { testId: 'preset-clear', label: 'Clear all faults', title: 'no loss, no delay, no partition', change: { scope: 'clear' } },
];

const describeChange = (f: FaultState): string => `Faults: ${describeFaults(f).join(' · ') || 'none'}`;
const describeKill = (r: { id: string }): string => `Killed ${r.id}`;

/** The chaos panel (`data-testid="chaos"`). */
export function ChaosPanel() {
  const faults = useLabStore((s) => s.faults);
  const [fields, setFields] = useState<FaultFields>({ loss: '10', delay: '0', jitter: '0' });
  const [errors, setErrors] = useState<Partial<Record<keyof FaultFields | 'pause', string>>>({});
  const [pause, setPause] = useState('5');
  const [hostError, setHostError] = useState<string | null>(null);
  const setFaults = useCommand('setFaults', 'Faults', describeChange);
  const pauseNodes = useCommand('pauseNodes', 'Pause');
  const kill = useCommand('killNode', 'Kill', describeKill);
  const busy = setFaults.busy || pauseNodes.busy || kill.busy;

  const shown = (reply: CommandReply<'setFaults' | 'pauseNodes' | 'killNode'>): void => setHostError(reply.ok ? null : reply.error);
  const change = (c: FaultChange): void => void setFaults.run(c).then(shown);

  const apply = (where: 'targets' | 'everywhere') => (e?: FormEvent) => {
    e?.preventDefault();
    const read = readFault(fields);
    setErrors(read.ok ? {} : read.errors);
    if (!read.ok) return;
    const { targets } = useLabStore.getState();
    if (where === 'everywhere') change({ scope: 'network', fault: read.fault });
    else if (targets.link !== null) change({ scope: 'link', a: targets.link.a, b: targets.link.b, fault: read.fault });
    else if (targets.nodes.length > 0) change({ scope: 'nodes', ids: targets.nodes, fault: read.fault });
  };

  const pauseTargets = (): void => {
    const read = readPause(pause);
    setErrors(read.ok ? {} : { pause: read.error });
    if (read.ok) void pauseNodes.run({ ids: useLabStore.getState().targets.nodes, seconds: read.seconds }).then(shown);
  };
  const killTargets = async (): Promise<void> => {
    for (const id of useLabStore.getState().targets.nodes) {
      const reply = await kill.run({ id });
      shown(reply);
      if (!reply.ok) return;
    }
  };

  const targets = useLabStore((s) => s.targets);
  const nodeTargets = targets.nodes.length > 0;
  const anyTarget = nodeTargets || targets.link !== null;
  const active = describeFaults(faults);
  return (
    <Section title="Chaos" className="chaos" testId="chaos">
      <ChaosTargets />
      <form className="control" onSubmit={apply('targets')}>
        <div className="grid3">
          <Field label="Loss" unit="%" value={fields.loss} onValue={(loss) => setFields((f) => ({ ...f, loss }))} testId="chaos-loss" inputMode="decimal" error={errors.loss} />
          <Field label="Delay" unit="ms" value={fields.delay} onValue={(delay) => setFields((f) => ({ ...f, delay }))} testId="chaos-delay" inputMode="numeric" error={errors.delay} />
          <Field label="Jitter ±" unit="ms" value={fields.jitter} onValue={(jitter) => setFields((f) => ({ ...f, jitter }))} testId="chaos-jitter" inputMode="numeric" error={errors.jitter} />
        </div>
        <div className="row wrap">
          <button type="submit" className="btn" data-testid="chaos-apply-targets" disabled={busy || !anyTarget} title={anyTarget ? 'loss and delay on the targets' : 'pick targets first'}>
            Apply to targets
          </button>
          <button type="button" className="btn" data-testid="chaos-apply-everywhere" disabled={busy} onClick={() => apply('everywhere')()}>
            Apply everywhere
          </button>
        </div>
      </form>
      <div className="row bottom wrap">
        <Field label="Pause for" unit="s" value={pause} onValue={setPause} testId="chaos-pause-seconds" inputMode="decimal" className="port" error={errors.pause} />
        <button type="button" className="btn" data-testid="chaos-pause" disabled={busy || !nodeTargets} onClick={pauseTargets} title="the target nodes stop reading, sending and running timers, as in a long GC pause">
          Pause targets
        </button>
        <button type="button" className="btn danger" data-testid="chaos-kill" disabled={busy || !nodeTargets} onClick={() => void killTargets()} title="crash the target nodes: no goodbye">
          Kill targets
        </button>
      </div>
      <h3>Presets</h3>
      <div className="presets">
        {PRESETS.map((p) => (
          <button type="button" key={p.testId} className={`btn small${p.change.scope === 'clear' ? ' ghost' : ''}`} data-testid={p.testId} title={p.title} disabled={busy} onClick={() => change(p.change)}>
            {p.label}
          </button>
        ))}
      </div>
      {hostError !== null && (
        <p className="error-text small" data-testid="chaos-error" role="alert">
          {hostError}
        </p>
      )}
      <p className="hint" data-testid="chaos-active">
        In force: {active.length > 0 ? active.join(' · ') : 'no faults'}
      </p>
    </Section>
  );
}
