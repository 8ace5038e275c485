/**
 * A network in shard processes: real child processes (forked with the tsx loader), real TCP
 * between nodes in different shards. Peers join across shards, gossip reaches every peer, the
 * merged summary counts every receipt once, an edge list is wired exactly across shards, and a
 * shard that crashes is reported while the others go on.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../../../src/core/events';
import { DEFAULT_TIMING } from '../../../../src/core/peer/options';
import type { ShardExit } from '../../../../src/core/runtime/shard/shardedNetwork';
import { ShardedNetwork } from '../../../../src/core/runtime/shard/shardedNetwork';
import { parseEdgeList } from '../../../../src/core/topology/edgeList';
import { waitFor } from '../../../helpers/waitFor';

const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/shardEntry.ts');
const QUICK = { ...DEFAULT_TIMING, gossipIntervalMs: 100, gossipCount: 3, livenessIntervalMs: 60_000 };

describe('a sharded network', () => {
  let net: ShardedNetwork | undefined;
  afterEach(async () => {
    await net?.stopAll();
    net = undefined;
  });

  const start = (shards: number, timing = QUICK): Promise<ShardedNetwork> =>
    ShardedNetwork.start({ shards, timing, randomSeed: 5, entry: ENTRY, execArgv: ['--import', 'tsx'], niceness: 0, receiptSample: 1000 });

  it('joins peers in every shard into one network over TCP, and every message reaches every peer', { timeout: 60_000 }, async () => {
    net = await start(2);
    const events: NodeEvent[] = [];
    net.on((e) => events.push(e));
    expect(new Set(net.pids).size).toBe(2);
    expect(net.pids).not.toContain(process.pid);
    await net.addSeed();
    await net.addSeed();
    const ids = await net.addPeers(12, { autoGossip: false });
    expect(ids).toHaveLength(12);
    // the peers are spread over both shards, and some links cross between them
    const shardOf = new Map(ids.map((id) => [id, net!.shardOf(id)]));
    expect(new Set(shardOf.values())).toEqual(new Set([0, 1]));
    const nodes = await net.snapshot();
    const peers = nodes.filter((n) => n.role === 'peer');
    expect(peers).toHaveLength(12);
    const crossing = peers.flatMap((p) => p.neighbours.filter((q) => shardOf.get(q) !== shardOf.get(p.id)));
    expect(crossing.length).toBeGreaterThan(0);
    // every seed lists the peers that registered with it: with 2 seeds, ⌊2/2⌋+1 = both
    for (const s of nodes.filter((n) => n.role === 'seed')) expect(new Set(s.neighbours)).toEqual(new Set(ids));

    await net.startGossip();
    await waitFor(async () => (await net!.snapshot()).filter((n) => n.role === 'peer').every((p) => p.messages === 12 * QUICK.gossipCount), {
      what: 'every message in every Message List',
      timeoutMs: 30_000,
    });
    const summary = await net.summary();
    expect(summary.messages).toBe(12 * QUICK.gossipCount);
    expect(summary.coverage.every((c) => c === 1)).toBe(true);
    expect(summary.repeatedFirstReceipts).toBe(0);
    expect(summary.latencyMs.samples).toBe(12 * QUICK.gossipCount * 11);
    // the forwarded events carry the nodes' life: a node-up for each node, from its own shard
    expect(events.filter((e) => e.type === 'node-up')).toHaveLength(14);
  });

  it('wires an edge list exactly, across shards', { timeout: 60_000 }, async () => {
    net = await start(3);
    await net.addSeed();
    const topology = parseEdgeList('0 1\n1 2\n2 3\n3 0\n0 2\n4 0\n5 4\n', 'ring');
    const ids = await net.addPeersFromTopology(topology);
    expect(ids.every((id) => id !== null)).toBe(true);
    const byIndex = new Map(ids.map((id, i) => [id!, i]));
    const nodes = (await net.snapshot()).filter((n) => n.role === 'peer');
    const edges = new Set<string>();
    for (const n of nodes) for (const q of n.neighbours) edges.add([byIndex.get(n.id)!, byIndex.get(q)!].sort().join('-'));
    const expected = new Set(topology.edges.map(([a, b]) => [a, b].sort().join('-')));
    expect(edges).toEqual(expected);
  });

  it('reports a shard that crashes, and the other shards go on', { timeout: 60_000 }, async () => {
    net = await start(2);
    const exits: ShardExit[] = [];
    net.onShardExit((e) => exits.push(e));
    await net.addSeed(); // in shard 0
    const ids = await net.addPeers(6, { autoGossip: false });
    const inShard1 = ids.filter((id) => net!.shardOf(id) === 1);
    process.kill(net.pids[1]!, 'SIGKILL');
    await waitFor(() => exits.length === 1, { what: 'the shard exit to be reported' });
    expect(exits[0]).toMatchObject({ shard: 1, signal: 'SIGKILL', expected: false });
    expect(new Set(exits[0]!.nodes)).toEqual(new Set(inShard1));
    // shard 0 still serves: its nodes are there and it takes new peers
    const more = await net.addPeers(2, { autoGossip: false });
    expect(more).toHaveLength(2);
    expect((await net.snapshot()).filter((n) => n.role === 'peer' && n.running).length).toBeGreaterThanOrEqual(ids.length - inShard1.length + 2);
  });
});
