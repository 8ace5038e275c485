/**
 * A whole network on loopback: 3 seeds + 20 peers, real sockets. Registration with a majority,
 * the seeds' lists, connectivity, and exactly-once delivery of every gossip message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../../src/core/events';
import { NetworkHost } from '../../../src/core/runtime/network';
import { addrKey } from '../../../src/core/protocol/addr';
import { waitFor } from '../../helpers/waitFor';

const GOSSIP_COUNT = 4;

/** True when the undirected graph (nodes, links) is connected. */
function connected(nodes: string[], links: Array<[string, string]>): boolean {
  const adj = new Map(nodes.map((n) => [n, [] as string[]]));
  for (const [a, b] of links) {
    adj.get(a)?.push(b);
    adj.get(b)?.push(a);
  }
  const seen = new Set<string>([nodes[0]!]);
  const stack = [nodes[0]!];
  while (stack.length) {
    for (const m of adj.get(stack.pop()!) ?? []) {
      if (seen.has(m)) continue;
      seen.add(m);
      stack.push(m);
    }
  }
  return seen.size === nodes.length;
}

describe('3 seeds + 20 peers on loopback', () => {
  let net: NetworkHost;
  afterEach(async () => net.stopAll());

  it('registers each peer with exactly ⌊3/2⌋+1 = 2 seeds, and the seeds together list every peer', async () => {
    net = new NetworkHost({ randomSeed: 7, timing: { gossipCount: 0, livenessIntervalMs: 1000 } });
    for (let i = 0; i < 3; i++) await net.addSeed();
    const ids = await net.addPeers(20);
    expect(ids).toHaveLength(20);
    const seedIds = new Set(net.seeds().map((s) => s.id));
    for (const p of net.peers()) {
      const seeds = p.seeds().map(addrKey);
      expect(seeds).toHaveLength(2);
      expect(new Set(seeds).size).toBe(2);
      for (const s of seeds) expect(seedIds.has(s)).toBe(true);
      // each seed it chose has it, and the seed it did not choose does not
      for (const seed of net.seeds()) {
        expect(seed.peers().some((e) => addrKey(e) === p.id)).toBe(seeds.includes(seed.id));
      }
    }
    const union = new Set(net.seeds().flatMap((s) => s.peers().map(addrKey)));
    expect([...union].sort()).toEqual([...ids].sort());
    // the degrees the seeds hold are the peers' real degrees
    for (const seed of net.seeds()) {
      for (const e of seed.peers()) expect(e.degree).toBe((net.get(addrKey(e)) as { degree: number }).degree);
    }
    expect(connected(ids, net.links())).toBe(true);
  });

  it('delivers every one of the 20 × count messages to every live peer exactly once; the Message List drops the copies', async () => {
    net = new NetworkHost({ randomSeed: 11, timing: { gossipIntervalMs: 40, gossipCount: GOSSIP_COUNT, livenessIntervalMs: 1000 } });
    const events: NodeEvent[] = [];
    net.on((e) => events.push(e));
    for (let i = 0; i < 3; i++) await net.addSeed();
    await net.addPeers(20, { autoGossip: false });
    expect(connected(net.peers().map((p) => p.id), net.links())).toBe(true);
    net.startGossip();
    const total = 20 * GOSSIP_COUNT;
    await waitFor(() => net.peers().every((p) => p.messageList.size === total), { what: 'every Message List to hold every message', timeoutMs: 15_000 });

    const generated = events.filter((e) => e.type === 'gossip-generated');
    expect(generated).toHaveLength(total);
    expect(new Set(generated.map((e) => e.id)).size).toBe(total); // no two messages look alike
    const firsts = new Map<string, number>();
    for (const e of events) if (e.type === 'gossip-received') firsts.set(`${e.node} ${e.id}`, (firsts.get(`${e.node} ${e.id}`) ?? 0) + 1);
    for (const g of generated) {
      for (const p of net.peers()) {
        if (p.id === g.node) {
          expect(firsts.has(`${p.id} ${g.id}`)).toBe(false); // an origin never takes its own message back
          continue;
        }
        expect(firsts.get(`${p.id} ${g.id}`), `${p.id} got ${g.text}`).toBe(1);
      }
    }
    // flooding sends a message over every link except back to its sender: with E links and N
    // peers that is 2E − (N − 1) frames, of which N − 1 are first receipts; the rest are copies,
    // each dropped by a Message List (the last ones may still be on the wire: wait for them)
    const expectedCopies = total * (2 * net.links().length - 19 - 19);
    const copies = (): number => net.peers().reduce((n, p) => n + p.duplicatesDropped, 0);
    await waitFor(() => copies() >= expectedCopies, { what: `${expectedCopies} dropped copies` });
    expect(copies()).toBe(expectedCopies);
    // each first receipt came from a neighbour and went on to all the others
    const byId = new Map(net.peers().map((p) => [p.id, p]));
    for (const e of events) {
      if (e.type !== 'gossip-received') continue;
      const p = byId.get(e.node)!;
      expect(p.neighbours()).toContain(e.from);
      expect(e.forwarded).toBe(p.degree - 1);
    }
  });

  it('reproduces the same topology from the same random seed', async () => {
    const shape = async (seed: number): Promise<string[]> => {
      const h = new NetworkHost({ randomSeed: seed, timing: { gossipCount: 0, livenessIntervalMs: 1000 } });
      for (let i = 0; i < 3; i++) await h.addSeed();
      const ids = await h.addPeers(15);
      const index = new Map(ids.map((id, i) => [id, i]));
      const out = h.links().map(([a, b]) => [index.get(a)!, index.get(b)!].sort((x, y) => x - y).join('-')).sort();
      await h.stopAll();
      return out;
    };
    net = new NetworkHost();
    const a = await shape(42);
    const b = await shape(42);
    const c = await shape(43);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('keeps links symmetric when peers join at the same moment and dial each other', async () => {
    const { PeerNode } = await import('../../../src/core/peer/peerNode');
    const { seededRandom } = await import('../../../src/core/random');
    net = new NetworkHost({ randomSeed: 1, timing: { gossipCount: 0, livenessIntervalMs: 1000 } });
    await net.addSeed();
    await net.addPeers(2);
    const seeds = net.seedList();
    const events: NodeEvent[] = [];
    const peers = Array.from({ length: 6 }, (_, i) => new PeerNode({ host: '127.0.0.1', port: 0, seeds, gossipCount: 0, livenessIntervalMs: 1000, neighbours: 3, random: seededRandom(100 + i) }));
    for (const p of peers) p.on((e) => events.push(e));
    try {
      // all six register first, then all fetch lists and dial at once: some dial each other
      await Promise.all(peers.map((p) => p.start()));
      const byId = new Map(peers.map((p) => [p.id, p]));
      await waitFor(() => peers.every((p) => p.neighbours().every((n) => !byId.has(n) || byId.get(n)!.neighbours().includes(p.id))), {
        what: 'every link to be known at both ends',
      });
      expect(events.filter((e) => e.type === 'link-down')).toEqual([]);
      for (const p of peers) expect(p.degree).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all(peers.map((p) => p.stop()));
    }
  });
});
