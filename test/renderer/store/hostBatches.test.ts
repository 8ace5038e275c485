/**
 * The store fed by a real host: a LabSession running real seed and peer nodes on loopback, its
 * event batches applied to the store as the page applies them. After peers join and gossip, one
 * is killed (up → down → dead → removed), another stops (removed at once) and the network key is
 * set, the store shows exactly what a fresh snapshot of the host says — so the reducers and the
 * host's batches agree.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LabSession } from '../../../src/host/session';
import { useLabStore } from '../../../src/renderer/src/store';
import type { LabState } from '../../../src/renderer/src/store';
import { fromSnapshot } from '../../../src/renderer/src/store/reduce';
import type { CommandName, CommandReply, NodeLife, UiEvent } from '../../../src/shared/types';
import { waitFor } from '../../helpers/waitFor';

let session: LabSession | null = null;

afterEach(async () => {
  await session?.close();
  session = null;
});

/** Runs a command and returns its result, failing the test on an error reply. */
async function run<C extends CommandName>(s: LabSession, name: C, args: unknown): Promise<Extract<CommandReply<C>, { ok: true }>['result']> {
  const reply = await s.execute(name, args);
  if (!reply.ok) throw new Error(`${name}: ${reply.error}`);
  return reply.result as Extract<CommandReply<C>, { ok: true }>['result'];
}

/** What the store shows, comparable with another state. */
function shown(s: Partial<LabState>): unknown {
  return {
    nodes: [...(s.nodes ?? new Map()).values()].sort((x, y) => x.id.localeCompare(y.id)),
    links: [...(s.links ?? new Map()).keys()].sort(),
    messages: [...(s.messages ?? new Map()).values()].map((m) => [m.id, m.reached]).sort(),
    messageOrder: s.messageOrder,
    report: s.report,
    networkKey: s.networkKey,
    timing: s.timing,
  };
}

describe('the store fed by a live host', () => {
  it('ends up showing what the host’s snapshot says, through joins, gossip, a kill, a stop and the network key', async () => {
    const s = new LabSession({ batchIntervalMs: 20, degreesIntervalMs: 20, loadIntervalMs: 3_600_000 });
    session = s;
    useLabStore.setState(useLabStore.getInitialState(), true);
    /** Each node's life stages, in the order the batches showed them. */
    const lives = new Map<string, NodeLife[]>();
    const removed = new Set<string>();
    s.onBatch((batch: readonly UiEvent[]) => {
      for (const e of batch) {
        if (e.kind === 'node') {
          const seen = lives.get(e.node.id) ?? [];
          if (seen.at(-1) !== e.node.life) lives.set(e.node.id, [...seen, e.node.life]);
        } else if (e.kind === 'node-removed') removed.add(e.id);
      }
      useLabStore.getState().applyEvents(batch);
    });
    useLabStore.getState().applySnapshot(s.snapshot());

    await run(s, 'setTiming', { gossipIntervalMs: 200, gossipCount: 2, livenessIntervalMs: 200, livenessMisses: 2, neighbours: 2 });
    await run(s, 'addSeed', {});
    const { ids } = await run(s, 'addPeers', { count: 6 });
    expect(ids).toHaveLength(6);
    // every peer's two messages, with the host's count of peers that have each
    const sameReached = (): boolean => {
      const host = s.snapshot().messages;
      const store = useLabStore.getState().messages;
      return host.length === 12 && host.every((m) => store.get(m.id)?.reached === m.reached);
    };
    await waitFor(sameReached, { what: 'the gossip and its counts', timeoutMs: 20_000 });
    expect([...useLabStore.getState().messages.values()].some((m) => m.reached > 1)).toBe(true);

    // the best-connected peer crashes: its neighbours miss its liveness replies and report it dead
    const byDegree = ids.map((id) => useLabStore.getState().nodes.get(id)!).sort((x, y) => y.degree - x.degree);
    const victim = byDegree[0]!.id;
    await run(s, 'killNode', { id: victim });
    await waitFor(() => removed.has(victim), { what: `${victim} to be removed`, timeoutMs: 20_000 });
    expect(lives.get(victim)).toEqual(['up', 'down', 'dead']);
    expect(useLabStore.getState().nodes.has(victim)).toBe(false);
    // another stops gracefully: removed at once, never down or dead
    const stopped = byDegree.at(-1)!.id;
    await run(s, 'stopNode', { id: stopped });
    await waitFor(() => removed.has(stopped), { what: `${stopped} to be removed`, timeoutMs: 20_000 });
    expect(lives.get(stopped)).toEqual(['up']);
    expect(useLabStore.getState().nodes.has(stopped)).toBe(false);
    expect([...useLabStore.getState().links.keys()].some((k) => k.split(' ').some((end) => end === victim || end === stopped))).toBe(false);

    await run(s, 'setNetworkKey', { keyText: 'a network key for this test' });
    await waitFor(() => useLabStore.getState().networkKey, { what: 'network key on' });

    // quiet now: the store and a fresh snapshot agree
    await waitFor(() => JSON.stringify(shown(useLabStore.getState())) === JSON.stringify(shown(fromSnapshot(s.snapshot(), { selectedNode: null }))), {
      what: 'the store to match the snapshot',
      timeoutMs: 10_000,
    });
    const st = useLabStore.getState();
    expect(st.nodes.size).toBe(5); // the seed and four peers
    expect(st.report.degrees).toHaveLength(4);
    expect(st.report.histogram.reduce((n, b) => n + b.count, 0)).toBe(4);
  }, 60_000);
});
