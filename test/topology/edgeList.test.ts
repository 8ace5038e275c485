/**
 * Fixed topologies: parsing an edge list, and starting real peers on loopback wired exactly as
 * it says (instead of by preferential attachment), then gossiping over them.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkHost } from '../../src/core/host/network';
import { EdgeListError, earlierNeighbours, parseEdgeList, topologyDegrees } from '../../src/core/topology/edgeList';
import { waitFor } from '../helpers/waitFor';

describe('parseEdgeList', () => {
  it('reads SNAP text: comments skipped, edges undirected, repeats and self-loops dropped', () => {
    const t = parseEdgeList('# a comment\n10\t20\n20 10\n\n20 30\n30 30\n% another\n40 10\n', 'g.txt');
    expect(t.ids).toEqual(['10', '20', '30', '40']);
    expect(t.edges).toEqual([
      [0, 1],
      [1, 2],
      [0, 3],
    ]);
    expect(topologyDegrees(t)).toEqual([2, 2, 1, 1]);
    expect(earlierNeighbours(t)).toEqual([[], [0], [1], [0]]);
  });

  it('names the file and line of a bad line, and refuses text without edges', () => {
    expect(() => parseEdgeList('1 2\n3\n', 'g.txt')).toThrow(new EdgeListError('g.txt:2: expected two node ids, found one: 3'));
    expect(() => parseEdgeList('1 2 3\n', 'g.txt')).toThrow(/g\.txt:1: expected two node ids, found 3 fields/);
    expect(() => parseEdgeList('# only a comment\n', 'g.txt')).toThrow(/no edges/);
  });

  it('reads the Gnutella 08 dataset: 6,301 peers and 20,777 links', () => {
    const t = parseEdgeList(readFileSync(new URL('../../../shared/datasets/p2p-Gnutella08.txt', import.meta.url), 'utf8'));
    expect(t.ids).toHaveLength(6301);
    expect(t.edges).toHaveLength(20777);
  });
});

describe('a network started from an edge list', () => {
  let net: NetworkHost;
  afterEach(async () => net.stopAll());

  it('links exactly the listed pairs, reports exact degrees to the seeds, and floods every message to all', async () => {
    // a ring of 12 with two chords and a pendant: no preferential attachment could pick this
    const lines = Array.from({ length: 12 }, (_, i) => `n${i} n${(i + 1) % 12}`).concat(['n0 n6', 'n3 n9', 'n12 n5']);
    const t = parseEdgeList(lines.join('\n'));
    net = new NetworkHost({ randomSeed: 3, timing: { gossipIntervalMs: 100, gossipCount: 2, livenessIntervalMs: 1000 } });
    for (let i = 0; i < 3; i++) await net.addSeed();
    const ids = await net.addPeersFromTopology(t, { autoGossip: false, concurrency: 4 });
    expect(ids.every((id) => id !== null)).toBe(true);

    const want = t.edges.map(([a, b]) => [ids[a]!, ids[b]!].sort().join(' ')).sort();
    expect(net.links().map((l) => l.join(' ')).sort()).toEqual(want);
    const degrees = topologyDegrees(t);
    await waitFor(
      () => net.seeds().every((s) => s.peers().every((p) => p.degree === degrees[ids.indexOf(`${p.host}:${p.port}`)])),
      { what: 'every seed to hold each registered peer’s exact degree' },
    );

    const origins = net.startGossip({ origins: 3 });
    expect(origins).toHaveLength(3);
    await waitFor(() => net.peers().every((p) => p.messageList.size === 6), { what: 'all 6 messages to reach all 13 peers' });
  });
});
