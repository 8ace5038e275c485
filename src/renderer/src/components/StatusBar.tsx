/** The status line: node, link and message counts, transport and connection state. */
import { useShallow } from 'zustand/react/shallow';
import { getApi } from '../api';
import { OVERLOADED_DELAY_MS } from '../../../shared/types';
import { describeFaults } from '../chaos/describe';
import { useLabStore, type LabState } from '../store';
import { TaskStatus } from './TaskProgress';

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
  return { seeds, localPeers, remotePeers, down, links: s.links.size, messages: Math.max(s.messageTotal, s.messages.size), connection: s.connection, synced: s.synced };
};

const CONNECTION_TEXT: Record<LabState['connection'], string> = {
  open: 'connected',
  connecting: 'connecting…',
  lost: 'connection lost — retrying',
};

/** `120 ms` / `1.2 s`. */
function ms(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`;
}

/**
 * How busy the host (the session that merges the nodes' events and serves this page) is. Past
 * {@link OVERLOADED_DELAY_MS} of event-loop delay it warns: what the graph shows is that late
 * (`data-testid="host-load"`). With the nodes in the host's own process this is also how late
 * they run.
 */
function LoadIndicator() {
  const load = useLabStore((s) => s.load);
  if (load === null) return null;
  const busy = Math.round(load.utilization * 100);
  if (load.loopDelayP99Ms < OVERLOADED_DELAY_MS) {
    return (
      <span data-testid="host-load" title="share of the time the host thread (which merges the nodes' events) was busy over the last second">
        host <b>{busy}%</b> busy
      </span>
    );
  }
  return (
    <span
      className="warn"
      data-testid="host-load"
      title="The host thread cannot keep up with the nodes' events: the graph is late. Lower the gossip rate or the number of peers."
    >
      host overloaded: <b>{busy}%</b> busy, events up to <b>{ms(load.loopDelayP99Ms)}</b> late — lower the gossip rate or the peer count
    </span>
  );
}

/**
 * Where the nodes run and how late the network runs (`data-testid="network-load"`): in the host
 * process, or in N shards at a lower priority — when the nodes need more CPU than the machine has,
 * they run late (shown here) while the app stays responsive. Crashed shards are counted.
 */
function NetworkIndicator() {
  const runtime = useLabStore((s) => s.runtime);
  const late = useLabStore((s) => s.load?.networkLateMs ?? null);
  if (runtime === null || runtime.active === null) return null;
  const where = runtime.active === 0 ? 'nodes in the host process' : `${runtime.running}/${runtime.active} shards`;
  const crashed = runtime.crashed > 0 ? `, ${runtime.crashed} crashed` : '';
  const overloaded = late !== null && late >= OVERLOADED_DELAY_MS;
  return (
    <span
      className={overloaded || runtime.crashed > 0 ? 'warn' : undefined}
      data-testid="network-load"
      title={
        runtime.active === 0
          ? 'The nodes share the host thread: how late they run is its event-loop delay.'
          : 'The nodes run in shard processes at a lower priority than the app: when they need more CPU than the machine has, the network runs late, not the app. Late = the worst shard event-loop delay or the age of the events merged (p99).'
      }
    >
      {where}
      {crashed}
      {late !== null && (
        <>
          {' · network '}
          {overloaded ? (
            <>
              runs <b>{ms(late)}</b> late
            </>
          ) : (
            <>
              <b>{ms(late)}</b> late
            </>
          )}
        </>
      )}
    </span>
  );
}

/** The injected faults in force, in words (`data-testid="faults-status"`): `10 % loss · partition 2 groups`, or `no faults`. */
function FaultIndicator() {
  const faults = useLabStore((s) => s.faults);
  const suspected = useLabStore((s) => s.suspicions.size);
  const parts = describeFaults(faults);
  return (
    <>
      <span className={parts.length > 0 ? 'warn' : 'muted'} data-testid="faults-status" title="faults injected by the chaos panel">
        {parts.length > 0 ? parts.join(' · ') : 'no faults'}
      </span>
      {suspected > 0 && (
        <span className="suspect-count" data-testid="suspected-status">
          <b>{suspected}</b> suspected
        </span>
      )}
    </>
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
      <FaultIndicator />
      <LoadIndicator />
      <NetworkIndicator />
      <TaskStatus />
      <span className="spacer" />
      <span className={`conn conn-${c.connection}`}>
        <i className="dot" aria-hidden="true" />
        {transport} · {CONNECTION_TEXT[c.connection]}
        {c.connection === 'open' && !c.synced && ' · loading state…'}
      </span>
    </footer>
  );
}
