/**
 * The inspector of the selected node: `inspectNode` refreshed every second, with its address,
 * role, origin, life, degree, neighbours (clickable), seeds, messages seen and liveness misses,
 * a peer's failure detector, whom it suspects and who suspects it, and Stop / Kill for local nodes.
 */
import { useReplayStore } from '../recording/replayStore';
import type { NodeDetails, UiNode } from '../../../shared/types';
import { useCommand } from '../hooks/useCommand';
import { useNodeDetails } from '../hooks/useNodeDetails';
import { useLabStore } from '../store';
import { NodeLink } from './NodeLink';
import { Section } from './Section';

const describeStop = (r: { id: string }): string => `Stopped ${r.id}`;
const describeKill = (r: { id: string }): string => `Killed ${r.id} (no goodbye; others detect it by liveness)`;

/** Neighbours with their consecutive missed liveness replies (local peers track these). */
function NeighbourMisses({ d }: { d: NodeDetails }) {
  const rows = d.neighbours.map((nb) => [nb, d.livenessMisses[nb] ?? 0] as const);
  for (const [nb, m] of Object.entries(d.livenessMisses)) if (!d.neighbours.includes(nb)) rows.push([nb, m] as const);
  if (rows.length === 0) return <span className="muted">none</span>;
  return (
    <div className="table-scroll">
      <table className="misses">
        <thead>
          <tr>
            <th>address</th>
            <th className="num">liveness misses</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([nb, m]) => (
            <tr key={nb} className={m > 0 ? 'bad' : ''}>
              <td>
                <NodeLink id={nb} />
              </td>
              <td className="num">{m}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The peers that suspect node `id` now (from the store: the host's suspicion events). */
function SuspectedBy({ id }: { id: string }) {
  const by = useLabStore((s) => s.suspicions.get(id));
  if (by === undefined) return null;
  return (
    <>
      <h3 className="suspected-head">
        Suspected by <span className="count">{by.size}</span>
      </h3>
      <div className="chips" data-testid="inspector-suspected-by">
        {[...by].map((n) => (
          <NodeLink key={n} id={n} />
        ))}
      </div>
    </>
  );
}

/** Lists and numbers that only `inspectNode` knows. */
function DetailsBody({ d }: { d: NodeDetails }) {
  const tracksMisses = d.origin === 'local' && d.role === 'peer';
  return (
    <>
      <dl className="kv">
        <dt>Messages seen</dt>
        <dd>{d.messagesSeen ?? '—'}</dd>
        {d.detector !== null && (
          <>
            <dt>Failure detector</dt>
            <dd data-testid="inspector-detector">{d.detector}</dd>
          </>
        )}
        {d.detector === 'swim' && (
          <>
            <dt>Suspects</dt>
            <dd data-testid="inspector-suspects">{d.suspects.length === 0 ? 'none' : d.suspects.map((n) => <NodeLink key={n} id={n} />)}</dd>
          </>
        )}
      </dl>
      <h3>
        Neighbours <span className="count">{d.neighbours.length}</span>
      </h3>
      {tracksMisses ? (
        <NeighbourMisses d={d} />
      ) : (
        <div className="chips">{d.neighbours.length === 0 ? <span className="muted">none</span> : d.neighbours.map((n) => <NodeLink key={n} id={n} />)}</div>
      )}
      <h3>
        {d.role === 'seed' ? 'Peers listed' : 'Seeds'} <span className="count">{d.seeds.length}</span>
      </h3>
      <div className="chips">{d.seeds.length === 0 ? <span className="muted">none</span> : d.seeds.map((n) => <NodeLink key={n} id={n} />)}</div>
    </>
  );
}

/** Stop and Kill buttons of a local node. */
function NodeActions({ id, up }: { id: string; up: boolean }) {
  const stop = useCommand('stopNode', 'Stop node', describeStop);
  const kill = useCommand('killNode', 'Kill node', describeKill);
  const why = up ? undefined : 'this node is not running';
  return (
    <div className="row">
      <button type="button" className="btn" data-testid="inspector-stop" disabled={stop.busy || !up} onClick={() => void stop.run({ id })} title={why ?? 'Graceful: says goodbye to neighbours and seeds'}>
        {stop.busy ? 'Stopping…' : 'Stop'}
      </button>
      <button type="button" className="btn danger" data-testid="inspector-kill" disabled={kill.busy || !up} onClick={() => void kill.run({ id })} title={why ?? 'Crash: sockets destroyed, no goodbye'}>
        {kill.busy ? 'Killing…' : 'Kill'}
      </button>
    </div>
  );
}

/** The inspector panel; renders a hint when no node is selected. */
export function Inspector() {
  const selected = useLabStore((s) => s.selectedNode);
  const node: UiNode | undefined = useLabStore((s) => (s.selectedNode === null ? undefined : s.nodes.get(s.selectedNode)));
  const { details, error } = useNodeDetails(selected);
  const replaying = useReplayStore((s) => s.status === 'open');
  const close = (): void => useLabStore.getState().selectNode(null);

  if (selected === null) {
    return (
      <Section title="Inspector" className="inspector empty">
        <p className="muted">Click a node (or search an address) to inspect it.</p>
      </Section>
    );
  }
  const view = details ?? node;
  const closeBtn = (
    <button type="button" className="icon-btn" aria-label="close inspector" onClick={close}>
      ×
    </button>
  );
  return (
    <Section title="Inspector" className="inspector" testId="inspector" actions={closeBtn}>
      <div className="inspector-id" data-testid="inspector-id">
        {selected}
      </div>
      {view !== undefined && (
        <div className="badges">
          <span className={`badge role-${view.role}`} data-testid="inspector-role">
            {view.role}
          </span>
          <span className={`badge origin-${view.origin}`}>{view.origin}</span>
          <span className={`badge life-${view.life}`}>{view.life}</span>
          <span className="badge">
            degree <b data-testid="inspector-degree">{view.degree}</b>
          </span>
        </div>
      )}
      {view?.origin === 'local' && !replaying && <NodeActions id={selected} up={view.life === 'up'} />}
      {replaying && <p className="muted small">Replay — the node as the recording shows it at the cursor.</p>}
      {view?.origin === 'remote' && <p className="muted small">Remote node — seen through a remote seed; it cannot be stopped from here.</p>}
      <SuspectedBy id={selected} />
      {error !== null && <p className="error-text">{error}</p>}
      {details !== null ? <DetailsBody d={details} /> : error === null && <p className="muted">loading…</p>}
    </Section>
  );
}
