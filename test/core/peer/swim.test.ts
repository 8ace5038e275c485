/**
 * The swim detector with real sockets on a manual clock: a crashed peer is suspected, then
 * declared dead exactly when the suspicion period runs out; a neighbour that cannot be reached
 * directly but answers through another is never suspected; a peer paused for longer than the
 * assignment detector's window is suspected and refutes, where the assignment detector reports it.
 *
 * The peers are wired as a complete graph of four (every peer has three neighbours, so each has
 * helpers for indirect probes). Time moves only when the test advances the clock; each step then
 * waits (real time) for what the step started.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../../src/core/events';
import { NetworkHost } from '../../../src/core/runtime/network';
import type { PeerNode } from '../../../src/core/peer/peerNode';
import { parseEdgeList } from '../../../src/core/topology/edgeList';
import { ManualClock, settle } from '../../helpers/manualClock';
import { waitFor } from '../../helpers/waitFor';

const T = 1_000;
const SUSPICION = 4; // intervals (the default)
const K4 = parseEdgeList('0 1\n0 2\n0 3\n1 2\n1 3\n2 3\n', 'K4');

async function complete4(detector: 'assignment' | 'swim', clock: ManualClock, events: NodeEvent[]): Promise<{ net: NetworkHost; peers: PeerNode[] }> {
  const net = new NetworkHost({ randomSeed: 11, clock, faults: true, detector, timing: { gossipCount: 0, livenessIntervalMs: T, livenessMisses: 3 } });
  net.on((e) => events.push(e));
  await net.addSeed();
  const ids = await net.addPeersFromTopology(K4, { autoGossip: false });
  const peers = ids.map((id) => net.get(id!) as PeerNode);
  expect(peers.map((p) => p.degree)).toEqual([3, 3, 3, 3]);
  return { net, peers };
}

/** Advances `ms` in steps of T/4, letting the I/O each step started finish before the next. */
async function run(clock: ManualClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += T / 4) {
    clock.advance(Math.min(T / 4, ms - t));
    await settle();
  }
}

const of = <K extends NodeEvent['type']>(events: NodeEvent[], type: K): Array<Extract<NodeEvent, { type: K }>> =>
  events.filter((e): e is Extract<NodeEvent, { type: K }> => e.type === type);

describe('the swim detector', () => {
  let net: NetworkHost | undefined;
  afterEach(async () => {
    await net?.stopAll();
    net = undefined;
  });

  it('suspects a crashed peer, then reports it dead when the suspicion period runs out', async () => {
    const clock = new ManualClock();
    const events: NodeEvent[] = [];
    const built = await complete4('swim', clock, events);
    net = built.net;
    const [victim, ...others] = built.peers;
    expect(others.every((p) => p.detector === 'swim')).toBe(true);
    await net.killNode(victim!.id);
    const crashAt = clock.now();

    clock.advance(T); // the period: each survivor probes the victim, directly and through the other two
    await waitFor(() => others.every((p) => of(events, 'suspect').some((e) => e.node === p.id && e.neighbour === victim!.id)), {
      what: 'every neighbour to suspect the crashed peer',
    });
    expect(of(events, 'dead-node-reported')).toHaveLength(0);
    const suspectedAt = Math.max(...of(events, 'suspect').map((e) => e.at));

    // the suspicion runs its whole period: no report one ms before it ends
    await run(clock, suspectedAt + SUSPICION * T - 1 - clock.now());
    expect(of(events, 'dead-node-reported')).toHaveLength(0);
    await run(clock, 1);
    await waitFor(() => others.every((p) => of(events, 'dead-node-reported').some((e) => e.node === p.id && e.dead === victim!.id)), {
      what: 'every neighbour to report the dead peer',
    });
    // detection within the floor: the suspicion period plus one probe interval
    for (const e of of(events, 'dead-node-reported')) expect(e.at - crashAt).toBeLessThanOrEqual((SUSPICION + 1) * T);
    expect(of(events, 'suspicion-refuted')).toHaveLength(0);
  });

  it('keeps a neighbour it cannot reach directly when another neighbour reaches it (indirect probe)', async () => {
    const clock = new ManualClock();
    const events: NodeEvent[] = [];
    const built = await complete4('swim', clock, events);
    net = built.net;
    const [a, b] = built.peers;
    net.faults!.setRules({ links: [{ a: a!.id, b: b!.id, loss: 1 }] }); // every frame between a and b is lost

    await run(clock, 6 * T);
    await waitFor(() => (a!.swimCounters()?.indirectAcks ?? 0) >= 3 && (b!.swimCounters()?.indirectAcks ?? 0) >= 3, {
      what: 'a and b to reach each other through the others',
    });
    expect(of(events, 'suspect')).toEqual([]);
    expect(of(events, 'dead-node-reported')).toEqual([]);
    expect(a!.neighbours()).toContain(b!.id);
  });

  it('lets a paused peer refute its suspicion, where the assignment detector reports it dead', async () => {
    const pauseMs = 4.5 * T; // longer than the assignment's window (3 missed intervals), shorter than swim's
    const outcome = async (detector: 'assignment' | 'swim'): Promise<{ reported: number; suspected: number; refuted: number }> => {
      const clock = new ManualClock();
      const events: NodeEvent[] = [];
      const built = await complete4(detector, clock, events);
      net = built.net;
      const victim = built.peers[0]!;
      net.pauseNode(victim.id, pauseMs);
      await run(clock, pauseMs + 4 * T);
      await settle();
      const result = {
        reported: of(events, 'dead-node-reported').filter((e) => e.dead === victim.id).length,
        suspected: of(events, 'suspect').filter((e) => e.neighbour === victim.id).length,
        refuted: of(events, 'suspicion-refuted').filter((e) => e.neighbour === victim.id).length,
      };
      await net.stopAll();
      net = undefined;
      return result;
    };
    const assignment = await outcome('assignment');
    expect(assignment.reported).toBeGreaterThan(0);
    const swim = await outcome('swim');
    expect(swim.suspected).toBeGreaterThan(0);
    expect(swim.refuted).toBe(swim.suspected);
    expect(swim.reported).toBe(0);
  });
});
