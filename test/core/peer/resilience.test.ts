/**
 * A peer's lifecycle at the edges: stopped while it joins, a link reset under it, and a seed that
 * forgot it. Real sockets on loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../../src/core/events';
import { NetworkHost } from '../../../src/core/runtime/network';
import { SeedNode } from '../../../src/core/seed/seedNode';
import { PeerNode } from '../../../src/core/peer/peerNode';
import { addrKey } from '../../../src/core/protocol/addr';
import { waitFor } from '../../helpers/waitFor';
import { ManualClock } from '../../helpers/manualClock';

describe('peer resilience', () => {
  let net: NetworkHost;
  afterEach(async () => net.stopAll());

  it('stopped while it joins, it says so and does nothing after going down', async () => {
    net = new NetworkHost({ randomSeed: 4, timing: { gossipCount: 5, gossipIntervalMs: 20, livenessIntervalMs: 50 } });
    await net.addSeed();
    await net.addPeers(3);
    const peer = new PeerNode({ host: '127.0.0.1', port: 0, seeds: net.seedList(), gossipCount: 5, gossipIntervalMs: 20, livenessIntervalMs: 50 });
    const events: NodeEvent[] = [];
    let stopping: Promise<void> | undefined;
    peer.on((e) => {
      events.push(e);
      // stop it the moment it has registered with the seed, in the middle of its join
      if (e.type === 'registered') stopping ??= peer.stop();
    });
    const err = await peer.start().then(
      () => null,
      (e: Error) => e,
    );
    await stopping;
    expect(err?.message).toMatch(/stopped while joining/);
    const down = events.findIndex((e) => e.type === 'node-down');
    expect(down).toBeGreaterThan(-1);
    // wait a few liveness and gossip intervals: nothing may follow node-down
    const settled = events.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(events.length).toBe(settled);
    expect(events.slice(down + 1)).toEqual([]);
    expect(events.some((e) => e.type === 'joined' || e.type === 'gossip-generated')).toBe(false);
    // and no seed keeps it
    for (const s of net.seeds()) expect(s.peers().map(addrKey)).not.toContain(peer.id);
  });

  it('dials a link again when it was reset under a live neighbour, and gossip flows over it', async () => {
    // liveness runs on a manual clock: one round, when the test says, finds the link down
    const clock = new ManualClock();
    net = new NetworkHost({ randomSeed: 8, clock, timing: { gossipCount: 1, livenessIntervalMs: 1_000, livenessMisses: 3 } });
    const events: NodeEvent[] = [];
    net.on((e) => events.push(e));
    await net.addSeed();
    await net.addPeers(2, { autoGossip: false });
    const [a, b] = net.peers() as [PeerNode, PeerNode];
    expect(a.neighbours()).toEqual([b.id]);
    // reset the link from a's side: both ends see it close, with no goodbye
    const link = (a as unknown as { links: { map: Map<string, { conn: { destroy(): void } | null }> } }).links.map.get(b.id)!;
    link.conn!.destroy();
    const conns = (p: PeerNode): unknown => (p as unknown as { links: { map: Map<string, { conn: { isClosed: boolean } | null }> } }).links.map.get(a.id === p.id ? b.id : a.id)?.conn;
    await waitFor(() => [a, b].every((p) => conns(p) === null || (conns(p) as { isClosed: boolean }).isClosed), { what: 'both ends to see the link closed' });
    // one liveness round: each end finds the other alive over a one-off connection, and the
    // smaller id dials the link again
    clock.advance(1_000);
    await waitFor(() => conns(a) !== null && conns(b) !== null && !(conns(a) as { isClosed: boolean }).isClosed && !(conns(b) as { isClosed: boolean }).isClosed, {
      what: 'the link to be dialled again',
    });
    expect(events.filter((e) => e.type === 'dead-node-reported')).toEqual([]);
    // gossip crosses the restored link
    a.startGossip();
    await waitFor(() => b.messageList.size === 1, { what: 'b to receive a gossip message over the restored link' });
  });

  it('registers again with a seed that lost its registration (the seed restarted), with no degree change', async () => {
    net = new NetworkHost({ randomSeed: 9, timing: { gossipCount: 0, livenessIntervalMs: 10_000 }, limits: { registrationCheckMs: 200 } });
    await net.addSeed();
    await net.addPeers(2);
    const old = net.seeds()[0]!;
    const [a, b] = net.peers() as [PeerNode, PeerNode];
    // the seed crashes and comes back on the same address with an empty table
    await old.kill();
    const seed = new SeedNode({ host: old.addr.host, port: old.addr.port });
    await seed.start();
    try {
      // each peer's periodic registration check is answered not-registered: both register again
      await waitFor(() => [a.id, b.id].every((id) => seed.peers().some((p) => addrKey(p) === id)), { what: 'a and b to be registered again' });
      await waitFor(() => seed.peers().find((p) => addrKey(p) === a.id)?.degree === a.degree, { what: "a's degree at the new seed" });
    } finally {
      await seed.stop();
    }
  });
});
