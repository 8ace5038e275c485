/**
 * Reconnection after a false or temporary death (src/core/peer/reconnect.ts), with real sockets
 * on a manual clock: a partition makes each side declare the other dead; once it is gone the
 * links across come back. A peer paused past the assignment detector's window is declared dead
 * by all its neighbours and gets every link back after it resumes, whatever its id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../../src/core/events';
import { NetworkHost } from '../../../src/core/runtime/network';
import type { PeerNode } from '../../../src/core/peer/peerNode';
import { parseEdgeList } from '../../../src/core/topology/edgeList';
import { ManualClock, settle } from '../../helpers/manualClock';
import { waitFor } from '../../helpers/waitFor';

const T = 1_000;
const K4 = parseEdgeList('0 1\n0 2\n0 3\n1 2\n1 3\n2 3\n', 'K4');

async function run(clock: ManualClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += T / 4) {
    clock.advance(Math.min(T / 4, ms - t));
    await settle();
  }
}

describe('reconnecting to neighbours declared dead', () => {
  let net: NetworkHost | undefined;
  afterEach(async () => {
    await net?.stopAll();
    net = undefined;
  });

  async function build(clock: ManualClock, events: NodeEvent[]): Promise<PeerNode[]> {
    net = new NetworkHost({ randomSeed: 5, clock, faults: true, timing: { gossipCount: 0, livenessIntervalMs: T, livenessMisses: 3 } });
    net.on((e) => events.push(e));
    await net.addSeed();
    const ids = await net.addPeersFromTopology(K4, { autoGossip: false });
    return ids.map((id) => net!.get(id!) as PeerNode);
  }

  it('links the two sides of a partition again once it heals', async () => {
    const clock = new ManualClock();
    const events: NodeEvent[] = [];
    const [a, b, c, d] = await build(clock, events);
    net!.faults!.setRules({ partition: [[a!.id, b!.id], [c!.id, d!.id]] });
    await run(clock, 5 * T);
    await waitFor(() => [a, b, c, d].every((p) => p!.neighbours().length === 1), { what: 'each side to drop the links across the cut' });
    expect(events.filter((e) => e.type === 'dead-node-reported')).toHaveLength(8);

    net!.faults!.clear();
    for (let i = 0; i < 10 && ![a, b, c, d].every((p) => p!.neighbours().length === 3); i++) {
      await run(clock, T);
      await settle();
    }
    await waitFor(() => [a, b, c, d].every((p) => p!.neighbours().length === 3), { what: 'the links across to come back' });
  });

  it('gives a peer paused past its detection window its links back, whatever its id', async () => {
    const clock = new ManualClock();
    const events: NodeEvent[] = [];
    const peers = await build(clock, events);
    // the peer with the largest id: the one that never re-dialled before reconnection existed
    const victim = peers.reduce((x, y) => (y.id > x.id ? y : x));
    const others = peers.filter((p) => p !== victim);
    net!.pauseNode(victim.id, 5 * T);
    await run(clock, 5 * T);
    await waitFor(() => others.every((p) => !p.neighbours().includes(victim.id)), { what: 'its neighbours to declare it dead' });
    for (let i = 0; i < 10 && !others.every((p) => p.neighbours().includes(victim.id)); i++) {
      await run(clock, T);
      await settle();
    }
    await waitFor(() => others.every((p) => p.neighbours().includes(victim.id)), { what: 'every neighbour to link to it again' });
    expect(victim.running).toBe(true);
  });
});
