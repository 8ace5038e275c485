/**
 * Overlay healing (issue 10, item 1) on real sockets: peers that lose neighbours to crashes ask
 * their seeds for a fresh list and link new ones, so after churn every live peer is in one
 * component again and messages created afterwards reach every live peer. Peers wired as an edge
 * list says do not heal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PeerNode } from '../../../src/core/peer/peerNode';
import { NetworkHost } from '../../../src/core/runtime/network';
import { parseEdgeList } from '../../../src/core/topology/edgeList';
import { waitFor } from '../../helpers/waitFor';

/** The connected components of the live peers' links. */
function components(peers: PeerNode[]): number {
  const live = new Set(peers.map((p) => p.id));
  const adj = new Map(peers.map((p) => [p.id, p.neighbours().filter((n) => live.has(n))]));
  const seen = new Set<string>();
  let count = 0;
  for (const start of live) {
    if (seen.has(start)) continue;
    count++;
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      for (const n of adj.get(stack.pop()!) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return count;
}

describe('healing after churn', () => {
  let net: NetworkHost;
  afterEach(async () => net.stopAll());

  it('re-links the survivors into one component after the hubs crash; new gossip reaches every live peer', { timeout: 60_000 }, async () => {
    net = new NetworkHost({ randomSeed: 11, timing: { gossipCount: 1, livenessIntervalMs: 150, livenessMisses: 2 } });
    await net.addSeed();
    await net.addSeed();
    await net.addPeers(16, { autoGossip: false });
    // kill the three best-connected peers: their neighbours lose links, some all of theirs
    const victims = [...net.peers()].sort((a, b) => b.degree - a.degree).slice(0, 3);
    const lost = new Set(victims.flatMap((v) => v.neighbours()));
    for (const v of victims) await net.killNode(v.id);
    const live = (): PeerNode[] => net.peers();
    // every survivor sees its dead neighbours go, and heals back to m = 2 (or as many as exist)
    await waitFor(() => live().every((p) => !p.neighbours().some((n) => victims.some((v) => v.id === n))), { what: 'the dead neighbours to be dropped', timeoutMs: 20_000 });
    await waitFor(() => live().every((p) => p.degree >= 2), { what: 'every survivor back to degree 2', timeoutMs: 20_000 });
    await waitFor(() => components(live()) === 1, { what: 'one component', timeoutMs: 20_000 });
    expect([...lost].filter((id) => live().some((p) => p.id === id)).length).toBeGreaterThan(0);
    // seeds agree with the live set: the crashed peers were removed
    await waitFor(() => net.seeds().every((s) => s.peers().every((e) => live().some((p) => p.addr.port === e.port))), { what: 'the seeds to drop the crashed peers', timeoutMs: 20_000 });
    // gossip created after healing reaches every live peer
    const origin = live()[0]!;
    origin.startGossip();
    const before = live().map((p) => p.messageList.size);
    await waitFor(() => live().every((p, i) => p === origin || p.messageList.size > before[i]!), { what: 'the new message at every live peer', timeoutMs: 10_000 });
  });

  it('does not heal peers wired as an edge list says', { timeout: 30_000 }, async () => {
    net = new NetworkHost({ randomSeed: 3, timing: { gossipCount: 0, livenessIntervalMs: 100, livenessMisses: 2 } });
    await net.addSeed();
    // a star: node 0 (numbered first, the best-connected) and three leaves
    const ids = await net.addPeersFromTopology(parseEdgeList('0 1\n0 2\n0 3\n', 'star'));
    await net.killNode(ids[0]!);
    const leaves = ids.slice(1).map((id) => net.get(id!) as PeerNode);
    await waitFor(() => leaves.every((l) => l.degree === 0), { what: 'the leaves to drop the dead centre', timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 1_000)); // several liveness intervals: no healing comes
    expect(leaves.map((l) => l.degree)).toEqual([0, 0, 0]);
  });
});
