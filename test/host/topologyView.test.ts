/**
 * The app's `openTopology` and `startTopology` commands on a real LabSession over loopback: the
 * summary of an opened edge list, peers wired exactly as it says (3 seeds started first when
 * there are none), the first K nodes only, gossip from K origins reaching every peer, and every
 * kind of bad input answered with a clear error — the open-file refusal included.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ccdf, degreeHistogram } from '../../src/core/analysis/degrees';
import { fitPowerLaw, powerLawCcdfLine } from '../../src/core/analysis/powerlaw';
import { PeerNode } from '../../src/core/peer/peerNode';
import { firstNodes } from '../../src/core/topology/edgeList';
import { parseEdgeList, topologyDegrees } from '../../src/core/topology/edgeList';
import { MAX_TOPOLOGY_TEXT } from '../../src/shared/types';
import { parseCommand } from '../../src/shared/validation';
import type { UiEvent } from '../../src/shared/types';
import { waitFor } from '../helpers/waitFor';
import { sessionPool, localNet } from './helpers';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/topology-30.txt');
const TEXT = readFileSync(FIXTURE, 'utf8');
const TOPOLOGY = parseEdgeList(TEXT);
const TIMING = { gossipIntervalMs: 100, gossipCount: 2, livenessIntervalMs: 2000 };

const newSession = sessionPool();

/** The reply's result, or a failed test with the error. */
function ok<T>(reply: { ok: true; result: T } | { ok: false; error: string }): T {
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

/** The reply's error, or a failed test. */
function error(reply: { ok: boolean; error?: string }): string {
  expect(reply.ok).toBe(false);
  return reply.error!;
}

const edgeKeys = (t: { edges: Array<[number, number]> }, ids: Array<string | null>): string[] =>
  t.edges.map(([a, b]) => [ids[a]!, ids[b]!].sort().join(' ')).sort();

describe('openTopology', () => {
  it('answers the summary (nodes, links, histogram, CCDF, fit), keeps it in the snapshot and tells the renderers', async () => {
    const session = newSession({ batchIntervalMs: 5 });
    const events: UiEvent[] = [];
    session.onBatch((b) => events.push(...b));
    const summary = ok(await session.execute('openTopology', { name: 'topology-30.txt', text: TEXT }));
    const degrees = topologyDegrees(TOPOLOGY);
    expect(summary).toEqual({
      name: 'topology-30.txt',
      nodes: 30,
      links: TOPOLOGY.edges.length,
      degrees,
      histogram: degreeHistogram(degrees),
      ccdf: ccdf(degrees),
      fit: fitPowerLaw(degrees),
      fitLine: powerLawCcdfLine(fitPowerLaw(degrees)!, Math.max(...degrees)),
    });
    expect(summary.fitLine[0]).toEqual({ degree: summary.fit!.xmin, p: summary.fit!.nTail / summary.fit!.n });
    expect(session.snapshot().topology).toEqual(summary);
    await waitFor(() => events.some((e) => e.kind === 'topology'), { what: 'the topology event' });
    expect(events.find((e) => e.kind === 'topology')).toEqual({ kind: 'topology', summary });
  });

  it('answers a clear error for a bad line (name:line), no edges, no name, or text over the limit', async () => {
    const session = newSession();
    expect(error(await session.execute('openTopology', { name: 'g.txt', text: '1 2\n2 3 4\n' }))).toBe('g.txt:2: expected two node ids, found 3 fields: 2 3 4');
    expect(error(await session.execute('openTopology', { name: 'g.txt', text: '# nothing\n' }))).toBe('g.txt: no edges found');
    expect(error(await session.execute('openTopology', { name: ' ', text: '1 2' }))).toMatch(/needs a name/);
    expect(error(await session.execute('openTopology', { name: 'g.txt', text: 42 }))).toMatch(/must be text/);
    const big = parseCommand('openTopology', { name: 'big.txt', text: '1 2\n'.repeat(MAX_TOPOLOGY_TEXT / 4 + 1) });
    expect(big).toEqual({ ok: false, error: 'the edge list is longer than 4 MiB' });
    expect(session.snapshot().topology).toBeNull();
  });
});

describe('startTopology', () => {
  it('starts 3 seeds when there are none, wires the peers exactly as the file says, and gossips from K origins to all', async () => {
    const session = newSession({ network: { timing: TIMING } });
    expect(error(await session.execute('startTopology', {}))).toBe('open an edge list first');
    ok(await session.execute('openTopology', { name: 'topology-30.txt', text: TEXT }));
    const r = ok(await session.execute('startTopology', { origins: 4 }));
    expect(r).toMatchObject({ name: 'topology-30.txt', nodes: 30, links: TOPOLOGY.edges.length, failed: 0 });
    expect(r.seedsStarted).toHaveLength(3);
    expect(localNet(session).seeds().map((s) => s.id).sort()).toEqual([...r.seedsStarted].sort());
    expect(r.peers.every((id) => id !== null)).toBe(true);
    expect(r.origins).toHaveLength(4);
    expect(r.fds.need).toBeGreaterThan(0);

    const links = localNet(session).links().map((l) => l.join(' ')).sort();
    expect(links).toEqual(edgeKeys(TOPOLOGY, r.peers));
    // 4 origins × 2 messages, each reaching all 30 peers
    await waitFor(() => localNet(session).peers().every((p) => p.messageList.size === 8), { what: '8 messages at all 30 peers', timeoutMs: 15_000 });
  });

  it('starts only the first K nodes next to the running seeds, every one of them gossiping without origins', async () => {
    const session = newSession({ network: { timing: TIMING } });
    ok(await session.execute('addSeed', {}));
    ok(await session.execute('openTopology', { name: 't', text: TEXT }));
    const r = ok(await session.execute('startTopology', { nodes: 10 }));
    const sub = firstNodes(TOPOLOGY, 10);
    expect(r.seedsStarted).toEqual([]);
    expect(r).toMatchObject({ nodes: 10, links: sub.edges.length, failed: 0 });
    expect(r.peers).toHaveLength(10);
    expect(r.origins.sort()).toEqual([...r.peers].sort());
    expect(localNet(session).links().map((l) => l.join(' ')).sort()).toEqual(edgeKeys(sub, r.peers));
    const peers = localNet(session).peers();
    await waitFor(() => peers.every((p) => p.messageList.size === 20), { what: '20 messages at all 10 peers', timeoutMs: 15_000 });
    expect(peers.every((p) => p instanceof PeerNode)).toBe(true);
  });

  it('refuses, starting nothing: node count or origins beyond the topology, and peers the open-file limit cannot hold', async () => {
    const session = newSession({ fdBudget: () => ({ soft: 300, hard: 300, inUse: 40 }) });
    ok(await session.execute('openTopology', { name: 't.txt', text: TEXT }));
    expect(error(await session.execute('startTopology', { nodes: 31 }))).toBe('node count 31 is more than the 30 nodes of t.txt');
    expect(error(await session.execute('startTopology', { nodes: 5, origins: 6 }))).toBe('origins (6) must be at most the node count (5)');
    expect(error(await session.execute('startTopology', { nodes: 0 }))).toBe('node count must be at least 1');
    expect(error(await session.execute('startTopology', { nodes: 2.5 }))).toBe('node count must be a whole number');
    const refused = error(await session.execute('startTopology', {}));
    expect(refused).toMatch(/^not enough open files for 30 nodes and \d+ links in one process: they need about \d+ file descriptors/);
    expect(refused).toContain('on top of the 40 open now');
    expect(refused).toContain('may open at most 300 (ulimit -n)');
    expect(refused).toMatch(/a node count of \d+ fits now/);
    expect(localNet(session).all()).toEqual([]);
  });
});
