/**
 * Failure detection with real sockets: a peer crashes (sockets destroyed, no goodbye); each
 * neighbour reports it after exactly `livenessMisses` missed replies, every seed drops it, and a
 * peer that joins later does not see it.
 *
 * The nodes run on a manual clock (test/helpers/manualClock.ts): a liveness round happens when
 * the test advances the clock one interval, and the next only once every reply of the round that
 * can come has come, so a live neighbour never misses a reply because the machine is busy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../../src/core/events';
import { NetworkHost } from '../../../src/core/runtime/network';
import type { PeerNode } from '../../../src/core/peer/peerNode';
import { addrKey } from '../../../src/core/protocol/addr';
import { waitFor } from '../../helpers/waitFor';
import { ManualClock, settle } from '../../helpers/manualClock';

const MISSES = 3;
/** On the manual clock; also the real connect timeout of a one-off probe, so not too short. */
const INTERVAL = 1_000;
/** A liveness request's timeout (liveness.ts): the whole detection window. */
const REQUEST_WINDOW = INTERVAL * MISSES;

/**
 * One liveness round: the clock moves one interval, every peer asks each neighbour; then waits
 * (real time) until every request of the round is answered or failed — no liveness request is
 * pending — so the next round counts only replies that really did not come.
 */
async function livenessRound(clock: ManualClock): Promise<void> {
  clock.advance(INTERVAL);
  await settle();
  await waitFor(() => clock.timers().every((t) => t.delay !== REQUEST_WINDOW), { what: 'the liveness round to be answered' });
}

describe('a peer killed abruptly', () => {
  let net: NetworkHost;
  afterEach(async () => net.stopAll());

  it('is reported dead by each neighbour after exactly `misses` missed replies and dropped by every seed', async () => {
    const clock = new ManualClock();
    net = new NetworkHost({ randomSeed: 3, clock, timing: { gossipCount: 0, livenessIntervalMs: INTERVAL, livenessMisses: MISSES } });
    const events: NodeEvent[] = [];
    net.on((e) => events.push(e));
    for (let i = 0; i < 3; i++) await net.addSeed();
    await net.addPeers(12);
    // the hub: the peer with the most neighbours, so several neighbours must detect it
    const victim = net.peers().reduce((a, b) => (b.degree > a.degree ? b : a));
    const neighbours = victim.neighbours();
    expect(neighbours.length).toBeGreaterThanOrEqual(2);
    const victimId = victim.id;
    const before = events.length;

    await net.killNode(victimId);

    // round 1 asks; rounds 2 … misses + 1 each count one more miss, the last one declares it dead
    const missesOf = (n: string): number[] =>
      events
        .slice(before)
        .filter((e) => e.type === 'liveness-missed' && e.node === n && e.neighbour === victimId)
        .map((e) => (e as { misses: number }).misses);
    for (let round = 1; round <= MISSES + 1; round++) {
      await livenessRound(clock);
      for (const n of neighbours) expect(missesOf(n), `${n} after round ${round}`).toEqual(Array.from({ length: round - 1 }, (_, i) => i + 1));
      if (round <= MISSES) expect(events.some((e) => e.type === 'dead-node-reported'), `reported after ${round} rounds`).toBe(false);
    }
    await waitFor(() => neighbours.every((n) => events.some((e) => e.type === 'dead-node-reported' && e.node === n && e.dead === victimId)), {
      what: 'every neighbour to report the dead peer',
    });
    await waitFor(() => net.seeds().every((s) => !s.peers().some((p) => addrKey(p) === victimId)), { what: 'every seed to drop it' });

    const after = events.slice(before);
    for (const n of neighbours) {
      const misses = after.filter((e) => e.type === 'liveness-missed' && e.node === n && e.neighbour === victimId);
      expect(misses.map((e) => (e as { misses: number }).misses)).toEqual(Array.from({ length: MISSES }, (_, i) => i + 1));
      const reports = after.filter((e) => e.type === 'dead-node-reported' && e.node === n && e.dead === victimId);
      expect(reports).toHaveLength(1);
      const report = reports[0] as Extract<NodeEvent, { type: 'dead-node-reported' }>;
      const [host, port] = victimId.split(':');
      expect(report.report).toMatch(new RegExp(`^Dead Node:${host}:${port}:\\d+:127\\.0\\.0\\.1$`));
      // reported to every seed of its list (not only the majority it registered with: the dead
      // peer registered with another majority), which acknowledged
      expect([...report.seeds].sort()).toEqual(net.seeds().map((s) => s.id).sort());
      expect((net.get(n) as PeerNode).neighbours()).not.toContain(victimId);
    }
    // every seed that listed it removed it as dead
    expect(after.some((e) => e.type === 'peer-removed' && e.peer === victimId && e.reason === 'dead')).toBe(true);
    for (const s of net.seeds()) expect(s.peers().map(addrKey)).not.toContain(victimId);
    // nobody else was declared dead
    expect(after.filter((e) => e.type === 'dead-node-reported' && e.dead !== victimId)).toEqual([]);

    // a peer that joins now does not get the dead peer in its lists
    const lists: string[][] = [];
    const off = net.on((e) => {
      if (e.type === 'peer-list') lists.push(e.peers.map(addrKey));
    });
    const [late] = await net.addPeers(1);
    off();
    expect(late).toBeDefined();
    expect(lists.length).toBe(2);
    for (const l of lists) expect(l).not.toContain(victimId);
    expect((net.get(late!) as PeerNode).neighbours()).not.toContain(victimId);
  });

  it('a graceful stop says goodbye: no liveness miss, and the seeds drop it as left', async () => {
    const clock = new ManualClock();
    net = new NetworkHost({ randomSeed: 5, clock, timing: { gossipCount: 0, livenessIntervalMs: INTERVAL, livenessMisses: MISSES } });
    const events: NodeEvent[] = [];
    net.on((e) => events.push(e));
    for (let i = 0; i < 3; i++) await net.addSeed();
    await net.addPeers(6);
    const leaving = net.peers()[2]!;
    const neighbours = leaving.neighbours();
    await net.stopNode(leaving.id);
    await waitFor(() => neighbours.every((n) => !(net.get(n) as PeerNode).neighbours().includes(leaving.id)), { what: 'neighbours to drop the link' });
    await waitFor(() => net.seeds().every((s) => !s.peers().some((p) => addrKey(p) === leaving.id)), { what: 'seeds to drop it' });
    // as many liveness rounds as would detect a crash: nobody asks after it any more
    for (let round = 1; round <= MISSES + 1; round++) await livenessRound(clock);
    expect(events.some((e) => e.type === 'peer-removed' && e.peer === leaving.id && e.reason === 'left')).toBe(true);
    expect(events.some((e) => e.type === 'liveness-missed' && e.neighbour === leaving.id)).toBe(false);
    expect(events.some((e) => e.type === 'dead-node-reported')).toBe(false);
  });
});
