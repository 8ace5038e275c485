/** Hints over the graph when it has nothing to show yet: connecting, or no nodes. */
import { useShallow } from 'zustand/react/shallow';
import { useLabStore, type LabState } from '../store';

const select = (s: LabState) => ({ connection: s.connection, synced: s.synced, empty: s.nodes.size === 0 });

/** A centred hint over the graph (nothing when the graph has nodes or the connection is lost). */
export function StageOverlay() {
  const { connection, synced, empty } = useLabStore(useShallow(select));
  if (connection === 'lost') return null; // ConnectionBanner says it
  if (connection === 'connecting' || !synced) {
    return (
      <div className="stage-hint" role="status">
        Connecting to the host…
      </div>
    );
  }
  if (empty) {
    return (
      <div className="stage-hint">
        <b>No nodes yet.</b>
        <span>Add a seed, then some peers — or connect to a remote seed.</span>
      </div>
    );
  }
  return null;
}
