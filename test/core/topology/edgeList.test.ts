/**
 * Fixed topologies: parsing an edge list, and starting real peers on loopback wired exactly as
 * it says (instead of by preferential attachment), then gossiping over them.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkHost } from '../../../src/core/runtime/network';
import { EdgeListError, earlierNeighbours, parseEdgeList, topologyDegrees } from '../../../src/core/topology/edgeList';
import { waitFor } from '../../helpers/waitFor';

describe('parseEdgeList', () => {
  it('reads SNAP text: comments skipped, edges undirected, repeats and self-loops dropped, nodes breadth-first', () => {
    const t = parseEdgeList('# a comment\n10\t20\n20 10\n\n20 30\n30 30\n% another\n40 10\n50 60\n', 'g.txt');
    // degrees: 10 → 2, 20 → 2, 30 → 1, 40 → 1, 50 → 1, 60 → 1; breadth-first from 10, then 50's component
    expect(t.ids).toEqual(['10', '20', '40', '30', '50', '60']);
    expect(t.edges).toEqual([
      [0, 1],
      [0, 2],
      [1, 3],
      [4, 5],
    ]);
    expect(topologyDegrees(t)).toEqual([2, 2, 1, 1, 1, 1]);
    expect(earlierNeighbours(t)).toEqual([[], [0], [0], [1], [], [4]]);
  });

  it('numbers nodes so that every prefix of a connected graph is connected', () => {
    // a path written out of order: 5-3-1-0-2-4, listed scattered
    const t = parseEdgeList('0 2\n3 5\n1 0\n4 2\n3 1\n');
    for (let k = 1; k <= t.ids.length; k++) {
      const within = t.edges.filter(([, b]) => b < k).length;
      expect(within, `first ${k} nodes`).toBe(k - 1); // a path's connected k-node piece has k − 1 links
    }
  });

  it('names the file and line of a bad line, and refuses text without edges', () => {
    expect(() => parseEdgeList('1 2\n3\n', 'g.txt')).toThrow(new EdgeListError('g.txt:2: expected two node ids, found one: 3'));
    expect(() => parseEdgeList('1 2 3\n', 'g.txt')).toThrow(/g\.txt:1: expected two node ids, found 3 fields/);
    expect(() => parseEdgeList('# only a comment\n', 'g.txt')).toThrow(/no edges/);
  });

  it('reads the Gnutella 08 dataset: 6,301 peers and 20,777 links', () => {
    const t = parseEdgeList(readFileSync(new URL('../../../../shared/datasets/p2p-Gnutella08.txt', import.meta.url), 'utf8'));
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
