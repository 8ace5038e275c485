/** The status line: node, link and message counts, transport and connection state. */
import { useShallow } from 'zustand/react/shallow';
import { getApi } from '../api';
import { OVERLOADED_DELAY_MS } from '../../../shared/contract';
import { useLabStore, type LabState } from '../store';

/** Counts shown in the status line. */
interface Counts {
  seeds: number;
  localPeers: number;
  remotePeers: number;
  down: number;
  links: number;
  messages: number;
  connection: LabState['connection'];
  synced: boolean;
}

const selectCounts = (s: LabState): Counts => {
  let seeds = 0;
  let localPeers = 0;
  let remotePeers = 0;
  let down = 0;
  for (const n of s.nodes.values()) {
    if (n.role === 'seed') seeds++;
    else if (n.origin === 'local') localPeers++;
    else remotePeers++;
    if (n.life !== 'up') down++;
  }
  return { seeds, localPeers, remotePeers, down, links: s.links.size, messages: s.messages.size, connection: s.connection, synced: s.synced };
};

const CONNECTION_TEXT: Record<LabState['connection'], string> = {
  open: 'connected',
  connecting: 'connecting…',
  lost: 'connection lost — retrying',
};

/**
 * How busy the host thread that runs the nodes is. Past {@link OVERLOADED_DELAY_MS} of event-loop
 * delay it warns: the network makes more frames than one thread can handle, so what the graph
 * shows is that late (`data-testid="host-load"`).
 */
function LoadIndicator() {
  const load = useLabStore((s) => s.load);
  if (load === null) return null;
  const busy = Math.round(load.utilization * 100);
  if (load.loopDelayP99Ms < OVERLOADED_DELAY_MS) {
    return (
      <span data-testid="host-load" title="share of the time the host thread that runs the nodes was busy over the last second">
        host <b>{busy}%</b> busy
      </span>
    );
  }
  const late = load.loopDelayP99Ms >= 1000 ? `${(load.loopDelayP99Ms / 1000).toFixed(1)} s` : `${load.loopDelayP99Ms} ms`;
  return (
    <span
      className="warn"
      data-testid="host-load"
      title="The nodes make more frames than the host thread can handle: events reach the graph late. Lower the gossip rate or the number of peers."
    >
      host overloaded: <b>{busy}%</b> busy, events up to <b>{late}</b> late — lower the gossip rate or the peer count
    </span>
  );
}

/** The status line at the bottom of the window (`data-testid="status"`). */
export function StatusBar() {
  const c = useLabStore(useShallow(selectCounts));
  const transport = getApi().transport;
  return (
    <footer className="status" data-testid="status">
      <span>
        <b>{c.seeds}</b> seed{c.seeds === 1 ? '' : 's'}
      </span>
      <span>
        <b>{c.localPeers + c.remotePeers}</b> peers ({c.localPeers} local, {c.remotePeers} remote)
      </span>
      {c.down > 0 && (
        <span className="warn">
          <b>{c.down}</b> down/dead
        </span>
      )}
      <span>
        <b>{c.links}</b> links
      </span>
      <span>
        <b>{c.messages}</b> messages
      </span>
      <LoadIndicator />
      <span className="spacer" />
      <span className={`conn conn-${c.connection}`}>
        <i className="dot" aria-hidden="true" />
        {transport} · {CONNECTION_TEXT[c.connection]}
        {c.connection === 'open' && !c.synced && ' · loading state…'}
      </span>
    </footer>
  );
}
