/** The left-hand controls: network key, seeds, peers, remote seeds, timing and failure detector, Stop all, and the shards. */
import { useCommand } from '../hooks/useCommand';
import { DetectorControls } from './DetectorControls';
import { NetworkKeyControls } from './NetworkKeyControls';
import { PeerControls } from './PeerControls';
import { RemoteSeedControls } from './RemoteSeedControls';
import { SeedControls } from './SeedControls';
import { ShardControls } from './ShardControls';
import { Section } from './Section';
import { TimingControls } from './TimingControls';

const describeStop = (r: { stopped: number }): string => `Stopped ${r.stopped} node${r.stopped === 1 ? '' : 's'}`;

/** Every control that starts or stops nodes or changes how new ones behave. */
export function ControlsPanel() {
  const stopAll = useCommand('stopAll', 'Stop all', describeStop);
  return (
    <>
      <Section title="Network">
        <NetworkKeyControls />
        <SeedControls />
        <PeerControls />
        <RemoteSeedControls />
        <button type="button" className="btn danger wide" data-testid="stop-all" disabled={stopAll.busy} aria-busy={stopAll.busy} onClick={() => void stopAll.run({})}>
          {stopAll.busy ? 'Stopping…' : 'Stop all local nodes'}
        </button>
      </Section>
      <Section title="Timing for new peers">
        <TimingControls />
        <DetectorControls />
      </Section>
      <Section title="Where the nodes run">
        <ShardControls />
      </Section>
    </>
  );
}
